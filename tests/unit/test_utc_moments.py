"""Moments in a UTC column come back as the same aware moment on SQLite, whether SQLAlchemy's own
parsing or the faster `fromisoformat` reads the stored text."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, func, insert, select, text
from sqlalchemy.types import DateTime

from projections.db import UtcDateTime

ZONES = st.sampled_from([timezone.utc, timezone(timedelta(hours=2)), timezone(timedelta(hours=-9, minutes=-30))])
MOMENTS = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=ZONES)


@pytest.fixture(scope="module")
def table():
    engine = create_engine("sqlite://")
    moments = Table("moments", MetaData(), Column("id", Integer, primary_key=True), Column("at", UtcDateTime()))
    moments.create(engine)
    yield engine, moments
    engine.dispose()


@given(moment=MOMENTS)
def test_a_moment_reads_back_as_the_same_moment_in_utc(table, moment):
    engine, moments = table
    with engine.begin() as connection:
        connection.execute(moments.delete())
        connection.execute(insert(moments), {"id": 1, "at": moment})
        read, latest = connection.execute(select(moments.c.at, func.max(moments.c.at))).one()
        stored = connection.execute(text("SELECT at FROM moments")).scalar_one()
    assert read == latest == moment and read.tzinfo is timezone.utc
    plain = DateTime().dialect_impl(engine.dialect).result_processor(engine.dialect, None)(stored)  # its own
    assert read == plain.replace(tzinfo=timezone.utc)


def test_none_stays_none(table):
    engine, moments = table
    with engine.begin() as connection:
        connection.execute(moments.delete())
        connection.execute(insert(moments), {"id": 1, "at": None})
        assert connection.execute(select(moments.c.at)).scalar_one() is None
