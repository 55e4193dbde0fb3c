"""The write-behind batch: statements grouped into executemany, never reordered across the tables they touch."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, create_engine, insert, select, text, update

from projections.batch import Batch
from projections.views.base import View, ViewRecorder

metadata = MetaData()
things = Table("things", metadata, Column("id", Integer, primary_key=True), Column("state", String(10)))
others = Table("others", metadata, Column("id", Integer, primary_key=True), Column("state", String(10)))
ADD_THING, ADD_OTHER = insert(things), insert(others)
SET_THING = update(things).where(things.c.id == bindparam("row_id")).values(state=bindparam("state"))


def flushed(batch: Batch) -> list[tuple]:
    """Flush into a fresh database; answer the things table as it ends up."""
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as connection:
        batch.flush(connection)
        return [tuple(r) for r in connection.execute(select(things).order_by(things.c.id))]


def add_thing(batch: Batch, row_id: int, state: str) -> None:
    batch.add_row(ADD_THING, things, ("id", "state"), {"id": row_id, "state": state})


def test_rows_of_one_shape_go_in_one_statement_across_other_tables():
    batch = Batch()
    for n in range(3):
        add_thing(batch, n, "new")
        batch.add_row(ADD_OTHER, others, ("id", "state"), {"id": n, "state": "new"})
    assert [(g.statement, len(g.rows)) for g in batch._groups] == [(ADD_THING, 3), (ADD_OTHER, 3)]
    assert flushed(batch) == [(0, "new"), (1, "new"), (2, "new")]
    assert batch._groups == []


def test_an_update_stays_after_the_insert_it_changes_and_before_later_inserts():
    batch = Batch()
    add_thing(batch, 1, "new")
    batch.add(SET_THING, {"row_id": 1, "state": "changed"}, tables=frozenset({"things"}))
    add_thing(batch, 2, "new")
    batch.add(SET_THING, {"row_id": 2, "state": "changed"}, tables=frozenset({"things"}))
    assert [g.statement for g in batch._groups] == [ADD_THING, SET_THING, ADD_THING, SET_THING]
    assert flushed(batch) == [(1, "changed"), (2, "changed")]


def test_a_statement_of_unknown_reach_is_a_barrier():
    batch = Batch()
    batch.add_row(ADD_OTHER, others, ("id", "state"), {"id": 1, "state": "new"})
    batch.add(text("UPDATE others SET state = 'seen'"))
    batch.add_row(ADD_OTHER, others, ("id", "state"), {"id": 2, "state": "new"})
    add_thing(batch, 1, "new")
    assert [len(g.rows) for g in batch._groups] == [1, 0, 1, 1]
    assert flushed(batch) == [(1, "new")]


def test_take_hands_over_the_queue_and_starts_empty():
    batch = Batch()
    add_thing(batch, 1, "new")
    taken = batch.take()
    add_thing(batch, 2, "new")
    assert [len(g.rows) for g in taken._groups] == [1] and [len(g.rows) for g in batch._groups] == [1]
    assert flushed(taken) == [(1, "new")]


class _Things(View):
    name = "things"

    def apply(self, domain_event: object) -> None:
        pass


def things_view() -> _Things:
    return _Things(ViewRecorder(create_engine("sqlite://"), view="things", generation="a",
                                tables=SimpleNamespace(things=things, others=others)))


def test_a_view_folds_an_update_into_the_row_it_inserted_in_the_same_batch():
    view = things_view()
    view.insert(things, {"id": 1, "state": "new"})
    view.update(things, 1, state="changed")
    assert [len(g.rows) for g in view._batch._groups] == [1]
    assert flushed(view._batch) == [(1, "changed")]


def test_a_statement_over_the_table_stops_later_updates_folding_into_earlier_inserts():
    view = things_view()
    view.insert(things, {"id": 1, "state": "new"})
    view.insert(others, {"id": 1, "state": "new"})
    view.prepared("seen", lambda: update(things).values(state="seen"), {}, things)
    view.update(things, 1, state="changed")  # must run after "seen", so it cannot fold into the insert
    view.update(others, 1, state="changed")  # another table: still folds
    assert [g.statement for g in view._batch._groups][-1] is not ADD_THING
    assert flushed(view._batch) == [(1, "changed")]
    assert view.pending_row(others, 1) == {"id": 1, "state": "changed"}


def test_json_columns_are_stored_as_the_text_json_dumps_would_give() -> None:
    """Views encode JSON without the cycle check; what lands in a column must not change because of it."""
    import json

    from sqlalchemy import JSON

    from projections.db import make_engine

    notes = Table("notes", MetaData(), Column("id", Integer, primary_key=True), Column("body", JSON))
    engine = make_engine("sqlite://")
    notes.metadata.create_all(engine)
    body = {"themes": ["école", "youth work"], "nested": {"n": 1, "none": None}, "ok": True}
    batch = Batch()
    batch.add_row(insert(notes), notes, ("id", "body"), {"id": 1, "body": body})
    with engine.begin() as connection:
        batch.flush(connection)
        connection.execute(insert(notes), {"id": 2, "body": body})  # SQLAlchemy's own path
        stored = connection.execute(text("SELECT body FROM notes ORDER BY id")).scalars().all()
    assert stored == [json.dumps(body), json.dumps(body)]


def _kept() -> Table:
    from sqlalchemy import Uuid

    from projections.db import UtcDateTime

    return Table("kept", MetaData(), Column("who", Uuid, primary_key=True), Column("at", UtcDateTime()),
                 Column("seen", Integer))


def test_upserts_on_sqlite_store_exactly_what_sqlalchemy_would() -> None:
    """Upserts and updates skip SQLAlchemy's per-execution work on SQLite; the text stored must not change."""
    from datetime import datetime, timedelta, timezone
    from uuid import uuid4

    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    from projections.db import make_engine

    kept = _kept()
    upsert = sqlite_insert(kept).values({c.name: bindparam(c.name) for c in kept.columns})
    upsert = upsert.on_conflict_do_update(index_elements=[kept.c.who], set_={"seen": kept.c.seen + upsert.excluded.seen})
    touch = update(kept).where(kept.c.who == bindparam("row_id")).values(at=bindparam("at"))
    berlin = timezone(timedelta(hours=1))
    people = [uuid4() for _ in range(3)]
    rows = [{"who": who, "at": datetime(2026, 1, n + 1, 9, tzinfo=berlin), "seen": n} for n, who in enumerate(people)]
    stored = []
    for fast in (True, False):
        engine = make_engine("sqlite://")
        kept.metadata.create_all(engine)
        with engine.begin() as connection:
            if fast:
                batch = Batch()
                for row in rows + rows[:1]:
                    batch.add(upsert, row, tables=frozenset({"kept"}))
                batch.add(touch, {"row_id": people[1], "at": datetime(2026, 2, 1, tzinfo=berlin)},
                          tables=frozenset({"kept"}))
                assert batch._positional(connection.dialect, batch._groups[0]) is not None
                batch.flush(connection)
            else:
                connection.execute(upsert, rows + rows[:1])
                connection.execute(touch, {"row_id": people[1], "at": datetime(2026, 2, 1, tzinfo=berlin)})
            stored.append(connection.execute(text("SELECT who, at, seen FROM kept ORDER BY who")).all())
    assert stored[0] == stored[1]
    assert sorted(seen for _, _, seen in stored[0]) == [0, 1, 2]  # the first person's upsert added 0 twice


def test_statements_with_list_or_constant_binds_are_left_to_sqlalchemy() -> None:
    batch = Batch()
    some = update(things).where(things.c.id.in_(bindparam("ids", expanding=True))).values(state=bindparam("state"))
    constant = update(things).where(things.c.id == bindparam("row_id")).values(state="fixed")
    add_thing(batch, 1, "new")
    add_thing(batch, 2, "new")
    batch.add(some, {"ids": [1, 2], "state": "listed"}, tables=frozenset({"things"}))
    batch.add(constant, {"row_id": 2}, tables=frozenset({"things"}))
    engine = create_engine("sqlite://")
    assert [batch._positional(engine.dialect, g) for g in batch._groups[1:]] == [None, None]
    assert flushed(batch) == [(1, "listed"), (2, "fixed")]
