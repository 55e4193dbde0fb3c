"""Ids read back as stored become UUIDs without UUID's constructor; they must be the same UUIDs."""

from __future__ import annotations

import pickle
from uuid import UUID, uuid4

from hypothesis import given
from hypothesis import strategies as st

from projections.reports.facts import StoredIds, as_uuid


@given(st.uuids())
def test_an_id_built_from_its_stored_text_is_the_uuid_itself(original):
    for made in (as_uuid(original.hex), StoredIds().of([original.hex])[0]):
        assert made == original and hash(made) == hash(original) and str(made) == str(original)
        assert made.is_safe == original.is_safe and made.version == original.version
        assert pickle.loads(pickle.dumps(made)) == original


def test_other_forms_go_through_uuids_own_checks():
    one = uuid4()
    assert as_uuid(one) is one  # PostgreSQL hands back UUIDs
    assert as_uuid(str(one)) == one
    assert StoredIds().of([one, str(one)]) == [one, one]


def test_stored_ids_build_each_id_once_and_keep_order_and_repeats():
    raws = [uuid4().hex for _ in range(5)]
    ids = StoredIds()
    first = ids.of(raws + raws[:2])
    assert first == [UUID(raw) for raw in raws + raws[:2]]
    assert first[0] is first[5] and ids.of(raws[:1])[0] is first[0] and ids[raws[1]] is first[1]


def test_stored_ids_take_any_iterable_once():
    raws = [uuid4().hex for _ in range(3)]
    assert StoredIds().of(raw for raw in raws) == [UUID(raw) for raw in raws]
