"""The audit chain on the in-memory store: links per network, signed checkpoints, the chain table guarded."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from api.composition import at_rest_env, build
from api.settings import Settings
from domain.privacy import Vault
from projections.audit import canonical
from projections.audit.signing import Signer, new_private_key, trusted, verify_signature
from projections.audit.tables import checkpoints, links
from tests.builders import BY, network, stakeholder
from tests.conftest import Clock


@pytest.fixture
def services():
    built = build(Settings(database_url="memory://", master_key=Vault.new_master_key(),
                           signing_key=new_private_key(), _env_file=None), clock=Clock())
    built.audit.chain.every = 3
    yield built
    built.close()


def two_networks(app, contacts: int = 4):  # noqa: ANN001, ANN201
    a, b = network(app, "aalst"), network(app, "boom")
    sa, sb = stakeholder(app, a, "Amina"), stakeholder(app, b, "Bart")
    for i in range(contacts):
        for n, s in ((a, sa), (b, sb)):
            app.log_contact(n, stakeholder_id=s, channel="phone", initiated_by="us", purpose="check_in",
                            summary=f"call {i}", recorded_by=BY)
    return a, b


def chain_of(services, network_id):  # noqa: ANN001, ANN201
    with services.engine.connect() as connection:
        return list(connection.execute(select(links).where(links.c.network_id == network_id).order_by(links.c.seq)))


def test_each_network_has_its_own_chain_and_checkpoints_every_n(services):
    a, b = two_networks(services.app)
    services.audit.catch_up()
    for n in (a, b):
        rows = chain_of(services, n)
        assert [r.seq for r in rows] == list(range(1, 7))  # network, stakeholder, four contacts
        signed = services.audit.checkpoints(n)
        assert [(c["seq"], c["position"], c["link"]) for c in signed] == [(3, rows[2].position, rows[2].link),
                                                                          (6, rows[5].position, rows[5].link)]
    verdict = services.audit.verify()
    assert (verdict["ok"], verdict["checked"], verdict["checkpoints_checked"]) == (True, 12, 4)
    assert services.audit.verify(a)["checked"] == 6


def test_links_follow_from_the_stored_rows(services):
    a, _ = two_networks(services.app, contacts=1)
    services.audit.catch_up()
    prev = canonical.genesis(a)
    for row in chain_of(services, a):
        stored = services.app.recorder.select_notifications(start=row.position, limit=1)[0]
        prev = canonical.link(prev, position=row.position, originator_id=stored.originator_id,
                              originator_version=stored.originator_version, topic=stored.topic, state=stored.state)
        assert prev.hex() == row.link


def test_a_checkpoint_on_demand_covers_the_head_once(services):
    a, b = two_networks(services.app, contacts=2)  # four events per network: one past the last checkpoint
    signed = services.audit.checkpoint_now(a)
    assert [(c["network_id"], c["seq"]) for c in signed] == [(str(a), 4)]
    assert services.audit.checkpoint_now(a) == []
    assert [c["seq"] for c in services.audit.checkpoint_now()] == [4]  # b's head; a is covered
    assert services.audit.verify()["ok"]


def test_a_forged_signature_is_named_at_its_checkpoint(services):
    a, _ = two_networks(services.app)
    services.audit.catch_up()
    first = services.audit.checkpoints(a)[0]
    forged = Signer(new_private_key()).sign({k: first[k] for k in ("seq", "position", "link", "signed_at")}
                                            | {"network_id": a})
    with services.engine.begin() as connection:
        connection.execute(update(checkpoints).where(checkpoints.c.network_id == a, checkpoints.c.seq == first["seq"])
                           .values(signature=forged["signature"]))
    verdict = services.audit.verify()
    assert (verdict["ok"], verdict["first_bad_position"]) == (False, first["position"])
    assert verdict["problems"][0]["kind"] == "checkpoint"


def test_a_rewritten_chain_table_is_caught_by_the_signed_checkpoint(services):
    a, b = two_networks(services.app)
    services.audit.catch_up()
    rows = chain_of(services, a)
    # Someone with database access rewrites link 5 (after checkpoint 3, before checkpoint 6) and the link after it.
    with services.engine.begin() as connection:
        for row in rows[4:]:
            connection.execute(update(links).where(links.c.position == row.position).values(link="0" * 64))
    verdict = services.audit.verify()
    assert not verdict["ok"]
    assert verdict["first_bad_position"] == rows[3].position  # the first link no checkpoint vouches for any more
    assert services.audit.verify(b)["ok"]


def test_verify_trusts_only_the_current_key_until_checkpoints_are_signed_again(services):
    two_networks(services.app)
    services.audit.catch_up()
    previous = services.audit.public_key()["public_key"]
    services.audit.signer = services.audit.chain.signer = Signer(new_private_key())  # the key was rotated
    assert services.audit.verify()["problems"][0]["detail"].endswith("which is not trusted")
    assert services.audit.verify(also_trust=[previous])["ok"]
    assert services.audit.resign(previous) == 4
    assert services.audit.verify()["ok"]


def test_signatures_name_their_key():
    signer = Signer(new_private_key())
    signed = signer.sign({"network_id": "n", "seq": 1, "position": 1, "link": "ab", "signed_at": "t"})
    assert verify_signature(signed, trusted(signer.public_key)) is None
    assert verify_signature({**signed, "position": 2}, trusted(signer.public_key)) == "signature does not match"
    assert "not trusted" in verify_signature(signed, trusted(Signer(new_private_key()).public_key))


@pytest.mark.parametrize("state", [
    {"a": 1, "b": [1.5, -0.0, 1e300, None, True], "c": {"_type_": "uuid_hex", "_data_": "ab"}},
    {"name": "pd1:x/y+z==", "summary": "Zoë \u2028 \"quoted\" \\ tab\t 😀", "n": 12345678901234567890},
])
def test_state_json_is_reencoded_byte_for_byte(state):
    from eventsourcing.persistence import JSONTranscoder

    written = JSONTranscoder().encode(state)
    assert canonical.encode_state(json.loads(written)) == written


def test_at_rest_settings_decide_even_against_the_process_environment(monkeypatch):
    monkeypatch.setenv("LINKINGPIN_CIPHER_KEY", Vault.new_master_key())
    plain = Settings(database_url="memory://", master_key=Vault.new_master_key(), cipher_key=None, _env_file=None)
    assert at_rest_env(plain)["LINKINGPIN_CIPHER_KEY"] == ""
    services = build(plain)
    try:
        assert services.app.mapper.cipher is None and services.app.mapper.compressor is None
    finally:
        services.close()
    key = Vault.new_master_key()
    env = at_rest_env(Settings(database_url="memory://", cipher_key=key, _env_file=None))
    assert env["CIPHER_KEY"] == env["LINKINGPIN_CIPHER_KEY"] == key
    assert env["CIPHER_TOPIC"] == "eventsourcing.cryptography:AESCipher"
