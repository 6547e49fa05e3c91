"""JSONata's regular expressions on the `regex` package, each use bounded by the evaluation's
deadline (jsonata_budget): the engine every regex literal is compiled with.

A catastrophic pattern (/^(a|aa)+$/ on "aaa…a!") is stopped, not refused: `regex` keeps the
syntax of `re` that expressions already use, and its match calls take a timeout. Results are
accounted for like any built value, and a replacement is sized before it runs.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import regex
from jsonata.regex_engine import RegexFlags

from engine.asl.jsonata_budget import (
    MAX_STRING_CHARS,
    TIMEOUT_SECONDS,
    built,
    current,
    refuse_larger,
)
from engine.asl.limits import LimitExceeded


class RegexTimeout(LimitExceeded):
    """A regular expression ran past the evaluation's time."""

    def __init__(self, pattern: str) -> None:
        super().__init__(
            f"the regular expression /{pattern}/ took longer than {TIMEOUT_SECONDS:g} s "
            "(the time one expression may run)"
        )


def compile_regex(pattern: str, flags: RegexFlags) -> _TimedPattern:
    """The regex engine of every compiled expression (Jsonata's `regex_engine` argument)."""
    native = 0
    if flags.case_insensitive:
        native |= regex.IGNORECASE
    if flags.multiline:
        native |= regex.MULTILINE
    return _TimedPattern(regex.compile(pattern, native))


class _TimedPattern:
    """A compiled pattern whose every use stops at the evaluation's deadline.

    Implements what jsonata-python calls on a pattern: search, finditer, sub and split.
    """

    def __init__(self, compiled: Any) -> None:
        self.compiled = compiled
        self.pattern = compiled.pattern

    def _timeout(self) -> float:
        left = current().deadline - time.monotonic()
        if left <= 0:
            raise RegexTimeout(self.pattern)
        return min(left, TIMEOUT_SECONDS)

    def search(self, string: str) -> Any:
        try:
            return self.compiled.search(string, timeout=self._timeout())
        except TimeoutError:
            raise RegexTimeout(self.pattern) from None

    def finditer(self, string: str) -> Iterator[Any]:
        """Matches one by one ($match, $contains, a regex applied to a string), each match
        counted as an array item it becomes."""
        for count, match in enumerate(self._matches(string), start=1):
            built("array", 1)
            refuse_larger("array", count)
            yield match

    def _matches(self, string: str) -> Iterator[Any]:
        """Each search bounded by the time left, and the run by the deadline between them."""
        matches = self.compiled.finditer(string, timeout=self._timeout())
        while True:
            try:
                match = next(matches, None)
            except TimeoutError:
                raise RegexTimeout(self.pattern) from None
            if match is None:
                return
            self._timeout()
            yield match

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        if callable(repl):
            repl = _bounded_replacer(repl)
        else:
            repl = _fit_group_references(repl, self.compiled.groups)
            refuse_larger("string", self._replaced_size(repl, string, count))
        try:
            result = self.compiled.sub(repl, string, count, timeout=self._timeout())
        except TimeoutError:
            raise RegexTimeout(self.pattern) from None
        built("string", len(result))
        return result

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        try:
            pieces = self.compiled.split(string, maxsplit, timeout=self._timeout())
        except TimeoutError:
            raise RegexTimeout(self.pattern) from None
        built("array", len(pieces))
        return pieces

    def _replaced_size(self, template: str, string: str, count: int) -> int:
        """At most how long sub(template) makes `string`: each match becomes the template,
        each group reference in it at most the match itself. Found before replacing."""
        references = template.count("\\g<")
        size = len(string)
        for index, match in enumerate(self._matches(string)):
            if count and index >= count:
                break
            size += len(template) + references * (match.end() - match.start())
            if size > MAX_STRING_CHARS:
                break
        return size


def _bounded_replacer(replace: Callable[[Any], str]) -> Callable[[Any], str]:
    """A replacement function whose results may not add up to more than the string limit."""
    total = 0

    def bounded(match: Any) -> str:
        nonlocal total
        text = replace(match)
        total += len(text)
        refuse_larger("string", total)
        return text

    return bounded


_GROUP_REFERENCE = re.compile(r"\\g<(\d+)>")


def _fit_group_references(template: str, groups: int) -> str:
    """jsonata-python's handling of references to groups the pattern lacks ("$12" with one
    group reads "$1" then "2"), done up front: it relies on the error text of `re`, which
    `regex` words differently."""

    def fit(reference: re.Match[str]) -> str:
        digits, suffix = reference.group(1), ""
        while int(digits) > groups:
            if len(digits) == 1:
                return suffix
            digits, suffix = digits[:-1], digits[-1] + suffix
        return f"\\g<{digits}>{suffix}"

    return _GROUP_REFERENCE.sub(fit, template)
