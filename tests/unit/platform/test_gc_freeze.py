"""services_catalog/gc_freeze.py: what is loaded is skipped by collections until the next freeze."""

from __future__ import annotations

import gc
import weakref

import pytest

from services_catalog.gc_freeze import freeze_loaded_objects


class Node:
    """An object in a reference cycle: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def _unfrozen():
    yield
    gc.unfreeze()


def test_frozen_objects_are_skipped_until_a_refreeze_collects_them() -> None:
    node = Node()
    alive = weakref.ref(node)
    freeze_loaded_objects()
    assert gc.get_freeze_count() > 0
    del node
    gc.collect()
    assert alive() is not None  # frozen: a full collection no longer walks it
    freeze_loaded_objects()  # after a reload: what was discarded since the last freeze is collected
    assert alive() is None


def test_objects_made_after_the_freeze_are_collected_as_before() -> None:
    freeze_loaded_objects()
    node = Node()
    alive = weakref.ref(node)
    del node
    gc.collect()
    assert alive() is None
