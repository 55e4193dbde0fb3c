"""Results of one `python -m bench` run: a markdown table per section and a plot of cost against size."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


@dataclass
class Row:
    section: str
    label: str
    size: int  # events in the history measured (or events written, for ingestion)
    value: float
    unit: str
    ratio: float | None = None  # against the section's baseline, measured in the same run
    note: str = ""


def machine() -> str:
    cores = len(__import__("os").sched_getaffinity(0))
    memory = _memory_gb()
    return f"{platform.processor() or platform.machine()}, {cores} cores, {memory:.0f} GB RAM, " \
           f"{platform.system()} {platform.release()}, Python {platform.python_version()}"


def _memory_gb() -> float:
    try:
        with open("/proc/meminfo") as meminfo:
            return int(meminfo.readline().split()[1]) / 1024 / 1024
    except OSError:
        return 0.0


def markdown(rows: list[Row], *, title: str, notes: list[str]) -> str:
    lines = [f"# {title}", "", f"Machine: {machine()}.", "", *notes, ""]
    for section in dict.fromkeys(r.section for r in rows):
        lines += [f"## {section}", "", "| measurement | history (events) | value | unit | ratio | note |",
                  "|---|---|---|---|---|---|"]
        for r in (r for r in rows if r.section == section):
            ratio = "" if r.ratio is None else f"{r.ratio:.2f}"
            lines.append(f"| {r.label} | {r.size:,} | {r.value:,.1f} | {r.unit} | {ratio} | {r.note} |")
        lines.append("")
    return "\n".join(lines)


def write(rows: list[Row], *, title: str, notes: list[str], folder: Path = RESULTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "results.md"
    path.write_text(markdown(rows, title=title, notes=notes))
    plot(rows, folder / "cost.png")
    return path


def plot(rows: list[Row], path: Path) -> None:
    """Microseconds per event against history size, one line per operation that reads the whole history."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib not installed: `make bench` installs it; no plot)")
        return
    series: dict[str, list[tuple[int, float]]] = {}
    for r in rows:
        if r.unit == "events/s" and r.value and r.section.startswith("Read side"):
            series.setdefault(r.label, []).append((r.size, 1e6 / r.value))
    figure, axes = plt.subplots(figsize=(8, 5))
    for label, points in series.items():
        if len(points) > 1:
            points.sort()
            axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("history size (events)")
    axes.set_ylabel("cost (microseconds per event)")
    axes.set_title("linkingpin: cost against history size (2-core machine, shared)")
    if axes.get_lines():
        axes.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
