"""The `linkingpin` command line."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

import typer

from api.cli_alerts import alerts_cli
from api.cli_audit import audit_cli
from api.cli_backup import backup, restore
from api.cli_projections import projections_cli
from api.composition import Services, build
from api.settings import Settings
from domain.access import Role
from domain.errors import DomainError

cli = typer.Typer(help="linkingpin: feed your prevention network, pick your battles.", no_args_is_help=True)
network_cli = typer.Typer(help="Networks (one per municipality).", no_args_is_help=True)
token_cli = typer.Typer(help="Access tokens for members.", no_args_is_help=True)
cli.add_typer(network_cli, name="network")
cli.add_typer(token_cli, name="token")
cli.add_typer(projections_cli, name="projections")
cli.add_typer(alerts_cli, name="alerts")
cli.add_typer(audit_cli, name="audit")
cli.command()(backup), cli.command()(restore)


@contextmanager
def services() -> Iterator[Services]:
    built = build(Settings())
    try:
        yield built
    except DomainError as error:
        typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    finally:
        built.close()


@network_cli.command("create")
def network_create(
    slug: str,
    name: str = typer.Option(..., help="The network's display name."),
    timezone: str = typer.Option("Europe/Brussels", help="IANA time zone for schedules and dates."),
) -> None:
    """Create a network."""
    with services() as s:
        written = s.app.create_network(slug=slug, name=name, timezone=timezone, recorded_by="cli")
        typer.echo(f"created network {slug} ({written.id})")


@token_cli.command("create")
def token_create(
    network: str = typer.Option(..., help="Network slug."),
    role: Role = typer.Option(..., help="viewer, coordinator, auditor or admin."),
    member: str = typer.Option(..., help="Who the token belongs to."),
) -> None:
    """Create a token; it is printed once, alone on the last line."""
    with services() as s:
        network_id = s.app.network_by_slug(network).id
        written, secret = s.app.issue_token(network_id, member=member, role=role.value, recorded_by="cli")
        typer.echo(f"token {written.id} for {member} ({role.value}) in {network}:")
        typer.echo(secret)


@cli.command()
def demo() -> None:
    """Load the demo network (idempotent) and print a coordinator token for it, alone on the last line."""
    from api.demo import count_steps, load_demo
    from api.demo_data import SLUG

    with services() as s:
        with typer.progressbar(length=count_steps(), label="Loading the demo network", file=None) as bar:
            loaded = load_demo(s.app, progress=bar.update)
        typer.echo("demo network loaded" if loaded else "demo network already present; nothing added")
        network_id = s.app.network_by_slug(SLUG).id
        _, secret = s.app.issue_token(network_id, member="Demo coordinator", role="coordinator", recorded_by="cli")
        typer.echo(f"network: {SLUG}; a coordinator token to try:")
        typer.echo(secret)


@cli.command()
def serve(
    host: str = typer.Option(None, help="Interface to listen on (default from settings)."),
    port: int = typer.Option(None, help="Port (default from settings)."),
) -> None:
    """Run the API (with projections and scheduler) in one process on the configured store."""
    import uvicorn

    from api.app import create_app
    from api.logging_config import server_logging

    settings = Settings()
    built = build(settings)
    host, port = host or settings.host, port or settings.port
    built.start_background()
    typer.echo(f"linkingpin serving on http://{host}:{port} (store: {_store_label(settings)})")
    app = create_app(built)
    settle_heap()
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", log_config=server_logging())
    finally:
        built.close()


@cli.command()
def worker() -> None:
    """Run projections and the scheduler without the API, for deployments with several API processes."""
    import signal
    import threading

    settings = Settings()
    built = build(settings)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    built.start_background()
    settle_heap()
    typer.echo(f"linkingpin worker running (store: {_store_label(settings)}); Ctrl-C stops it")
    try:
        stop.wait()
    finally:
        built.close()


def settle_heap() -> None:
    """What start-up built lives as long as the process: moved out of the collector's sight, so full
    collections stop walking it (they cost 25 to 45 ms per report call on a large network)."""
    gc.collect()
    gc.freeze()


def _store_label(settings: Settings) -> str:
    return "PostgreSQL" if settings.is_postgres else f"SQLite file {settings.sqlite_path}"


def main() -> None:
    cli()
