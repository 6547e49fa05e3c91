"""What a check sees of one state: its name, node, JSON pointer, query language and the report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .diagnostic import Report, pointer

JSONPATH = "JSONPath"
JSONATA = "JSONata"
QUERY_LANGUAGES = (JSONPATH, JSONATA)


def is_int(value: Any) -> bool:
    """JSON integers only: Python's bool is an int, JSON's true is not."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_jsonata_text(value: Any) -> bool:
    """A JSONata expression string: "{% ... %}" (AWS evaluates only the whole-string form)."""
    return isinstance(value, str) and value.startswith("{%") and value.endswith("%}")


@dataclass(frozen=True)
class StateContext:
    name: str
    node: dict[str, Any]
    location: str
    language: str
    report: Report

    @property
    def is_jsonata(self) -> bool:
        return self.language == JSONATA

    def at(self, *parts: str | int) -> str:
        return pointer(self.location, *parts)

    def error(self, code: str, message: str, *parts: str | int) -> None:
        self.report.error(code, f"State '{self.name}': {message}", self.at(*parts))

    def warning(self, code: str, message: str, *parts: str | int) -> None:
        self.report.warning(code, f"State '{self.name}': {message}", self.at(*parts))
