"""The specification of a `baton:approval` Task (its evaluated Parameters or Arguments): the
frozen dataclasses the approvals app works with, parse_approval_spec() to build them, and
problems_in() to list every problem, also statically on a definition's unevaluated template."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from .approval_checker import (
    UNKNOWN,
    Checker,
    SpecProblem,
    Where,
    check_boolean,
    check_integer,
    check_names,
    check_one_of,
    check_text,
    describe,
    is_int,
    names_given,
    require,
)
from .approval_form import FIELD_TYPES, FormField, clean_form_data
from .approval_form_checks import check_form

__all__ = [
    "FIELD_TYPES",
    "ON_TIMEOUT_ACTIONS",
    "PRIORITIES",
    "ApprovalSpec",
    "Escalation",
    "FormField",
    "Reminder",
    "SpecProblem",
    "clean_form_data",
    "parse_approval_spec",
    "priority_rank",
    "problems_in",
]

PRIORITIES = ("low", "normal", "high", "urgent")
ON_TIMEOUT_ACTIONS = ("Fail", "Approve", "Reject")
SPEC_FIELDS = (
    "Title",
    "Description",
    "Assignees",
    "Groups",
    "Form",
    "RequiredApprovals",
    "AllowSelfApproval",
    "Reminder",
    "Escalation",
    "Priority",
    "DueSeconds",
    "OnTimeout",
)
REMINDER_FIELDS = ("AfterSeconds", "EverySeconds", "MaxCount")
ESCALATION_FIELDS = ("AfterSeconds", "To")
TARGET_FIELDS = ("Users", "Groups")


@dataclass(frozen=True)
class Reminder:
    """Remind the assignees `after_seconds` after the task opens, then every `every_seconds`
    (None: once) up to `max_count` reminders in all (None: no limit)."""

    after_seconds: int
    every_seconds: int | None = None
    max_count: int | None = 1


@dataclass(frozen=True)
class Escalation:
    """Hand the task to more people when it is still open `after_seconds` after it opened."""

    after_seconds: int
    to_users: tuple[str, ...] = ()
    to_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApprovalSpec:
    """A checked specification. `title` is None when absent (the caller uses the state name);
    `on_timeout` says how the task ends when the state's TimeoutSeconds runs out."""

    title: str | None = None
    description: str = ""
    assignees: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    form: tuple[FormField, ...] = ()
    required_approvals: int = 1
    allow_self_approval: bool = False
    reminder: Reminder | None = None
    escalation: Escalation | None = None
    priority: str = "normal"
    due_seconds: int | None = None
    on_timeout: str = "Fail"


def priority_rank(priority: str) -> int:
    """0 for "low" up to 3 for "urgent" (the inbox sorts by it); ValueError for anything else."""
    return PRIORITIES.index(priority)


def problems_in(spec: Any, *, static: bool = False) -> list[SpecProblem]:
    """Every problem in `spec`, in the order found; an empty list when it is valid.

    static=True reads a definition's unevaluated Parameters/Arguments: a `key.$` entry stands
    for `key` with a value known only at run time, as does a JSONata "{% %}" string, and checks
    that need such a value are skipped.
    """
    checker = Checker(static)
    _check_spec(checker, checker.known(spec))
    return checker.problems


def parse_approval_spec(spec: Any) -> ApprovalSpec:
    """Build the ApprovalSpec of an evaluated specification; raise its first SpecProblem."""
    problems = problems_in(spec)
    if problems:
        raise problems[0]
    return ApprovalSpec(
        title=spec.get("Title"),
        description=spec.get("Description", ""),
        assignees=tuple(spec.get("Assignees", ())),
        groups=tuple(spec.get("Groups", ())),
        form=tuple(form_field(item) for item in spec.get("Form", ())),
        required_approvals=spec.get("RequiredApprovals", 1),
        allow_self_approval=spec.get("AllowSelfApproval", False),
        reminder=_reminder(spec.get("Reminder")),
        escalation=_escalation(spec.get("Escalation")),
        priority=spec.get("Priority", "normal"),
        due_seconds=spec.get("DueSeconds"),
        on_timeout=spec.get("OnTimeout", "Fail"),
    )


def form_field(item: dict[str, Any]) -> FormField:
    """A checked Form item as a FormField (approvals rebuilds stored forms with it)."""
    return FormField(
        name=item["name"],
        type=item["type"],
        label=item.get("label", item["name"]),
        required=item.get("required", False),
        default=item.get("default"),
        min=item.get("min"),
        max=item.get("max"),
        choices=tuple(item.get("choices", ())),
    )


