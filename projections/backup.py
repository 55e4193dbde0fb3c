"""Backups of the embedded store, and the erasures a restore must apply again.

The SQLite file holds the event log, every read model, the audit chain, stored idempotent answers
and the scheduler's jobs: one online backup of it is one consistent moment of all of them. The
personal-data key store is a second file, backed up apart on purpose (docs/guarantees.md): a key
destroyed by an erasure must never come back from a backup, so a restore never lets an older key
store overrule a live one, and always destroys again the key of every erasure in the restored log.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.utils import get_topic

from domain.stakeholder import Stakeholder

EVENTS_TABLE = "stored_events"
KEYS_TABLE = "personal_data_keys"
ERASED_TOPIC = get_topic(Stakeholder.PersonalDataErased)
LOCK_WAIT_SECONDS = 30


class BackupError(Exception):
    """A backup or restore that was refused or failed; nothing was replaced."""


@dataclass(frozen=True)
class Copied:
    path: Path
    rows: int  # events in an event-store file, keys in a key-store file
    head: int  # the last event's position (0 for a key store)
    size: int


def backup_file(source: Path, target: Path, *, table: str = EVENTS_TABLE) -> Copied:
    """A consistent copy of a live SQLite file while others keep writing to it.

    One backup step copies every page inside one read transaction: in WAL mode writers go on, and the
    copy is the database as of that transaction's start. The copy is checked, then moved into place.
    """
    if not source.is_file():
        raise BackupError(f"there is no database file at {source}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source, timeout=LOCK_WAIT_SECONDS)) as live, closing(sqlite3.connect(partial)) as copy:
        live.backup(copy)  # pages=-1: all pages in one step, hence one snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    copied = check_file(partial, table=table)
    _durably_replace(partial, target)
    return Copied(path=target, rows=copied.rows, head=copied.head, size=copied.size)


def restore_file(backup: Path, target: Path, *, table: str = EVENTS_TABLE) -> Copied:
    """Put a backup in place of a SQLite file that nothing has open (stop serve and worker first)."""
    checked = check_file(backup, table=table)
    partial = target.with_name(target.name + ".restoring")
    partial.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(backup)) as source, closing(sqlite3.connect(partial)) as copy:
        source.backup(copy)
    # A -wal file left beside the old database would be replayed onto the restored one: remove it first.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    _durably_replace(partial, target)
    return Copied(path=target, rows=checked.rows, head=checked.head, size=target.stat().st_size)


def check_file(path: Path, *, table: str = EVENTS_TABLE) -> Copied:
    """Refuse a file that is not an intact linkingpin database of the expected kind."""
    if not path.is_file():
        raise BackupError(f"there is no backup file at {path}")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            verdict = db.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":
                raise BackupError(f"{path} is damaged: {verdict}")
            head = "max(rowid)" if table == EVENTS_TABLE else "0"
            rows, last = db.execute(f'SELECT count(*), coalesce({head}, 0) FROM "{table}"').fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a linkingpin {_kind(table)} ({error})") from None
    return Copied(path=path, rows=rows, head=last, size=path.stat().st_size)


def live_keys(path: Path) -> int:
    """How many keys a key-store file holds (0 when there is no such file or table)."""
    if not path.is_file():
        return 0
    try:
        with closing(sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS)) as db:
            return db.execute(f'SELECT count(*) FROM "{KEYS_TABLE}"').fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # a file without the table holds no keys


def erased_subjects(recorder: ApplicationRecorder, *, batch: int = 1000) -> list[UUID]:
    """Every stakeholder whose erasure the log records, read by topic (no decoding, works encrypted)."""
    found: list[UUID] = []
    start = 1
    while True:
        notifications = recorder.select_notifications(start=start, limit=batch, topics=[ERASED_TOPIC])
        found.extend(n.originator_id for n in notifications)
        if len(notifications) < batch:
            return found
        start = notifications[-1].id + 1


def _kind(table: str) -> str:
    return "event store" if table == EVENTS_TABLE else "key store"


def _durably_replace(partial: Path, target: Path) -> None:
    # The rename is atomic; the fsyncs make sure a crash leaves the old file or the whole new one.
    with open(partial, "rb") as written:
        os.fsync(written.fileno())
    os.replace(partial, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
