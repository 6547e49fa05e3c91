"""The parsed form of an ASL path: a root and a tuple of Steps, plus the errors paths raise.

Built by jsonpath_parse, walked by jsonpath_walk and jsonpath_write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Predicate = Callable[[Any], bool]


class PathSyntaxError(ValueError):
    """A path that is not valid JSONPath; the message says where."""


class PathNotFound(LookupError):
    """A definite path that matched nothing; the message is Jayway's."""


@dataclass(frozen=True)
class Step:
    kind: str  # "name", "names", "index", "indexes", "wildcard", "slice", "filter"
    arg: Any = None
    deep: bool = False

    @property
    def is_definite(self) -> bool:
        return not self.deep and self.kind in ("name", "index")

    def fragment(self) -> str:
        """The step as Jayway prints it in messages: ['a'], [0], [*], [1:2]."""
        if self.kind == "name":
            return f"['{self.arg}']"
        if self.kind == "index":
            return f"[{self.arg}]"
        if self.kind == "names":
            return "[" + ",".join(f"'{name}'" for name in self.arg) + "]"
        if self.kind == "indexes":
            return "[" + ",".join(str(index) for index in self.arg) + "]"
        if self.kind == "slice":
            start, stop = self.arg
            return f"[{'' if start is None else start}:{'' if stop is None else stop}]"
        return "[*]" if self.kind == "wildcard" else "[?]"


@dataclass(frozen=True)
class Path:
    text: str
    root: str  # "input", "context" or "variable"
    variable: str | None
    steps: tuple[Step, ...]

    @property
    def is_definite(self) -> bool:
        return all(step.is_definite for step in self.steps)

    def normalized(self, steps: tuple[Step, ...] | None = None) -> str:
        steps = self.steps if steps is None else steps
        return "$" + "".join((".." if step.deep else "") + step.fragment() for step in steps)
