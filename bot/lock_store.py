"""Rasa's Redis lock store, with leases that live servers renew and dead servers let lapse.

Rasa takes a conversation's lock (a ticket queue in Redis) for each message, so that two Rasa servers never
run one conversation's turns at once. Rasa 3.6's `RedisLockStore` has three flaws that show when a server
is killed under load (tests/e2e/test_production_faults.py):

1. A ticket lives a fixed `TICKET_LOCK_LIFETIME` whether its holder is alive or not. The lifetime must then
   be both short (a server killed mid-turn holds its conversations that long: the retried message waits) and
   longer than the slowest turn (else a second server runs the conversation at once and one turn's events
   are lost or doubled). Here a thread renews every ticket this process holds or waits with, so the
   lifetime only has to outlast a dead server: a turn may take longer, and a dead server's conversations
   are free `lifetime` seconds after it died.
2. Every change is a GET then a SET: two servers changing one lock at once lose one change. Here each change
   is one optimistic transaction (WATCH/MULTI), retried on conflict.
3. A waiter whose own ticket has gone (it expired while waiting, or a lost update removed it) polls forever,
   because Rasa gives up only when the whole lock is gone: the user's request hangs until a proxy gives up.
   Here it fails at once (`LockError`; the channel answers politely).

Lock keys also get a Redis expiry, so a lock whose holders all died does not stay behind.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import weakref
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from typing import Any

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

log = logging.getLogger(__name__)
# How often a waiting message looks at its lock again (Rasa's own wait is a whole second per look).
POLL_S = 0.2
MAX_RENEW_INTERVAL_S = 1.0


class RenewedRedisLockStore(RedisLockStore):
    """`lock_store: {type: bot.lock_store.RenewedRedisLockStore, url: ..., port: ..., ...}` in endpoints."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {**endpoint_config.kwargs, **kwargs}
            kwargs.setdefault("host", endpoint_config.url or "localhost")
        kwargs.pop("type", None)
        super().__init__(**kwargs)
        # (conversation, ticket number) -> [lifetime, expiry last written]: the tickets this process renews until
        # they are finished. The expiry tells this process's ticket from a later one of the same number (numbers
        # start again at 0 once a lock is deleted), so that it never renews another server's ticket.
        self._mine: dict[tuple[str, int], list[float]] = {}
        self._mine_lock = threading.Lock()
        self._renewer: threading.Thread | None = None

    # -- changes, each one transaction --------------------------------------------------------------
    def _change(self, conversation_id: str, change: Callable[[TicketLock | None], TicketLock | None]) -> Any:
        """Apply `change` to the stored lock atomically; an empty or missing result deletes the lock."""
        key = self.key_prefix + conversation_id
        result: list[TicketLock | None] = []

        def transaction(pipe: Any) -> None:
            raw = pipe.get(key)
            changed = change(TicketLock.from_dict(json.loads(raw)) if raw else None)
            pipe.multi()
            if changed is None or not changed.tickets:
                pipe.delete(key)
            else:
                pipe.set(key, changed.dumps(), px=_key_ttl_ms(changed))
            result[:] = [changed]

        self.red.transaction(transaction, key)
        return result[0] if result else None

    def save_lock(self, lock: TicketLock) -> None:
        self.red.set(self.key_prefix + lock.conversation_id, lock.dumps(), px=_key_ttl_ms(lock))

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        issued: list[Ticket] = []

        def issue(lock: TicketLock | None) -> TicketLock:
            lock = lock or self.create_lock(conversation_id)
            number = lock.issue_ticket(lock_lifetime)
            issued[:] = [ticket for ticket in lock.tickets if ticket.number == number]
            return lock

        try:
            self._change(conversation_id, issue)
        except Exception as error:  # noqa: BLE001 - Rasa's contract: any failure here is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        self._renew_from_now(conversation_id, issued[0], lock_lifetime)
        return issued[0].number

    def update_lock(self, conversation_id: str) -> None:
        def without_expired(lock: TicketLock | None) -> TicketLock | None:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock

        self._change(conversation_id, without_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._forget(conversation_id, ticket_number)

        def without_ticket(lock: TicketLock | None) -> TicketLock | None:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock

        self._change(conversation_id, without_ticket)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Removing the ticket and deleting an empty lock are one change here (`_change` deletes empty locks).
        self.finish_serving(conversation_id, ticket_number)

    # -- waiting ---------------------------------------------------------------------------------------
    @asynccontextmanager
    async def lock(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = POLL_S) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            yield await self._acquire_lock(conversation_id, ticket, min(wait_time_in_seconds, POLL_S))
        finally:
            try:
                self.cleanup(conversation_id, ticket)
            finally:
                self._forget(conversation_id, ticket)

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)
            if lock is None or all(t.number != ticket for t in lock.tickets):
                raise LockError(f"The lock ticket of conversation '{conversation_id[:40]}' is gone (this server "
                                "stalled longer than the lock lifetime?)")
            if not lock.is_locked(ticket):
                return lock
            await asyncio.sleep(wait_time_in_seconds)
            self.update_lock(conversation_id)

    # -- renewal -----------------------------------------------------------------------------------------
    def _renew_from_now(self, conversation_id: str, ticket: Ticket, lifetime: float) -> None:
        with self._mine_lock:
            self._mine[(conversation_id, ticket.number)] = [lifetime, ticket.expires]
            if self._renewer is None or not self._renewer.is_alive():
                self._renewer = threading.Thread(target=_renew_forever, args=(weakref.ref(self),),
                                                 name="lock-renewer", daemon=True)
                self._renewer.start()

    def _forget(self, conversation_id: str, number: int) -> None:
        with self._mine_lock:
            self._mine.pop((conversation_id, number), None)

    def renew(self) -> None:
        """Push back the expiry of every ticket this process holds or waits with."""
        with self._mine_lock:
            mine = {key: (lifetime, written) for key, (lifetime, written) in self._mine.items()}
        for conversation_id in {conversation for conversation, _ in mine}:
            try:
                renewed = self._renew_conversation(conversation_id, mine)
            except Exception as error:  # noqa: BLE001 - Redis away for a moment: the next round tries again
                log.warning("lock store: could not renew the lock of %r: %s", conversation_id[:40], error)
                continue
            with self._mine_lock:
                for number, expires in renewed.items():
                    if (conversation_id, number) in self._mine:
                        self._mine[(conversation_id, number)][1] = expires

    def _renew_conversation(self, conversation_id: str, mine: dict[tuple[str, int], tuple[float, float]]
                            ) -> dict[int, float]:
        renewed: dict[int, float] = {}

        def extend(lock: TicketLock | None) -> TicketLock | None:
            renewed.clear()  # a transaction retried after a conflict starts again
            for ticket in lock.tickets if lock is not None else ():
                lifetime, written = mine.get((conversation_id, ticket.number), (None, None))
                if lifetime is not None and ticket.expires == written:
                    ticket.expires = renewed[ticket.number] = time.time() + lifetime
            return lock

        self._change(conversation_id, extend)
        return renewed

    def renew_interval(self) -> float:
        with self._mine_lock:
            shortest = min((lifetime for lifetime, _ in self._mine.values()), default=MAX_RENEW_INTERVAL_S * 4)
        # Several renewals fit in a lifetime, so that one late round (a busy CPU) does not let a ticket lapse.
        return max(0.1, min(MAX_RENEW_INTERVAL_S, shortest / 4))


def _renew_forever(store_ref: weakref.ref) -> None:
    while True:
        store = store_ref()
        if store is None:
            return
        interval = store.renew_interval()
        store.renew()
        del store
        time.sleep(interval)


def _key_ttl_ms(lock: TicketLock) -> int:
    """The lock key outlives its last ticket by that ticket's own lifetime again (at least a second)."""
    now = time.time()
    latest = max((ticket.expires for ticket in lock.tickets), default=now)
    return max(1000, int((latest - now) * 2000))
