"""Catch-ups collect garbage less often, and leave the process's own collector settings as they found them."""

from __future__ import annotations

import gc
import threading

import pytest

from projections.collector import YOUNG_THRESHOLD, fewer_collections


@pytest.fixture(autouse=True)
def default_collector():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_thresholds_are_raised_inside_and_restored_after() -> None:
    with fewer_collections():
        assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_what_start_up_froze_stays_frozen() -> None:
    """`serve` and `worker` freeze their start-up heap; a catch-up must not hand it back to the collector."""
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with fewer_collections():
            pass
        assert gc.get_freeze_count() > frozen // 2 > 0  # (objects freed meanwhile leave it too)
    finally:
        gc.unfreeze()


def test_restored_when_the_catch_up_fails() -> None:
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("the store went away")
    assert gc.get_threshold() == (700, 10, 10)


def test_nested_and_concurrent_users_restore_only_when_the_last_leaves() -> None:
    inside, release = threading.Event(), threading.Event()

    def other_catch_up() -> None:
        with fewer_collections():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other_catch_up)
    with fewer_collections():
        thread.start()
        assert inside.wait(5)
        with fewer_collections():
            pass
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD  # the other thread's catch-up still runs
    release.set()
    thread.join(5)
    assert gc.get_threshold() == (700, 10, 10)


def test_a_higher_threshold_of_the_process_is_kept() -> None:
    gc.set_threshold(50_000, 20, 20)
    with fewer_collections():
        assert gc.get_threshold() == (50_000, 20, 20)
    assert gc.get_threshold() == (50_000, 20, 20)
