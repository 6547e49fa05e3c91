"""Comparing two versions: their JSON side by side, line by line, and which states changed.

Both sides are the definitions as their authors wrote them (key order kept), pretty-printed the
same way, so only real changes show. The graph marks the same states (the bundle's asl/diff.ts).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Line:
    number: int | None  # None: a filler opposite a line the other side has
    text: str
    kind: str  # "same", "del", "add", "gap"


def pretty(definition: Any) -> list[str]:
    return json.dumps(definition, indent=2, ensure_ascii=False).splitlines()


def side_by_side(old: Any, new: Any) -> list[tuple[Line, Line]]:
    """Rows of (old line, new line); changed runs are padded so the two sides stay aligned."""
    left, right = pretty(old), pretty(new)
    rows: list[tuple[Line, Line]] = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [
                (Line(i + 1, left[i], "same"), Line(j + 1, right[j], "same"))
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        olds = [Line(i + 1, left[i], "del") for i in range(i1, i2)]
        news = [Line(j + 1, right[j], "add") for j in range(j1, j2)]
        width = max(len(olds), len(news))
        olds += [Line(None, "", "gap")] * (width - len(olds))
        news += [Line(None, "", "gap")] * (width - len(news))
        rows += list(zip(olds, news, strict=True))
    return rows


def state_changes(old: Any, new: Any) -> dict[str, list[str]]:
    """State names (nested ones as "Parent / Branch 1 / Name") added, removed and changed."""
    before, after = states_of(old), states_of(new)
    return {
        "added": [after[p][0] for p in after if p not in before],
        "removed": [before[p][0] for p in before if p not in after],
        "changed": [after[p][0] for p in after if p in before and before[p][1] != after[p][1]],
    }


def states_of(definition: Any, prefix: str = "", label: str = "") -> dict[str, tuple[str, Any]]:
    """Every state, nested ones too: JSON pointer -> (readable name, the state without its
    nested states). Also counts the states of a page's graph (designer.pages.state_count)."""
    found: dict[str, tuple[str, Any]] = {}
    states = definition.get("States") if isinstance(definition, dict) else None
    if not isinstance(states, dict):
        return found
    for name, state in states.items():
        pointer = f"{prefix}/States/{_escape(name)}"
        readable = f"{label}{name}"
        found[pointer] = (readable, _shallow(state))
        for machine, child_pointer, child_label in _children(state, pointer, readable):
            found.update(states_of(machine, child_pointer, child_label))
    return found


def _children(state: Any, pointer: str, readable: str) -> list[tuple[Any, str, str]]:
    """The nested machines of a Parallel (its branches) or a Map (its processor)."""
    if not isinstance(state, dict):
        return []
    branches = state.get("Branches") if isinstance(state.get("Branches"), list) else []
    nested = [
        (branch, f"{pointer}/Branches/{index}", f"{readable} / Branch {index + 1} / ")
        for index, branch in enumerate(branches)
    ]
    for field in ("ItemProcessor", "Iterator"):
        if isinstance(state.get(field), dict):
            nested.append((state[field], f"{pointer}/{field}", f"{readable} / "))
    return nested


def _shallow(state: Any) -> Any:
    if not isinstance(state, dict):
        return state
    copy = dict(state)
    if isinstance(copy.get("Branches"), list):
        copy["Branches"] = [_without_states(b) for b in copy["Branches"]]
    for field in ("ItemProcessor", "Iterator"):
        if isinstance(copy.get(field), dict):
            copy[field] = _without_states(copy[field])
    return copy


def _without_states(machine: Any) -> Any:
    return (
        {k: v for k, v in machine.items() if k != "States"}
        if isinstance(machine, dict)
        else machine
    )


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")
