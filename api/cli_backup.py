"""`linkingpin backup PATH [--keys FILE]` and `linkingpin restore [PATH] [--keys FILE] [--finish]`.

SQLite is copied online with the sqlite3 backup API; PostgreSQL is dumped with pg_dump (the procedure
is in docs/guarantees.md) and finished with `restore --finish`. Personal-data keys are never inside the
event-store backup: erasure destroys keys, and a key must not come back with an old file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

import typer

from api.settings import Settings
from projections.backup import (
    EVENTS_TABLE, KEYS_TABLE, BackupError, Copied, backup_file, check_file, erased_subjects, live_keys, restore_file,
)

POSTGRES_HINT = """On PostgreSQL, back up with pg_dump and restore with pg_restore (docs/guarantees.md):
  pg_dump --format=custom --schema=SCHEMA --exclude-table-data='SCHEMA.personal_data_keys' --file=FILE URL
then, after pg_restore, run `linkingpin restore --finish`."""


def backup(
    path: Path = typer.Argument(..., dir_okay=False, help="File to write the event store and read models to."),
    keys: Path = typer.Option(None, "--keys", dir_okay=False,
                              help="Also copy the personal-data key store here; keep it apart and short-lived."),
) -> None:
    """Copy the store while it runs: events, read models, audit chain, all as of one moment."""
    settings = Settings()
    database, keystore = _files(settings)
    _refuse_same(path, keys, database, keystore)
    copied = _guarded(backup_file, database, path)
    typer.echo(f"backed up {copied.rows} events (up to position {copied.head}) to {path} ({copied.size} bytes)")
    if keys is not None:
        copied = _guarded(backup_file, keystore, keys, table=KEYS_TABLE)
        typer.echo(f"backed up {copied.rows} personal-data keys to {keys}")
    else:
        typer.echo("personal-data keys are not in this backup: the live key store (or --keys) holds them")


def restore(
    path: Path = typer.Argument(None, dir_okay=False, help="A file written by `linkingpin backup`."),
    keys: Path = typer.Option(None, "--keys", dir_okay=False,
                              help="A key-store backup, only for a key store that was lost (refused over live keys)."),
    finish: bool = typer.Option(False, "--finish",
                                help="Only re-apply erasures, catch up and verify (after pg_restore)."),
) -> None:
    """Put a backup in place (serve and worker stopped), re-apply every erasure it records, and verify."""
    settings = Settings()
    if path is None and keys is None and not finish:
        raise typer.BadParameter("give a backup file, --keys, or --finish")
    if path is None and keys is None:
        _finish(settings)
        return
    files = _files(settings)
    with _store_stopped(settings):  # held until the end, so that no server starts on a half-finished store
        _restore_files(files, path=path, keys=keys)
        _finish(settings)


@contextmanager
def _store_stopped(settings: Settings) -> Iterator[None]:
    from api.composition import leadership_for

    leadership = leadership_for(settings)  # serve and worker hold this lock while they run
    if not leadership.try_acquire():
        _fail("a linkingpin serve or worker is running on this store; stop it first")
    try:
        yield
    finally:
        leadership.release()


def _restore_files(files: tuple[Path, Path], *, path: Path | None, keys: Path | None) -> None:
    database, keystore = files
    chosen = [(given, target, table) for given, target, table in
              ((path, database, EVENTS_TABLE), (keys, keystore, KEYS_TABLE)) if given is not None]
    for given, _, table in chosen:  # both files are checked before either replaces anything
        _guarded(check_file, given, table=table)
    if keys is not None and live_keys(keystore):
        _fail(f"the live key store {keystore} still holds keys; a key missing from it was erased, and restoring "
              "an older copy would bring it back. Move the damaged key store away first if it must be replaced.")
    for given, target, table in chosen:
        copied = _guarded(restore_file, given, target, table=table)
        typer.echo(f"restored {target.name} from {given} ({_rows(copied, table)})")


def _finish(settings: Settings) -> None:
    """What every restore ends with: erasures destroyed again, chain and views at the head, the chain verified."""
    from api.composition import build

    built = build(settings)
    try:
        erased = erased_subjects(built.app.recorder)
        for subject in erased:
            built.app.vault.shred(subject)  # a key restored with an old key store, or kept by a crash mid-erasure
        built.views.catch_up()
        verdict = built.audit.verify()
    finally:
        built.close()
    typer.echo(f"erasures re-applied: {len(erased)}; audit verify: {'ok' if verdict['ok'] else 'FAILED'} "
               f"({verdict['checked']} events checked)")
    if not verdict["ok"]:
        _fail(f"audit verify found problems; first bad position {verdict['first_bad_position']}", code=1)


def _files(settings: Settings) -> tuple[Path, Path]:
    from sqlalchemy.engine import make_url

    if settings.is_postgres:
        _fail(POSTGRES_HINT)
    keystore = make_url(settings.resolved_keystore_url())
    if settings.sqlite_path is None or keystore.drivername != "sqlite" or not keystore.database:
        _fail("backup and restore handle SQLite files; this store is neither SQLite nor PostgreSQL")
    return settings.sqlite_path, Path(keystore.database)


def _refuse_same(path: Path, keys: Path | None, database: Path, keystore: Path) -> None:
    chosen = [path.resolve()] + ([keys.resolve()] if keys else [])
    if len(set(chosen)) < len(chosen) or {database.resolve(), keystore.resolve()} & set(chosen):
        _fail("write the backup and the key backup to two files of their own, not over the live store")


def _rows(copied: Copied, table: str) -> str:
    return f"{copied.rows} keys" if table == KEYS_TABLE else f"{copied.rows} events up to position {copied.head}"


def _guarded(step: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
    try:
        return step(*args, **kwargs)
    except BackupError as error:
        _fail(str(error))


def _fail(message: str, *, code: int = 2) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)
