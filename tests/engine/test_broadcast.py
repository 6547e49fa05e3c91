"""What the engine publishes for the live pages (engine/broadcast.py): one compact change per
execution per round, merged when rounds queue up, sent to the one group every live socket joins."""

from __future__ import annotations

from types import SimpleNamespace

from engine import broadcast


def event(n: int, kind: str, name: str | None = None) -> dict[str, object]:
    return {"id": n, "type": kind, "details": {"name": name} if name else {}}


def change(execution: str, status: str, first: int, last: int, **rest: object) -> dict:
    base = {"execution": execution, "workflow": 7, "status": status}
    base.update({"first_event": first, "last_event": last, "entered": [], "exited": []})
    return {**base, **rest}


def test_a_change_names_the_states_entered_and_left_and_the_new_event_range() -> None:
    execution = SimpleNamespace(id="e1", workflow_id=7, status="RUNNING")
    events = [
        event(5, "PassStateEntered", "A"),
        event(6, "PassStateExited", "A"),
        event(7, "WaitStateEntered", "B"),
    ]
    assert broadcast.change_of(execution, events) == change(
        "e1", "RUNNING", 5, 7, entered=["A", "B"], exited=["A"]
    )


def test_rounds_waiting_for_the_sender_merge_into_one_change_per_execution() -> None:
    first = [change("e1", "RUNNING", 1, 3, entered=["A"]), change("e2", "RUNNING", 1, 2)]
    second = [change("e1", "SUCCEEDED", 4, 6, exited=["A"])]
    merged = broadcast.merge([first, second])
    assert merged == [
        change("e1", "SUCCEEDED", 1, 6, entered=["A"], exited=["A"]),
        change("e2", "RUNNING", 1, 2),
    ]


def test_merged_rounds_keep_the_first_commit_time_so_a_delay_is_never_understated() -> None:
    first = broadcast.stamped([change("e1", "RUNNING", 1, 3)], 100.0)
    second = broadcast.stamped([change("e1", "SUCCEEDED", 4, 6)], 100.5)
    assert broadcast.merge([first, second])[0]["committed_at"] == 100.0


def test_a_round_without_new_events_keeps_the_range_it_had() -> None:
    merged = broadcast.merge(
        [[change("e1", "RUNNING", 1, 3)], [change("e1", "RUNNING", None, None)]]
    )
    assert (merged[0]["first_event"], merged[0]["last_event"]) == (1, 3)


def test_a_round_is_one_message_to_one_group_whatever_it_changed() -> None:
    changes = [change("e1", "RUNNING", 1, 2), change("e2", "FAILED", 3, 4)]
    sends = broadcast.messages_for(changes)
    assert sends == [("executions", {"type": "execution.changed", "changes": changes})]
