"""A state machine — the top level, a Parallel branch or a Map processor: StartAt, States,
transitions that stay inside it, reachability and a way to end (states-language.net —
"Structure of a State Machine", "Transitions")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .context import JSONATA, JSONPATH, QUERY_LANGUAGES, StateContext, is_int
from .diagnostic import Report, pointer
from .fields import STATE_TYPES, is_state_type
from .states import check_state

TOP_FIELDS = frozenset(
    {"Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"}
)
BRANCH_FIELDS = frozenset({"Comment", "StartAt", "States"})
PROCESSOR_FIELDS = BRANCH_FIELDS | {"ProcessorConfig"}
TERMINAL_TYPES = ("Succeed", "Fail")
MAX_STATE_NAME = 80


@dataclass
class Walk:
    """What the whole definition shares while its machines are checked one by one."""

    report: Report
    top_language: str
    names: dict[str, str] = field(default_factory=dict)  # state name -> where first defined


def check_definition(definition: Any, report: Report) -> None:
    if not isinstance(definition, dict):
        report.error("not_an_object", "a state machine definition must be a JSON object", "")
        return
    language = definition.get("QueryLanguage", JSONPATH)
    if language not in QUERY_LANGUAGES:
        report.error(
            "invalid_query_language",
            f"'QueryLanguage' must be JSONPath or JSONata, not {language!r}",
            "/QueryLanguage",
        )
        language = JSONPATH
    timeout = definition.get("TimeoutSeconds", 1)
    if not is_int(timeout) or timeout <= 0:
        report.error(
            "invalid_timeout", "'TimeoutSeconds' must be a positive integer", "/TimeoutSeconds"
        )
    check_machine(definition, "", language, Walk(report, language), TOP_FIELDS)


def check_machine(
    node: dict[str, Any], location: str, language: str, walk: Walk, allowed: frozenset[str]
) -> None:
    """Check one machine, then each of its states, then the machines nested in them."""
    _check_machine_fields(node, location, walk.report, allowed)
    states = _states(node, location, walk.report)
    if states is None:
        return
    contexts = [_state_context(name, states[name], location, language, walk) for name in states]
    known = [ctx for ctx in contexts if ctx is not None]
    _check_targets(known, states)
    if _check_start(node, location, states, walk.report):
        _check_reachability(node["StartAt"], known, location, walk.report)
    for ctx in known:
        _check_sub_machines(ctx, walk)


def _check_machine_fields(
    node: dict[str, Any], location: str, report: Report, allowed: frozenset[str]
) -> None:
    for key in node:
        if key not in allowed:
            message = f"'{key}' is not a field of a state machine"
            report.error("unknown_field", message, pointer(location, key))
    if not isinstance(node.get("Comment", ""), str):
        report.error("invalid_type", "'Comment' must be a string", pointer(location, "Comment"))


def _states(node: dict[str, Any], location: str, report: Report) -> dict[str, Any] | None:
    states = node.get("States")
    if "States" not in node:
        report.error("missing_field", "a state machine needs 'States'", location)
    elif not isinstance(states, dict) or not states:
        report.error(
            "invalid_type",
            "'States' must be an object holding at least one state",
            pointer(location, "States"),
        )
    else:
        return states
    return None


def _check_start(
    node: dict[str, Any], location: str, states: dict[str, Any], report: Report
) -> bool:
    start = node.get("StartAt")
    where = pointer(location, "StartAt")
    if "StartAt" not in node:
        report.error("missing_field", "a state machine needs 'StartAt'", location)
    elif not isinstance(start, str):
        report.error("invalid_type", "'StartAt' must be a state name", where)
    elif start not in states:
        report.error(
            "start_at_missing_state",
            f"StartAt names '{start}', which is not one "
            f"of this machine's States ({_names(states)})",
            where,
        )
    else:
        return True
    return False


def _names(states: dict[str, Any]) -> str:
    names = sorted(states)
    return ", ".join(names[:10]) + (", …" if len(names) > 10 else "")


def _state_context(
    name: str, node: Any, location: str, language: str, walk: Walk
) -> StateContext | None:
    """A context for one state; None when it is too malformed to check further."""
    where = pointer(location, "States", name)
    _check_name(name, where, walk)
    if not isinstance(node, dict):
        walk.report.error("not_an_object", f"State '{name}' must be a JSON object", where)
        return None
    ctx = StateContext(name, node, where, _state_language(node, where, language, walk), walk.report)
    state_type = node.get("Type")
    if "Type" not in node:
        ctx.error("missing_field", "needs 'Type'")
    elif not is_state_type(state_type):
        ctx.error(
            "unknown_state_type",
            f"unknown Type {state_type!r} (one of {', '.join(sorted(STATE_TYPES))})",
            "Type",
        )
    else:
        check_state(ctx, state_type)
    return ctx


def _check_name(name: str, where: str, walk: Walk) -> None:
    if len(name) > MAX_STATE_NAME:
        walk.report.error(
            "invalid_state_name",
            f"State name '{name[:20]}…' is {len(name)} "
            f"characters long; the limit is {MAX_STATE_NAME}",
            where,
        )
    if name in walk.names:
        walk.report.error(
            "duplicate_state_name",
            f"State name '{name}' is already used at "
            f"{walk.names[name]}; names must be unique in the whole machine",
            where,
        )
    else:
        walk.names[name] = where


def _state_language(node: dict[str, Any], where: str, inherited: str, walk: Walk) -> str:
    """The state's own QueryLanguage if valid, else the enclosing one."""
    language = node.get("QueryLanguage", inherited)
    if language not in QUERY_LANGUAGES:
        message = f"'QueryLanguage' must be JSONPath or JSONata, not {language!r}"
    elif walk.top_language == JSONATA and language == JSONPATH:
        message = "a JSONata state machine cannot hold JSONPath states"
    else:
        return language
    walk.report.error("invalid_query_language", message, pointer(where, "QueryLanguage"))
    return inherited


