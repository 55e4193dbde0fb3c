"""The vault: sealing personal text per subject and shredding it by destroying the key."""

from __future__ import annotations

import uuid

import pytest

from domain.privacy import InMemoryKeyStore, Vault


def vault(keys=None) -> Vault:  # noqa: ANN001
    return Vault(keys or InMemoryKeyStore(), master_key=Vault.new_master_key(), cache_seconds=0)


def test_seal_and_open_round_trip_per_subject():
    v, a, b = vault(), uuid.uuid4(), uuid.uuid4()
    sealed = v.seal(a, "Amina Diallo")
    assert "Amina" not in sealed and v.open(a, sealed) == "Amina Diallo"
    assert v.seal(a, "Amina Diallo") != sealed  # fresh nonce every time
    assert v.open(b, v.seal(b, "x")) == "x"
    assert v.seal(a, "") == "" and v.open(a, "") == ""


def test_shredding_one_subject_leaves_the_others_readable():
    v, a, b = vault(), uuid.uuid4(), uuid.uuid4()
    sa, sb = v.seal(a, "Amina"), v.seal(b, "Bart")
    v.shred(a)
    assert v.open_many({a: [sa], b: [sb]}) == {a: [None], b: ["Bart"]}
    assert not v.has_key(a) and v.has_key(b)


def test_keys_are_wrapped_with_the_master_key():
    keys = InMemoryKeyStore()
    v, a = vault(keys), uuid.uuid4()
    sealed = v.seal(a, "Amina")
    other_master = Vault(keys, master_key=Vault.new_master_key(), cache_seconds=0)
    with pytest.raises(ValueError, match="cipher"):
        other_master.open(a, sealed)


def test_a_shred_in_another_process_is_seen_once_the_cache_expires():
    keys = InMemoryKeyStore()
    here = Vault(keys, master_key=(master := Vault.new_master_key()), cache_seconds=0)
    there = Vault(keys, master_key=master, cache_seconds=0)
    a = uuid.uuid4()
    sealed = here.seal(a, "Amina")
    assert there.open(a, sealed) == "Amina"
    here.shred(a)
    assert there.open(a, sealed) is None
