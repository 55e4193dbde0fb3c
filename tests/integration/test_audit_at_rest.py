"""Encryption of the whole event store at rest: switched on, rotated and off again with `rekey`, while the
chain, its signed checkpoints and the export stay exactly the same; altered ciphertext is named by verify."""

from __future__ import annotations

import json

import pytest
from pydantic import SecretStr

from api.composition import build
from domain.privacy import Vault
from projections.audit.rekey import RekeyFailed
from tests.builders import BY, network, stakeholder


def reopen(settings, key: str | None):  # noqa: ANN001, ANN201
    settings.cipher_key = SecretStr(key) if key else None
    return build(settings)


def raw_states(services) -> list[bytes]:  # noqa: ANN001
    return [n.state for n in services.app.recorder.select_notifications(start=1, limit=1000)]


def is_plain_json(state: bytes) -> bool:
    """Ciphertext starts with a random nonce, which may well be a "{"; only plain JSON parses."""
    try:
        json.loads(state)
    except ValueError:
        return False
    return True


def test_rekey_turns_encryption_on_rotates_it_and_turns_it_off(store_settings, tmp_path):
    store_settings.signing_key_file = tmp_path / "signing.key"
    first = reopen(store_settings, None)
    first.audit.chain.every = 2
    n = network(first.app)
    s = stakeholder(first.app, n, "Samira El Idrissi")
    for _ in range(3):
        first.app.log_contact(n, stakeholder_id=s, channel="phone", initiated_by="us", purpose="check_in",
                              recorded_by=BY)
    exported = "".join(first.audit.export())
    assert first.audit.verify()["checkpoints_checked"] == 2
    first.close()
    old, new = Vault.new_master_key(), Vault.new_master_key()
    for key, previous, events in ((old, None, 5), (new, old, 5), (None, new, 5)):
        services = reopen(store_settings, key)
        try:
            assert services.audit.rekey(old_cipher_key=previous) == {"rewritten": events, "current": 0}
            assert services.audit.rekey(old_cipher_key=previous) == {"rewritten": 0, "current": events}
            assert all(is_plain_json(state) is (key is None) for state in raw_states(services))
            verdict = services.audit.verify()
            assert verdict["ok"] and verdict["checkpoints_checked"] == 2
            assert "".join(services.audit.export()) == exported
            assert services.app.stakeholder(n, s).version == 1
        finally:
            services.close()


def test_rekey_with_the_wrong_old_key_stops_and_says_where(store_settings, tmp_path):
    store_settings.signing_key_file = tmp_path / "signing.key"
    services = reopen(store_settings, Vault.new_master_key())
    network(services.app)
    services.close()
    services = reopen(store_settings, Vault.new_master_key())
    try:
        with pytest.raises(RekeyFailed, match="position 1"):
            services.audit.rekey(old_cipher_key=Vault.new_master_key())
    finally:
        services.close()


def test_altered_ciphertext_is_named_by_verify(store_settings, tmp_path):
    store_settings.signing_key_file = tmp_path / "signing.key"
    services = reopen(store_settings, Vault.new_master_key())
    try:
        n = network(services.app)
        stakeholder(services.app, n)
        stakeholder(services.app, n, "Karim")
        assert services.audit.verify()["ok"]
        from projections.audit.rawstore import raw_store

        flipped = bytearray(raw_states(services)[1])
        flipped[-1] ^= 1
        raw_store(services.app.recorder).update_states([(2, bytes(flipped))])
        verdict = services.audit.verify()
        assert (verdict["ok"], verdict["first_bad_position"], verdict["problems"][0]["kind"]) == (False, 2, "unreadable")
        # Altered before the chain reached it: the chain stops there, and verify names it all the same.
        stakeholder(services.app, n, "Bart")
        stakeholder(services.app, n, "Lotte")
        raw_store(services.app.recorder).update_states([(4, b"not what was written")])
        verdict = services.audit.verify(n)
        assert [(p["position"], p["kind"]) for p in verdict["problems"]] == [(2, "unreadable"), (4, "unreadable")]
        assert (verdict["chained_to"], verdict["unchained"]) == (3, 1)
    finally:
        services.close()
