"""The durable shape of a running execution: a JSON document the driver stores as it is.

A program holds threads (the root machine, Parallel branches, Map iterations), the queue of
threads ready to run, and the keys of the timers and tasks threads wait on. Everything here
is plain JSON so that a crash between two commits loses nothing but work not yet committed.
"""

from __future__ import annotations

from typing import Any

RUNNING = "RUNNING"


def new_program(
    execution: dict[str, Any], state_machine: dict[str, Any], token_prefix: str
) -> dict:
    """An empty program for one execution; `execution`/`state_machine` go to the context object."""
    return {
        "execution": execution,
        "state_machine": state_machine,
        "token_prefix": token_prefix,
        "status": RUNNING,
        "threads": {},
        "ready": [],
        "waits": {},
        "counter": 0,
        "event_id": 0,
    }


def new_thread(
    program: dict, machine: list[Any], state: str, value: Any, variables: dict, parent: str | None
) -> dict:
    """Add a thread that will enter `state` of the machine at `machine` with input `value`."""
    thread_id = next_id(program, "th")
    thread = {
        "id": thread_id,
        "parent": parent,
        "slot": None,
        "machine": machine,
        "state": state,
        "input": value,
        "vars": variables,
        "phase": "ready",
        "retries": {},
        "entered": 0,
        "entered_at": None,
        "last": 0,
        "retrying": False,
    }
    program["threads"][thread_id] = thread
    return thread


def next_id(program: dict, prefix: str) -> str:
    program["counter"] += 1
    return f"{prefix}{program['counter']}"


def descendants(program: dict, thread_id: str) -> list[str]:
    """Ids of every thread below `thread_id` (children, grandchildren, …)."""
    found: list[str] = []
    frontier = [thread_id]
    while frontier:
        parent = frontier.pop()
        children = [t for t, th in program["threads"].items() if th["parent"] == parent]
        found.extend(children)
        frontier.extend(children)
    return found
