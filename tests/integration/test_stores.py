"""The application on real stores: a SQLite file and a PostgreSQL server."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect, text

from api.composition import build
from domain.errors import Conflict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import BY, network, stakeholder
from tests.conftest import Clock
from tests.histories import History


def scenario(app):  # noqa: ANN001, ANN201
    n = network(app)
    s = stakeholder(app, n, "Samira El Idrissi", email="samira@school.example")
    k = stakeholder(app, n, "Karim Bouzid", sector="youth_work")
    app.log_contact(n, stakeholder_id=s, channel="phone", initiated_by="us", purpose="check_in",
                    summary="Samira told me about a pupil", recorded_by=BY)
    app.hold_meeting(n, title="Care team", format="homogeneous_group", recorded_by=BY,
                     attendees=[{"stakeholder_id": s, "attendance": "present"}, {"stakeholder_id": k}])
    e = app.agree_expectation(n, stakeholder_id=s, owed_by="us", description="Fact sheet for Samira",
                              due_on=date(2030, 1, 1), recorded_by=BY).id
    app.fulfil_expectation(n, e, recorded_by=BY)
    return n, s, k, e


def test_state_survives_a_restart(store_settings):
    first = build(store_settings)
    n, s, k, e = scenario(first.app)
    before = {i: first.app.aggregate(n, i) for i in (s, k, e)}
    first.close()
    second = build(store_settings)
    try:
        for object_id, aggregate in before.items():
            assert second.app.aggregate(n, object_id) == aggregate
        assert second.app.vault.open(s, second.app.stakeholder(n, s).name) == "Samira El Idrissi"
    finally:
        second.close()


def test_two_processes_updating_the_same_stakeholder_conflict(store_settings):
    one, two = build(store_settings), build(store_settings)
    try:
        n = network(one.app)
        s = stakeholder(one.app, n)
        version = two.app.stakeholder(n, s).version
        one.app.update_stakeholder(n, s, changes={"function": "A"}, expected_version=version, recorded_by=BY)
        with pytest.raises(Conflict):
            two.app.update_stakeholder(n, s, changes={"function": "B"}, expected_version=version, recorded_by=BY)
        # Without a version the library's optimistic concurrency still refuses a stale aggregate.
        stale = two.app.stakeholder(n, s)
        one.app.update_stakeholder(n, s, changes={"function": "C"}, recorded_by=BY)
        stale.update_profile(changes={"function": "D"}, occurred_at=two.app.clock(), recorded_by=BY)
        with pytest.raises(Conflict):
            two.app._save(stale)
        assert one.app.stakeholder(n, s).function == "C"
    finally:
        one.close()
        two.close()


def test_an_erased_name_appears_nowhere_in_the_sqlite_files(tmp_path):
    from tests.conftest import sqlite_settings

    built = build(sqlite_settings(tmp_path))
    n, s, _, _ = scenario(built.app)
    built.app.erase_stakeholder(n, s, recorded_by="DPO")
    built.close()
    files = list((tmp_path / "data").iterdir())
    assert any(f.name.endswith("-keys.sqlite") for f in files)
    for path in files:
        content = path.read_bytes()
        for secret in (b"Samira", b"samira@school", "Samira".encode("utf-16-le")):
            assert secret not in content, f"{secret!r} found in {path.name}"
    again = build(sqlite_settings(tmp_path))
    try:
        assert again.app.vault.open(s, again.app.stakeholder(n, s).name) is None
    finally:
        again.close()


@pytest.mark.postgres
def test_an_erased_name_appears_nowhere_in_postgres(pg_schema, tmp_path):
    from tests.conftest import postgres_settings

    url, schema = pg_schema
    built = build(postgres_settings(url, schema, tmp_path))
    try:
        n, s, k, _ = scenario(built.app)
        built.app.erase_stakeholder(n, s, recorded_by="DPO")
        with built.engine.connect() as connection:
            tables = inspect(connection).get_table_names(schema=schema)
            assert {"linkingpin_events", "personal_data_keys"} <= set(tables)
            for table in tables:
                dump = " ".join(str(row) for row in connection.execute(text(f'SELECT * FROM "{schema}"."{table}"')))
                assert "Samira" not in dump and "Karim" not in dump
        assert built.app.vault.open(k, built.app.stakeholder(n, k).name) == "Karim Bouzid"
    finally:
        built.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_histories_reload_identically_from_a_sqlite_file(tmp_path_factory, data):
    from tests.conftest import sqlite_settings

    folder = tmp_path_factory.mktemp("reload")
    writer = build(sqlite_settings(folder), clock=Clock())
    n = writer.app.create_network(slug="prop", name="Property network").id
    history = History(writer.app, n, data)
    history.run(data.draw(st.integers(1, 25), label="steps"))
    ids = history.people + history.asks + history.expectations + history.groups
    written = {i: writer.app.aggregate(n, i) for i in ids}
    writer.close()
    reader = build(sqlite_settings(folder))
    try:
        assert {i: reader.app.aggregate(n, i) for i in ids} == written
    finally:
        reader.close()
