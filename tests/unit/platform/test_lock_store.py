"""bot/lock_store.py against a real redis-server: a dead holder's lock lapses after the lifetime, a live one's
does not, concurrent changes from two servers lose nothing, and a waiter whose ticket is gone fails at once."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
from rasa.core.lock_store import LockError

from bot.lock_store import RenewedRedisLockStore
from bot.stack import free_port
from services_catalog.settings import REPO_ROOT
from tests.support.processes import child_environment, stop_process, track

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
LIFETIME = 2.0
HOLDER = """
import asyncio, sys
from bot.lock_store import RenewedRedisLockStore

async def main():
    store = RenewedRedisLockStore(host="127.0.0.1", port=int(sys.argv[1]), db=0, key_prefix="test")
    async with store.lock("conversation", lock_lifetime=float(sys.argv[2])):
        print("held", flush=True)
        await asyncio.sleep(3600)

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    process = track(subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path_factory.mktemp("redis"))],
        stdout=subprocess.DEVNULL, start_new_session=True))
    store = RenewedRedisLockStore(host="127.0.0.1", port=port, db=0)
    deadline = time.monotonic() + 20
    while True:
        try:
            store.red.ping()
            break
        except Exception:  # noqa: BLE001 - not listening yet
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)
    yield port
    stop_process(process)


def store_on(port: int) -> RenewedRedisLockStore:
    store = RenewedRedisLockStore(host="127.0.0.1", port=port, db=0, key_prefix="test")
    store.red.flushdb()
    return store


async def seconds_to_lock(store: RenewedRedisLockStore, timeout: float, lifetime: float = LIFETIME) -> float:
    started = time.monotonic()

    async def take() -> None:
        async with store.lock("conversation", lock_lifetime=lifetime):
            pass

    await asyncio.wait_for(take(), timeout)
    return time.monotonic() - started


def test_a_live_holder_keeps_the_lock_past_the_lifetime_and_a_killed_one_frees_it_within_it(redis_port: int) -> None:
    store = store_on(redis_port)
    holder = track(subprocess.Popen([sys.executable, "-c", HOLDER, str(redis_port), str(LIFETIME)],
                                    stdout=subprocess.PIPE, env=child_environment(), cwd=REPO_ROOT,
                                    start_new_session=True))
    try:
        assert holder.stdout.readline().strip() == b"held"
        # Rasa's own store hands the conversation to a second server once the holder's lifetime is over.
        with pytest.raises(asyncio.TimeoutError):
            asyncio.run(seconds_to_lock(store, LIFETIME * 3, lifetime=60))
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        waited = asyncio.run(seconds_to_lock(store, LIFETIME * 3))
        assert waited < LIFETIME + 1.0
    finally:
        stop_process(holder)
    assert store.get_lock("conversation") is None  # the last holder leaves no lock behind


def test_two_servers_changing_one_lock_at_once_lose_no_ticket(redis_port: int) -> None:
    stores = [store_on(redis_port), RenewedRedisLockStore(host="127.0.0.1", port=redis_port, db=0,
                                                          key_prefix="test")]
    issued: list[int] = []

    def issue(store: RenewedRedisLockStore) -> None:
        for _ in range(25):
            issued.append(store.issue_ticket("conversation", 60))

    threads = [threading.Thread(target=issue, args=(store,)) for store in stores for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    stored = [ticket.number for ticket in stores[0].get_lock("conversation").tickets]
    assert len(set(issued)) == len(issued) == 100
    assert sorted(stored) == sorted(issued)
    assert 0 < stores[0].red.pttl(stores[0].key_prefix + "conversation") <= 120_000


def test_a_waiter_whose_ticket_is_gone_fails_at_once_instead_of_waiting_forever(redis_port: int) -> None:
    store = store_on(redis_port)

    async def scenario() -> None:
        async with store.lock("conversation", lock_lifetime=LIFETIME):
            waiter = asyncio.ensure_future(seconds_to_lock(store, 30))
            await asyncio.sleep(0.5)
            lock = store.get_lock("conversation")
            lock.tickets.pop()  # the waiter's ticket, as a lost update of Rasa's GET-then-SET would drop it
            store.save_lock(lock)
            with pytest.raises(LockError):
                await asyncio.wait_for(waiter, 2)

    asyncio.run(scenario())
