"""The machinery shared by the checks of a `baton:approval` specification: SpecProblem, the
Checker that collects problems, and checks of plain values. In static mode (a definition's
unevaluated Parameters or Arguments) `key.$` paths and JSONata "{% %}" strings are UNKNOWN."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Where = tuple[str | int, ...]


class SpecProblem(Exception):
    """One problem in a specification: a stable snake_case `code`, a message and a JSON pointer
    `location` relative to the specification ("" is the specification itself)."""

    def __init__(self, code: str, message: str, location: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.location = location

    def __repr__(self) -> str:
        return f"SpecProblem({self.code!r}, {self.message!r}, {self.location!r})"


class _Unknown:
    """The value of a `key.$` path or a JSONata string: only known at run time."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


def pointer(where: Where) -> str:
    """The JSON pointer (RFC 6901) of `where`, escaping '~' and '/'."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in where)


def describe(where: Where) -> str:
    """`where` as people write it: Form[2].choices."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_jsonata_text(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("{%") and value.endswith("%}")


@dataclass
class Checker:
    """Collects the problems of one specification; knows which values are known (static mode)."""

    static: bool
    problems: list[SpecProblem] = field(default_factory=list)

    def report(self, code: str, message: str, where: Where) -> None:
        self.problems.append(SpecProblem(code, message, pointer(where)))

    def invalid_type(self, where: Where, expected: str) -> None:
        self.report("invalid_type", f"'{describe(where)}' must be {expected}", where)

    def known(self, value: Any) -> Any:
        return UNKNOWN if self.static and is_jsonata_text(value) else value

    def object_fields(
        self, value: Any, where: Where, allowed: tuple[str, ...]
    ) -> dict[str, Any] | None:
        """The fields of an object by name; None when `value` is unknown or not an object."""
        value = self.known(value)
        if value is UNKNOWN:
            return None
        if not isinstance(value, dict):
            self.invalid_type(where, "an object")
            return None
        return self.fields(value, where, allowed)

    def fields(self, obj: dict[Any, Any], where: Where, allowed: tuple[str, ...]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in obj.items():
            name, value = self._entry(str(key), value)
            if name not in allowed:
                self._unknown_field(key, where, allowed)
            elif name in found:
                message = f"'{describe((*where, name))}' is given both as a value and as a path"
                self.report("duplicate_field", message, (*where, key))
            else:
                found[name] = value
        return found

    def _unknown_field(self, key: Any, where: Where, allowed: tuple[str, ...]) -> None:
        owner = describe(where) or "an approval specification"
        message = f"'{key}' is not a field of {owner} (known fields: {', '.join(allowed)})"
        self.report("unknown_field", message, (*where, key))

    def _entry(self, key: str, value: Any) -> tuple[str, Any]:
        if self.static and key.endswith(".$"):
            return key[:-2], UNKNOWN
        return key, self.known(value)


def check_text(c: Checker, value: Any, where: Where, *, non_empty: bool = False) -> bool:
    if value is UNKNOWN:
        return False
    if not isinstance(value, str):
        c.invalid_type(where, "a string")
        return False
    if non_empty and not value.strip():
        c.report("invalid_value", f"'{describe(where)}' cannot be empty", where)
        return False
    return True


def check_integer(c: Checker, value: Any, where: Where, *, minimum: int) -> bool:
    if value is UNKNOWN:
        return False
    if not is_int(value):
        c.invalid_type(where, "an integer")
        return False
    if value < minimum:
        c.report(
            "invalid_value", f"'{describe(where)}' must be at least {minimum}, not {value}", where
        )
        return False
    return True


def check_boolean(c: Checker, value: Any, where: Where) -> bool:
    if value is UNKNOWN:
        return False
    if not isinstance(value, bool):
        c.invalid_type(where, "true or false")
        return False
    return True


def check_one_of(c: Checker, value: Any, where: Where, *, options: tuple[str, ...]) -> bool:
    if value is UNKNOWN:
        return False
    if not isinstance(value, str) or value not in options:
        allowed = ", ".join(options)
        message = f"'{describe(where)}' must be one of {allowed}, not {value!r}"
        c.report("invalid_value", message, where)
        return False
    return True


def check_names(c: Checker, value: Any, where: Where) -> bool:
    """A list of user or group names (non-empty strings)."""
    if value is UNKNOWN:
        return False
    if not isinstance(value, list):
        c.invalid_type(where, "a list of names")
        return False
    results = [
        check_text(c, c.known(item), (*where, i), non_empty=True) for i, item in enumerate(value)
    ]
    return all(results)


def names_given(value: Any) -> bool | None:
    """True for a non-empty list, False for an empty one, None when unknown or not a list."""
    return bool(value) if isinstance(value, list) else None


def require(c: Checker, fields: dict[str, Any], where: Where, key: str) -> bool:
    if key in fields:
        return True
    c.report("missing_field", f"'{describe((*where, key))}' is required", (*where, key))
    return False
