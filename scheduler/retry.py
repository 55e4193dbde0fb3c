"""The one retry policy of deliveries: exponential backoff with jitter, bounded in attempts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter, wait_random

from domain.alert import DeliveryResult
from domain.errors import Conflict
from scheduler.runtime import DeliveryConfig

T = TypeVar("T")


class RetryLater(Exception):
    """An attempt failed in a way that another attempt may fix."""


def backoff(config: DeliveryConfig, *, remaining: int) -> Retrying:
    """Retries `RetryLater` up to `remaining` attempts in all; answers "failed" once they are spent."""
    return Retrying(
        stop=stop_after_attempt(max(1, remaining)), retry=retry_if_exception_type(RetryLater),
        # Jitter spreads the retries of many alerts, so a receiver coming back is not hit all at once.
        wait=wait_exponential_jitter(multiplier=config.backoff_seconds, max=config.backoff_max_seconds,
                                     jitter=config.backoff_seconds),
        retry_error_callback=lambda _state: DeliveryResult.FAILED.value,
    )


def despite_conflicts(record: Callable[[], T]) -> T:
    """Record an attempt even if a coordinator acknowledged or snoozed the alert at that moment:
    an attempt that was made but not recorded would be made again."""
    for attempt in Retrying(retry=retry_if_exception_type(Conflict), stop=stop_after_attempt(5),
                            wait=wait_random(0, 0.1), reraise=True):
        with attempt:
            return record()
    raise AssertionError("unreachable")  # pragma: no cover