def transitions(ctx: StateContext) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """Each state name this state can go to, with the relative pointer of where it is named."""
    node = ctx.node
    for key in ("Next", "Default"):
        if isinstance(node.get(key), str):
            yield node[key], (key,)
    for key in ("Choices", "Catch"):
        items = node.get(key)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("Next"), str):
                yield item["Next"], (key, index, "Next")


def _check_targets(contexts: list[StateContext], states: dict[str, Any]) -> None:
    for ctx in contexts:
        for target, parts in transitions(ctx):
            if target not in states:
                ctx.error(
                    "next_missing_state",
                    f"'{'/'.join(map(str, parts))}' names "
                    f"'{target}', which is not a state of this machine",
                    *parts,
                )


def _check_reachability(
    start: str, contexts: list[StateContext], location: str, report: Report
) -> None:
    by_name = {ctx.name: ctx for ctx in contexts}
    reached, pending = {start}, [start]
    while pending:
        ctx = by_name.get(pending.pop())
        for target, _ in transitions(ctx) if ctx else ():
            if target in by_name and target not in reached:
                reached.add(target)
                pending.append(target)
    for ctx in contexts:
        if ctx.name not in reached:
            ctx.error("unreachable_state", f"no transition leads here from '{start}'")
    if not any(_may_end(by_name.get(name), by_name) for name in reached):
        report.error(
            "no_terminal_state",
            "no reachable state ends the machine (End: true, Succeed or Fail)",
            pointer(location, "States"),
        )


def _may_end(ctx: StateContext | None, by_name: dict[str, StateContext]) -> bool:
    """Succeed, Fail, "End": true — or a state already reported as broken (not an object,
    unknown Type, no Next, Next naming nothing), so one mistake is not reported twice."""
    if ctx is None or not is_state_type(ctx.node.get("Type")):
        return True
    if ctx.node["Type"] in TERMINAL_TYPES or ctx.node.get("End") is True:
        return True
    targets = [target for target, _ in transitions(ctx)]
    if ctx.node["Type"] != "Choice" and not isinstance(ctx.node.get("Next"), str):
        return True
    return any(target not in by_name for target in targets)


def _check_sub_machines(ctx: StateContext, walk: Walk) -> None:
    """Parallel branches and Map processors: separate machines, same rules."""
    branches = ctx.node.get("Branches") if ctx.node.get("Type") == "Parallel" else None
    for index, branch in enumerate(branches if isinstance(branches, list) else []):
        _check_sub_machine(ctx, branch, walk, BRANCH_FIELDS, "Branches", index)
    if ctx.node.get("Type") == "Map":
        for key in ("ItemProcessor", "Iterator"):
            if key in ctx.node:
                _check_sub_machine(ctx, ctx.node[key], walk, PROCESSOR_FIELDS, key)


def _check_sub_machine(
    ctx: StateContext, node: Any, walk: Walk, allowed: frozenset[str], *parts: str | int
) -> None:
    if isinstance(node, dict):
        check_machine(node, ctx.at(*parts), ctx.language, walk, allowed)
    else:
        ctx.error(
            "invalid_type", f"'{'/'.join(map(str, parts))}' must be a state machine object", *parts
        )
