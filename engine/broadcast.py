"""Live updates: after an engine transaction commits, what it changed goes out through the
Channels layer (the live pages; DESIGN.md §4). A message is compact: per execution, its status,
the states entered and left, and the range of new history event ids; a page fetches details
from the REST API.

One message per round, to one group: every live socket is in it and keeps what its page
watches (engine/consumers.py). A group per execution and per workflow, as DESIGN.md §4 has it,
cost a layer round trip per execution changed: measured, W2 lost a third of its throughput
with channels-postgres, where each send is a query; one send per round keeps it within noise.

The engine never waits on it: store.store_many collects the changes of its transaction and,
on commit, hands them to one sender thread per process. While the sender is busy the batches
waiting for it merge, so a busy engine sends fewer, larger messages instead of falling behind.
One message per execution per round at most, never one per history event.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Iterable
from typing import Any

from channels.layers import get_channel_layer
from django.db import transaction

from .conf import engine_setting

log = logging.getLogger(__name__)

ALL_GROUP = "executions"
MESSAGE_TYPE = "execution.changed"  # handled by consumers.LiveConsumer.execution_changed


def change_of(execution: Any, events: list[dict[str, Any]]) -> dict[str, Any]:
    """What one transaction did to one execution, as the pages read it."""
    entered = [e["details"].get("name") for e in events if e["type"].endswith("StateEntered")]
    exited = [e["details"].get("name") for e in events if e["type"].endswith("StateExited")]
    return {
        "execution": str(execution.id),
        "workflow": execution.workflow_id,
        "status": execution.status,
        "first_event": events[0]["id"] if events else None,
        "last_event": events[-1]["id"] if events else None,
        "entered": entered,
        "exited": exited,
    }


def publish_on_commit(changes: list[dict[str, Any]]) -> None:
    """Called inside the transaction (store.store_many): send once it commits, or never.
    Each change is stamped with the commit's time (`committed_at`, Unix seconds), from which
    the bench's W7 measures how long a change takes to reach a page."""
    if changes and engine_setting("PUBLISH"):
        transaction.on_commit(lambda: sender().put(stamped(changes, time.time())))


def stamped(changes: list[dict[str, Any]], at: float) -> list[dict[str, Any]]:
    return [{**change, "committed_at": round(at, 4)} for change in changes]


def merge(rounds: Iterable[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Several transactions' changes as one per execution: the latest status, every state
    entered and left in order, the event range from the first to the last, the first
    commit's time (so a delay is never understated)."""
    merged: dict[str, dict[str, Any]] = {}
    others: list[dict[str, Any]] = []  # the inbox's changes (approvals), passed on as they are
    for changes in rounds:
        for change in changes:
            if "execution" not in change:
                others.append(change)
                continue
            known = merged.get(change["execution"])
            if known is None:
                merged[change["execution"]] = dict(change)
                continue
            known["status"] = change["status"]
            known["entered"] = known["entered"] + change["entered"]
            known["exited"] = known["exited"] + change["exited"]
            if change["last_event"] is not None:
                known["first_event"] = known["first_event"] or change["first_event"]
                known["last_event"] = change["last_event"]
    return [*merged.values(), *others]


def messages_for(changes: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """(group, message) pairs: one round, one message."""
    return [(ALL_GROUP, {"type": MESSAGE_TYPE, "changes": changes})]


class Sender:
    """One daemon thread per process sending merged rounds through the channel layer.

    1. Wait for a round of changes.
    2. Take every other round already waiting, merge them (merge()).
    3. Send it (messages_for); a layer error is logged and the round dropped (a page
       catches up from the REST history when it reconnects or sees a gap).
    """

    def __init__(self) -> None:
        self.rounds: queue.SimpleQueue[list[dict[str, Any]]] = queue.SimpleQueue()
        self.sent = threading.Event()  # set after each round, for tests and the bench
        self.thread = threading.Thread(target=self.run, name="baton-broadcast", daemon=True)
        self.thread.start()

    def put(self, changes: list[dict[str, Any]]) -> None:
        self.rounds.put(changes)

    def run(self) -> None:
        # One loop for the thread's life: the Postgres layer keeps a connection pool per loop
        loop = asyncio.new_event_loop()
        while True:
            waiting = [self.rounds.get()]
            while not self.rounds.empty():
                waiting.append(self.rounds.get_nowait())
            try:
                loop.run_until_complete(self._send(messages_for(merge(waiting))))
            except Exception:
                log.exception("live updates: a round of %d change(s) was not sent", len(waiting))
            self.sent.set()

    async def _send(self, sends: list[tuple[str, dict[str, Any]]]) -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        for group, message in sends:
            await layer.group_send(group, message)


_sender: Sender | None = None
_lock = threading.Lock()


def sender() -> Sender:
    global _sender
    with _lock:
        if _sender is None or not _sender.thread.is_alive():
            _sender = Sender()
        return _sender
