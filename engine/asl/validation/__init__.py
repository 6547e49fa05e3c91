"""Static validation of ASL definitions: every problem found, each a Diagnostic with a stable
code and a JSON-pointer location. Public surface: validate(), Diagnostic."""

from __future__ import annotations

from typing import Any

from .diagnostic import ERROR, WARNING, Diagnostic, Report
from .document import load, plain, report_duplicate_keys, report_non_finite_numbers
from .machine import check_definition

__all__ = ["ERROR", "WARNING", "Diagnostic", "validate"]


def validate(definition: Any) -> list[Diagnostic]:
    """Check a definition (a dict, or JSON text) and return every problem found.

    An empty list (or warnings only) means AWS Step Functions would accept it.
    """
    report = Report()
    if isinstance(definition, str):
        ok, parsed = load(definition, report)
        if not ok:
            return report.diagnostics
        report_duplicate_keys(parsed, report)
        definition = plain(parsed)
    report_non_finite_numbers(definition, report)
    check_definition(definition, report)
    return report.diagnostics
