"""`linkingpin alerts scan|subscribe|unsubscribe`."""

from __future__ import annotations

from datetime import datetime

import typer

alerts_cli = typer.Typer(help="Alerts: scan now, and who gets the email digest.", no_args_is_help=True)


def _moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        typer.secho("error: --as-of must be a date and time with a UTC offset, e.g. 2026-06-01T07:00:00+02:00",
                    fg=typer.colors.RED, err=True)
        raise typer.Exit(2)
    return moment


@alerts_cli.command("scan")
def scan_command(
    network: str = typer.Option(None, help="Network slug; every network when omitted."),
    as_of: str = typer.Option(None, "--as-of", help="Scan as of this moment (ISO 8601 with offset); default now."),
) -> None:
    """Run the neglect, overuse and overdue-expectation scans now, then deliver if no scheduler is running."""
    from api.cli import services
    from api.composition import alert_runtime, leadership_for
    from scheduler.outbox import deliver_pending
    from scheduler.scan import network_ids, scan

    at = _moment(as_of)
    with services() as s:
        s.views.catch_up()
        ids = [s.app.network_by_slug(network).id] if network else network_ids(s.views)
        for network_id in ids:
            s.views.catch_up()  # no feed runs in this process, and each scan writes events
            counts = scan(s, network_id, at=at, recorded_by="cli")
            typer.echo(f"{s.app.network(network_id).slug}: {counts['raised']} raised, {counts['resolved']} resolved")
        leadership = leadership_for(s.settings)
        if not leadership.try_acquire():
            typer.echo("the running scheduler delivers them")
            return
        try:
            delivered = deliver_pending(alert_runtime(s))
        finally:
            leadership.release()
        typer.echo("deliveries: " + (", ".join(f"{n} {result}" for result, n in sorted(delivered.items())) or "none"))


@alerts_cli.command("subscribe")
def subscribe(
    network: str = typer.Option(..., help="Network slug."),
    member: str = typer.Option(..., help="The member (as named on their token)."),
    email: str = typer.Option(..., help="Where the digest goes."),
    kind: list[str] = typer.Option(None, help="Only these alert kinds (repeatable); all when omitted."),
) -> None:
    """Send the member the email digest of new and still-open alerts."""
    from api.cli import services

    with services() as s:
        network_id = s.app.network_by_slug(network).id
        s.app.subscribe_to_digest(network_id, member=member, email=email, kinds=kind or None, recorded_by="cli")
        typer.echo(f"{member} gets the alert digest of {network}")


@alerts_cli.command("unsubscribe")
def unsubscribe(
    network: str = typer.Option(..., help="Network slug."),
    member: str = typer.Option(..., help="The member (as named on their token)."),
) -> None:
    """Stop sending the member the email digest."""
    from api.cli import services

    with services() as s:
        s.app.unsubscribe_from_digest(s.app.network_by_slug(network).id, member=member, recorded_by="cli")
        typer.echo(f"{member} no longer gets the alert digest of {network}")
