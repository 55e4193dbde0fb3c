"""`linkingpin audit verify|export|import|replay|pubkey` (and checkpoint, resign, rekey for key rotation)."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import typer

audit_cli = typer.Typer(help="Audit: verify the history, export and import it, replay it to any moment.",
                        no_args_is_help=True)


def _moment(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not an ISO 8601 time", param_hint=option) from None
    if found.tzinfo is None:
        raise typer.BadParameter("give the time with its offset, e.g. 2026-03-01T00:00:00+01:00", param_hint=option)
    return found


def _network(s: Any, slug: str | None) -> UUID | None:  # noqa: ANN401 - Services, imported lazily
    return None if slug is None else s.app.network_by_slug(slug).id


def _json(value: Any) -> str:  # noqa: ANN401
    def default(o: object) -> str:
        if isinstance(o, (datetime, date)):
            return o.isoformat()
        if isinstance(o, UUID):
            return str(o)
        raise TypeError(f"{type(o).__name__} is not JSON serialisable")

    return json.dumps(value, default=default, ensure_ascii=False, indent=2)


@audit_cli.command("verify")
def verify(
    network: str = typer.Option(None, help="Verify one network's chain (default: every network)."),
    trust_pubkey: list[str] = typer.Option([], help="Also trust checkpoints signed by this public key (repeatable)."),
) -> None:
    """Recompute the chain from the stored events and check every checkpoint; exit status 1 on any disagreement."""
    from api.cli import services

    with services() as s:
        verdict = s.audit.verify(_network(s, network), also_trust=trust_pubkey)
    typer.echo(_json(verdict))
    if not verdict["ok"]:
        typer.secho(f"audit chain broken: first bad position {verdict['first_bad_position']}",
                    fg=typer.colors.RED, err=True)
        raise typer.Exit(1)


@audit_cli.command("export")
def export(
    network: str = typer.Option(None, help="One network's events (default: every network)."),
    from_: str = typer.Option(None, "--from", help="Recorded at or after this time (ISO 8601 with offset)."),
    to: str = typer.Option(None, help="Recorded at or before this time (ISO 8601 with offset)."),
) -> None:
    """Write the event log as JSON Lines to standard output; personal fields stay sealed."""
    from api.cli import services

    since, until = _moment(from_, "--from"), _moment(to, "--to")
    out = sys.stdout.buffer  # bytes, so the file is UTF-8 whatever the terminal's locale
    with services() as s:
        for line in s.audit.export(network_id=_network(s, network), since=since, until=until):
            out.write(line.encode("utf-8"))
    out.flush()


@audit_cli.command("import")
def import_(file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A file written by audit export.")) -> None:
    """Load an export into an EMPTY store: the same events at the same positions, the same chain and views."""
    from api.cli import services
    from projections.audit.importer import ImportRefused
    from projections.audit.rawstore import StoreNotEmpty, Unsupported

    with services() as s:
        try:
            with file.open(encoding="utf-8", newline="") as lines:
                count = s.audit.import_lines(lines)
        except (ImportRefused, StoreNotEmpty, Unsupported) as error:
            typer.secho(f"error: {error}; nothing imported", fg=typer.colors.RED, err=True)
            raise typer.Exit(2) from None
        s.views.catch_up()
    typer.echo(f"imported {count} events; views and audit chain rebuilt")


@audit_cli.command("replay")
def replay(
    as_of: str = typer.Option(..., help="The moment T: events that occurred by T (ISO 8601 with offset)."),
    known_at: str = typer.Option(None, help="Only what was recorded by K (default: now)."),
    view: str = typer.Option(None, help="One report (default: every report)."),
    network: str = typer.Option(None, help="Network slug (may be left out when the store has one network)."),
) -> None:
    """Any report as of T (and as known at K), as JSON: the same answer as the API's ?as_of=&known_at=."""
    from api.cli import services
    from projections.reports.registry import REPORTS

    if view is not None and view not in REPORTS:
        raise typer.BadParameter(f"unknown report {view!r}; reports: {', '.join(REPORTS)}", param_hint="--view")
    moment = {"as_of": _moment(as_of, "--as-of"), "known_at": _moment(known_at, "--known-at")}
    with services() as s:
        s.views.catch_up()  # no background feed runs in the command line; as-of replays read the event log view
        network_id = _network(s, network) or _only_network(s)
        names = [view] if view else list(REPORTS)
        found = {name: s.views.report(name, network_id, **moment) for name in names}
    typer.echo(_json(found[view] if view else found))


def _only_network(s: Any) -> UUID:  # noqa: ANN401
    s.audit.catch_up()
    networks = s.audit.networks()
    if len(networks) != 1:
        typer.secho(f"error: the store holds {len(networks)} networks; name one with --network",
                    fg=typer.colors.RED, err=True)
        raise typer.Exit(2)
    return networks[0]


@audit_cli.command("pubkey")
def pubkey() -> None:
    """Print the public key that verifies checkpoints (base64 of the raw Ed25519 key), alone on the last line."""
    from api.cli import services

    with services() as s:
        found = s.audit.public_key()
    typer.echo(f"Ed25519 key {found['key_id']}:")
    typer.echo(found["public_key"])


@audit_cli.command("checkpoint")
def checkpoint(network: str = typer.Option(None, help="One network (default: every network).")) -> None:
    """Sign a checkpoint now at the head of each chain that has moved since its last one."""
    from api.cli import services

    with services() as s:
        signed = s.audit.checkpoint_now(_network(s, network))
    typer.echo(_json(signed))


@audit_cli.command("resign")
def resign(previous_pubkey: str = typer.Option(..., help="The public key before the rotation.")) -> None:
    """After rotating the signing key: verify with the previous key, then sign every checkpoint with the new one."""
    from api.cli import services
    from projections.audit.service import ResignRefused

    with services() as s:
        try:
            count = s.audit.resign(previous_pubkey)
        except ResignRefused as error:
            typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
            raise typer.Exit(1) from None
    typer.echo(f"re-signed {count} checkpoints")


@audit_cli.command("rekey")
def rekey(old_key_file: Path = typer.Option(None, exists=True, dir_okay=False,
                                            help="A file holding the previous LINKINGPIN_CIPHER_KEY.")) -> None:
    """Re-encode every stored event under the current cipher settings (encrypt, rotate the key, or decrypt)."""
    from api.cli import services
    from projections.audit.rawstore import Unsupported
    from projections.audit.rekey import RekeyFailed

    old = old_key_file.read_text().strip() if old_key_file else None
    with services() as s:
        try:
            counts = s.audit.rekey(old_cipher_key=old)
        except (RekeyFailed, Unsupported) as error:
            typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
            raise typer.Exit(2) from None
    typer.echo(f"re-encoded {counts['rewritten']} events; {counts['current']} were already current")
