"""Filling views from empty with their secondary indexes set aside: same rows, every index made after."""

from __future__ import annotations

from sqlalchemy import inspect

from api.composition import build
from api.demo import load_demo
from projections import indexes
from tests.conftest import sqlite_settings
from tests.projection_checks import live_snapshot


def index_names(engine, tables: list[str]) -> set[str]:  # noqa: ANN001
    found = inspect(engine)
    return {index["name"] for table in tables for index in found.get_indexes(table)}


def secondary_names(services, generation: str) -> set[str]:  # noqa: ANN001
    catalog = services.views.catalog
    return {i.name for i in indexes.secondary(catalog.tables(name, generation) for name in catalog.views)}


def view_tables(services, generation: str) -> list[str]:  # noqa: ANN001
    catalog = services.views.catalog
    return [t.name for name in catalog.views for t in vars(catalog.tables(name, generation)).values()]


def test_a_fill_from_empty_sets_indexes_aside_and_makes_them_after(tmp_path):
    services = build(sqlite_settings(tmp_path))
    try:
        load_demo(services.app)
        runner = services.views.runner
        runner.bulk_backlog, runner.batch_size = 1, 100
        expected = secondary_names(services, "a")
        assert expected and expected <= index_names(services.engine, view_tables(services, "a"))
        seen_while_filling = []
        services.views.catch_up(progress=lambda _n: seen_while_filling.append(
            index_names(services.engine, view_tables(services, "a"))))
        assert len(seen_while_filling) > 1 and not any(expected & seen for seen in seen_while_filling)
        assert expected <= index_names(services.engine, view_tables(services, "a"))
        bulk = live_snapshot(services.views)
        runner.bulk_backlog = 10**9  # the same history, filled keeping the indexes up row by row
        services.views.rebuild()
        assert live_snapshot(services.views) == bulk
        assert secondary_names(services, "b") <= index_names(services.engine, view_tables(services, "b"))
    finally:
        services.close()


def test_a_view_caught_up_or_short_of_the_backlog_keeps_its_indexes(tmp_path):
    services = build(sqlite_settings(tmp_path))
    try:
        load_demo(services.app)
        expected = secondary_names(services, "a")
        seen = []
        services.views.catch_up(progress=lambda _n: seen.append(index_names(services.engine, view_tables(services, "a"))))
        assert seen and all(expected <= names for names in seen)  # the demo is far short of 50,000 events
    finally:
        services.close()


def test_indexes_a_dead_fill_left_missing_are_made_at_start_up(tmp_path):
    services = build(sqlite_settings(tmp_path))
    catalog = services.views.catalog
    aside = indexes.secondary(catalog.tables(name, "a") for name in catalog.views)
    with services.engine.begin() as connection:
        indexes.set_aside(connection, aside)
    assert not {i.name for i in aside} & index_names(services.engine, view_tables(services, "a"))
    services.close()
    again = build(sqlite_settings(tmp_path))
    try:
        assert {i.name for i in aside} <= index_names(again.engine, view_tables(again, "a"))
    finally:
        again.close()
