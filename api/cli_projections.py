"""`linkingpin projections status|rebuild`."""

from __future__ import annotations

import typer

projections_cli = typer.Typer(help="Read models: position, lag, rebuild.", no_args_is_help=True)


@projections_cli.command("status")
def status() -> None:
    """Position and lag of every view."""
    from api.cli import services

    with services() as s:
        s.views.catch_up()
        for row in s.views.status():
            typer.echo(f"{row['view']:<12} generation {row['generation']}  position {row['position']:>9}  "
                       f"head {row['head']:>9}  lag {row['lag']}")


@projections_cli.command("rebuild")
def rebuild(view: str = typer.Argument(None, help="One view; all views when omitted.")) -> None:
    """Rebuild views from scratch; the old view stays readable until the new one is ready."""
    from api.cli import services

    with services() as s:
        names = [view] if view else list(s.views.catalog.views)
        unknown = [n for n in names if n not in s.views.catalog.views]
        if unknown:
            typer.secho(f"error: unknown view {unknown[0]!r}; views: {', '.join(s.views.catalog.views)}",
                        fg=typer.colors.RED, err=True)
            raise typer.Exit(2)
        with typer.progressbar(length=s.views.runner.head(), label=f"Rebuilding {', '.join(names)}") as bar:
            applied = s.views.rebuild(*names, progress=bar.update)
        typer.echo(f"{', '.join(names)}: {applied} events applied; now active")
