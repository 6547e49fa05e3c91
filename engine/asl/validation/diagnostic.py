"""Diagnostic: one problem found in a definition; Report: the list the checks append to."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """A problem in a definition: a stable snake_case `code` and a JSON-pointer `location`."""

    code: str
    message: str
    location: str
    severity: str = ERROR

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "message": self.message,
            "location": self.location,
            "severity": self.severity,
        }


def pointer(base: str, *parts: str | int) -> str:
    """Extend the JSON pointer `base` (RFC 6901) with `parts`, escaping '~' and '/'."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return base + "".join(f"/{part}" for part in escaped)


@dataclass
class Report:
    """Collects every diagnostic of one validation run, in the order found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, message: str, location: str) -> None:
        self.diagnostics.append(Diagnostic(code, message, location))

    def warning(self, code: str, message: str, location: str) -> None:
        self.diagnostics.append(Diagnostic(code, message, location, WARNING))
