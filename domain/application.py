"""The linkingpin application: command methods that get an aggregate, call one method, save.

One event store serves every network; each aggregate names its network and lookups across
networks answer NotFound, so data never crosses between networks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording, Transcoding

from domain.base import NetworkAggregate, set_recording_clock
from domain.checks import check_moment
from domain.commands.alerts import AlertCommands
from domain.commands.expectations import ExpectationCommands
from domain.commands.interactions import InteractionCommands
from domain.commands.networks import NetworkCommands
from domain.commands.people import PeopleCommands
from domain.commands.tokens import TokenCommands
from domain.errors import Conflict, NotFound
from domain.privacy import InMemoryKeyStore, Vault
from domain import receipt as once
from domain.receipt import AlreadyCarriedOut, Receipt, receipt_id

A = TypeVar("A", bound=Aggregate)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


@dataclass(frozen=True)
class Written:
    """What a command wrote: the object's id and the log position a reader can wait for."""

    id: UUID
    position: int | None


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Linkingpin(
    NetworkCommands, PeopleCommands, InteractionCommands, ExpectationCommands, TokenCommands, AlertCommands, Application,
):
    name = "linkingpin"
    env = {"AGGREGATE_CACHE_MAXSIZE": "2000", "COMPRESSOR_TOPIC": ""}

    def __init__(
        self, env: dict[str, str] | None = None, *, vault: Vault | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(env)
        self.vault = vault or Vault(InMemoryKeyStore(), master_key=Vault.new_master_key())
        self.clock = clock
        set_recording_clock(clock)  # recorded_at follows the same clock as occurred_at checks
        self._listeners: list[Callable[[int], None]] = []

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def on_saved(self, listener: Callable[[int], None]) -> None:
        """Call `listener(position)` after each save in this process (wakes in-process feeds)."""
        self._listeners.append(listener)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        if recordings:
            position = max(r.notification.id for r in recordings)
            for listener in self._listeners:
                listener(position)

    # Helpers shared by the command mixins.

    def _moment(self, value: datetime | None, field: str = "occurred_at") -> datetime:
        return self.clock() if value is None else check_moment(field, value, now=self.clock())

    def _get(self, kind: type[A], network_id: UUID, object_id: UUID, *, field: str = "id") -> A:
        try:
            aggregate = self.repository.get(object_id)
        except AggregateNotFoundError:
            aggregate = None
        if not isinstance(aggregate, kind) or getattr(aggregate, "network_id", aggregate.id) != network_id:
            raise NotFound(f"no {kind.__name__.lower()} {object_id} in this network", field=field)
        return aggregate

    def _save(self, *aggregates: Aggregate) -> int | None:
        receipt = self._receipt_for(aggregates[0])
        try:
            recordings = self.save(*aggregates, *([receipt] if receipt else []))
        except IntegrityError:
            if receipt is not None and self._carried_out(receipt.id):
                raise AlreadyCarriedOut(self._carried_out(receipt.id).object_id) from None
            raise Conflict("someone else changed this first; reload and try again") from None
        if receipt is not None:
            once.current.get().saved = True
        return max((r.notification.id for r in recordings), default=None)

    @contextmanager
    def once(self, network_id: UUID, *, scope: str, member: str) -> Iterator[None]:
        """Carry out the commands inside at most once for this request key (see domain/receipt.py)."""
        token = once.current.set(once.Once(network_id, scope, member))
        try:
            yield
        finally:
            once.current.reset(token)

    def _receipt_for(self, first: Aggregate) -> Receipt | None:
        request = once.current.get()
        if request is None or request.saved:
            return None
        earlier = self._carried_out(receipt_id(request.scope))
        if earlier is not None:
            raise AlreadyCarriedOut(earlier.object_id)
        return Receipt(network_id=request.network_id, scope=request.scope, object_id=first.id,
                       occurred_at=self.clock(), recorded_by=request.member)

    def _carried_out(self, receipt: UUID) -> Receipt | None:
        try:
            found = self.repository.get(receipt)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, Receipt) else None

    def _written(self, aggregate: Aggregate, *others: Aggregate) -> Written:
        return Written(aggregate.id, self._save(aggregate, *others))

    @staticmethod
    def _check_version(aggregate: Aggregate, expected_version: int | None) -> None:
        if expected_version is not None and expected_version != aggregate.version:
            raise Conflict(
                f"stale update: the object is at version {aggregate.version}, not {expected_version}",
                field="version",
            )

    def aggregate(self, network_id: UUID, object_id: UUID) -> NetworkAggregate:
        """Any object of the network, for read paths that only need its raw state."""
        return self._get(NetworkAggregate, network_id, object_id)


def seal_fields(vault: Vault, subject_id: UUID, fields: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The same fields, with the named ones sealed under the subject's key."""
    return {k: vault.seal(subject_id, v) if k in names else v for k, v in fields.items()}
