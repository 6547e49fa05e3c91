"""What a person may do to a task now: the rules' own checks, asked and not enforced, so the
inbox shows only the buttons that would work."""

from __future__ import annotations

from collections.abc import Callable

from ..models import HumanTask
from ..rules import Person, Refused, check_may_act, check_may_reassign, check_open


def allows(check: Callable[[], object]) -> bool:
    try:
        check()
    except Refused:
        return False
    return True


def may_unclaim(task: HumanTask, person: Person) -> bool:
    """As services.unclaim: the one who claimed it, or an admin, while it is open."""
    mine = task.claimed_by == person.username or person.is_admin
    return bool(task.claimed_by) and mine and allows(lambda: check_open(task))


def abilities(task: HumanTask, person: Person) -> dict[str, bool]:
    may_act = allows(lambda: check_may_act(task, person))
    return {
        "claim": may_act and task.claimed_by != person.username,
        "decide": may_act,
        "unclaim": may_unclaim(task, person),
        "reassign": allows(lambda: check_may_reassign(task, person)),
    }
