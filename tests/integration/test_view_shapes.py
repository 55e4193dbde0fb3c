"""Views made in an older shape are remade and refilled from the log on start; views in the current shape are kept."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from uuid import UUID

from sqlalchemy import Index, MetaData, inspect, select

from api.composition import Services, build
from projections import tracking
from projections.catalog import VIEWS, Catalog
from projections.views.directory import DirectoryView
from projections.views.directory import define as directory_define
from tests.conftest import sqlite_settings
from tests.builders import network, stakeholder


def define_with_an_extra_index(metadata: MetaData, prefix: str) -> SimpleNamespace:
    tables = directory_define(metadata, prefix)
    tables.stakeholders.append_constraint(Index(f"ix_{prefix}stakeholders_by_name", "name"))
    return tables


class NewDirectoryView(DirectoryView):
    define = staticmethod(define_with_an_extra_index)


def positions(engine) -> dict[str, int]:  # noqa: ANN001
    with engine.connect() as connection:
        return tracking.positions(connection)


@contextmanager
def one_person_caught_up(settings) -> Iterator[tuple[Services, UUID]]:  # noqa: ANN001
    """A store with one stakeholder whose views are at the head of the log."""
    services = build(settings)
    try:
        n = network(services.app)
        stakeholder(services.app, n)
        services.views.catch_up()
        yield services, n
    finally:
        services.close()


def test_a_view_in_another_shape_is_remade_and_caught_up_from_the_log(tmp_path):
    with one_person_caught_up(sqlite_settings(tmp_path)) as (services, _):
        before = positions(services.engine)
        head = services.views.runner.head()
        assert before["directory:a"] == head and before["activity:a"] == head

        changed = Catalog({**VIEWS, "directory": NewDirectoryView})
        changed.create(services.engine)
        after = positions(services.engine)
        assert after["directory:a"] == 0 and after["activity:a"] == head  # only the reshaped view starts over
        people = changed.tables("directory", "a").stakeholders
        with services.engine.connect() as connection:
            assert connection.execute(select(people)).all() == []
            names = {i["name"] for i in inspect(connection).get_indexes("a_stakeholders")}
        assert "ix_a_stakeholders_by_name" in names

        Catalog({**VIEWS, "directory": NewDirectoryView}).create(services.engine)  # same shape again: kept
        assert positions(services.engine) == after

        services.views.catch_up()
        assert positions(services.engine)["directory:a"] == head
        with services.engine.connect() as connection:
            assert len(connection.execute(select(people)).all()) == 1


def test_views_in_the_current_shape_survive_a_restart(tmp_path):
    settings = sqlite_settings(tmp_path)
    with one_person_caught_up(settings) as (services, n):
        before = positions(services.engine)
    again = build(settings)
    try:
        assert positions(again.engine) == before
        assert again.views.page("stakeholders", n, limit=10)["items"]
    finally:
        again.close()
