"""Verify catches rows edited, deleted, inserted and reordered directly in the database, SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import select, update

from api.composition import build
from projections.audit import canonical
from projections.audit.tables import links
from tests.builders import BY, network, stakeholder
from tests.conftest import sqlite_settings

LINKINGPIN = str(Path(sys.executable).with_name("linkingpin"))


class Rows:
    """The event store's own table, written behind the application's back."""

    def __init__(self, services) -> None:  # noqa: ANN001
        recorder = services.app.recorder
        self.postgres = services.settings.is_postgres
        if self.postgres:
            import psycopg

            self.connection = psycopg.connect(services.settings.database_url, autocommit=True)
            self.table = f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'
            self.position, self.mark = "notification_id", "%s"
        else:
            self.connection = sqlite3.connect(services.settings.sqlite_path, isolation_level=None)
            self.table, self.position, self.mark = recorder.events_table_name, "rowid", "?"
        assert self.table.endswith('_events"') or self.table == "stored_events"  # the real names, checked

    def run(self, sql: str, *params: object) -> list:
        sql = sql.replace("{t}", self.table).replace("{p}", self.position).replace("?", self.mark)
        cursor = self.connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []

    def row(self, position: int) -> tuple:
        return self.run("SELECT originator_id, originator_version, topic, state FROM {t} WHERE {p} = ?", position)[0]

    def edit(self, position: int) -> None:
        state = bytes(self.row(position)[3]).replace(b'"recorded_by":"Test coordinator"', b'"recorded_by":"Someone"')
        self.run("UPDATE {t} SET state = ? WHERE {p} = ?", state, position)

    def delete(self, position: int) -> None:
        self.run("DELETE FROM {t} WHERE {p} = ?", position)

    def insert(self, position: int) -> None:
        """A forged event slipped in at `position`, the later rows renumbered to make room."""
        _, version, topic, state = self.row(position)
        self.run("UPDATE {t} SET {p} = -({p} + 1) WHERE {p} >= ?", position)
        self.run("UPDATE {t} SET {p} = -{p} WHERE {p} < 0")
        forged = uuid4() if self.postgres else uuid4().hex
        self.run("INSERT INTO {t} ({p}, originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?, ?)",
                 position, forged, version, topic, state)

    def swap(self, one: int, other: int) -> None:
        self.run("UPDATE {t} SET {p} = ? WHERE {p} = ?", -one, one)
        self.run("UPDATE {t} SET {p} = ? WHERE {p} = ?", one, other)
        self.run("UPDATE {t} SET {p} = ? WHERE {p} = ?", other, -one)

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def audited(store_settings, tmp_path):  # noqa: ANN001
    store_settings.signing_key_file = tmp_path / "data" / "signing.key"
    built = build(store_settings)
    yield built
    built.close()


@pytest.fixture
def history(audited):  # noqa: ANN001
    """Two networks whose events interleave; checkpoints every 3 events of a network."""
    services = audited
    services.audit.chain.every = 3
    app = services.app
    a, b = network(app, "aalst"), network(app, "boom")
    sa, sb = stakeholder(app, a, "Amina"), stakeholder(app, b, "Bart")
    for i in range(5):
        for n, s in ((a, sa), (b, sb)):
            app.log_contact(n, stakeholder_id=s, channel="phone", initiated_by="us", purpose="check_in",
                            summary=f"call {i}", recorded_by=BY)
    assert services.audit.verify()["ok"]
    rows = Rows(services)
    yield services, rows, a, b
    rows.close()


def positions(services, network_id) -> list[int]:  # noqa: ANN001
    with services.engine.connect() as connection:
        query = select(links.c.position).where(links.c.network_id == network_id).order_by(links.c.seq)
        return list(connection.execute(query).scalars())


@pytest.mark.parametrize(("tamper", "expected_kind"), [
    (lambda rows, p: rows.edit(p), "changed"),
    (lambda rows, p: rows.delete(p), "deleted"),
    (lambda rows, p: rows.insert(p), "changed"),  # the forged row sits where another event's link is
    (lambda rows, p: rows.swap(p, p + 3), "changed"),
])
def test_verify_names_the_first_tampered_position(history, tamper, expected_kind):
    services, rows, a, b = history
    target = positions(services, a)[3]  # a contact in network a, between its checkpoints
    tamper(rows, target)
    verdict = services.audit.verify()
    assert (verdict["ok"], verdict["first_bad_position"]) == (False, target)
    assert verdict["problems"][0]["kind"] == expected_kind


def test_a_deleted_last_row_and_a_gap_are_caught(history):
    services, rows, a, b = history
    last = positions(services, b)[-1]
    rows.delete(last)
    rows.delete(positions(services, a)[2])
    verdict = services.audit.verify(b)
    assert (verdict["ok"], verdict["first_bad_position"]) == (False, last)
    assert services.audit.verify()["first_bad_position"] == positions(services, a)[2]


def test_a_change_in_one_network_leaves_the_other_verifiable(history):
    services, rows, a, b = history
    rows.edit(positions(services, a)[1])
    assert not services.audit.verify(a)["ok"]
    assert services.audit.verify(b)["ok"]


def test_rows_and_links_rewritten_together_fail_the_signed_checkpoint(history):
    services, rows, a, b = history
    chain = positions(services, a)
    rows.edit(chain[4])  # seq 5: after checkpoint 3, before checkpoint 6
    forge_links_from(services, a, seq=5)
    verdict = services.audit.verify()
    assert not verdict["ok"] and [p["kind"] for p in verdict["problems"]] == ["checkpoint"]
    assert verdict["first_bad_position"] == chain[3]  # the first event after the last checkpoint that holds


def forge_links_from(services, network_id, *, seq: int) -> None:  # noqa: ANN001
    """What an attacker with database access would do: recompute the links after the edited row."""
    with services.engine.begin() as connection:
        chained = list(connection.execute(select(links).where(links.c.network_id == network_id)
                                          .order_by(links.c.seq)))
        prev = bytes.fromhex(chained[seq - 2].link)
        for row in chained[seq - 1:]:
            stored = services.app.recorder.select_notifications(start=row.position, limit=1)[0]
            prev = canonical.link(prev, position=row.position, originator_id=stored.originator_id,
                                  originator_version=stored.originator_version, topic=stored.topic, state=stored.state)
            connection.execute(update(links).where(links.c.position == row.position).values(link=prev.hex()))


def test_the_command_line_exits_non_zero_on_tampering(tmp_path):
    store_settings = sqlite_settings(tmp_path)
    store_settings.signing_key_file = tmp_path / "data" / "signing.key"
    services = build(store_settings)
    services.audit.chain.every = 1
    n = network(services.app)
    stakeholder(services.app, n)
    services.audit.catch_up()
    env = {**os.environ, "LINKINGPIN_DATABASE_URL": store_settings.database_url,
           "LINKINGPIN_MASTER_KEY_FILE": str(store_settings.master_key_file),
           "LINKINGPIN_SIGNING_KEY_FILE": str(store_settings.signing_key_file)}
    good = subprocess.run([LINKINGPIN, "audit", "verify"], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert good.returncode == 0, good.stderr
    rows = Rows(services)
    rows.edit(2)
    rows.close()
    services.close()
    bad = subprocess.run([LINKINGPIN, "audit", "verify"], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode == 1 and '"first_bad_position": 2' in bad.stdout