def _reminder(node: dict[str, Any] | None) -> Reminder | None:
    if node is None:
        return None
    every = node.get("EverySeconds")
    max_count = node.get("MaxCount", 1 if every is None else None)
    return Reminder(node["AfterSeconds"], every, max_count)


def _escalation(node: dict[str, Any] | None) -> Escalation | None:
    if node is None:
        return None
    target = node["To"]
    users, groups = target.get("Users", ()), target.get("Groups", ())
    return Escalation(node["AfterSeconds"], tuple(users), tuple(groups))


def _check_spec(c: Checker, spec: Any) -> None:
    if spec is UNKNOWN:
        return
    if not isinstance(spec, dict):
        c.report("not_an_object", "an approval specification must be an object", ())
        return
    fields = c.fields(spec, (), SPEC_FIELDS)
    for name, value in fields.items():
        if value is not UNKNOWN:
            _SPEC_CHECKS[name](c, value, (name,))
    _check_assignee_given(c, fields)
    _check_enough_assignees(c, fields)


def _check_assignee_given(c: Checker, fields: dict[str, Any]) -> None:
    given = [names_given(fields.get(key, [])) for key in ("Assignees", "Groups")]
    if given == [False, False]:
        message = "an approval needs at least one name in 'Assignees' or 'Groups'"
        c.report("approval_needs_assignee", message, ())


def _check_enough_assignees(c: Checker, fields: dict[str, Any]) -> None:
    """Without groups, RequiredApprovals cannot exceed the people named in Assignees."""
    required, names = fields.get("RequiredApprovals", 1), fields.get("Assignees", [])
    if fields.get("Groups", []) != [] or not is_int(required) or not isinstance(names, list):
        return
    if not names or not all(isinstance(c.known(name), str) for name in names):
        return
    if required > len(set(names)):
        message = (
            f"'RequiredApprovals' is {required} but 'Assignees' names only "
            f"{len(set(names))} and there are no 'Groups'"
        )
        c.report("too_few_assignees", message, ("RequiredApprovals",))


def _check_reminder(c: Checker, value: Any, where: Where) -> None:
    fields = c.object_fields(value, where, REMINDER_FIELDS)
    if fields is None:
        return
    require(c, fields, where, "AfterSeconds")
    valid = {key: check_integer(c, fields[key], (*where, key), minimum=1) for key in fields}
    if valid.get("MaxCount") and fields["MaxCount"] > 1 and "EverySeconds" not in fields:
        message = f"'{describe((*where, 'MaxCount'))}' above 1 needs 'EverySeconds' to repeat"
        c.report("invalid_value", message, (*where, "MaxCount"))


def _check_escalation(c: Checker, value: Any, where: Where) -> None:
    fields = c.object_fields(value, where, ESCALATION_FIELDS)
    if fields is None:
        return
    if require(c, fields, where, "AfterSeconds"):
        check_integer(c, fields["AfterSeconds"], (*where, "AfterSeconds"), minimum=1)
    if "To" not in fields:
        message = f"'{describe(where)}' needs 'To': the users or groups to escalate to"
        c.report("escalation_needs_target", message, (*where, "To"))
        return
    _check_target(c, fields["To"], (*where, "To"))


def _check_target(c: Checker, value: Any, where: Where) -> None:
    fields = c.object_fields(value, where, TARGET_FIELDS)
    if fields is None:
        return
    for key, names in fields.items():
        check_names(c, names, (*where, key))
    if [names_given(fields.get(key, [])) for key in TARGET_FIELDS] == [False, False]:
        message = f"'{describe(where)}' needs at least one name in 'Users' or 'Groups'"
        c.report("escalation_needs_target", message, where)


_SPEC_CHECKS: dict[str, Callable[[Checker, Any, Where], object]] = {
    "Title": partial(check_text, non_empty=True),
    "Description": check_text,
    "Assignees": check_names,
    "Groups": check_names,
    "Form": check_form,
    "RequiredApprovals": partial(check_integer, minimum=1),
    "AllowSelfApproval": check_boolean,
    "Reminder": _check_reminder,
    "Escalation": _check_escalation,
    "Priority": partial(check_one_of, options=PRIORITIES),
    "DueSeconds": partial(check_integer, minimum=1),
    "OnTimeout": partial(check_one_of, options=ON_TIMEOUT_ACTIONS),
}
