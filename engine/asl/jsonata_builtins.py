"""jsonata-python's built-in functions, bounded: each checked before it builds where its size
can be known ($pad, $join, $replace, $string), each result accounted for (jsonata_budget), and
$distinct and $spread made linear. guarded_functions() gives them to every compiled expression.

install() also bounds two helpers the library calls through its classes from code no subclass
reaches: the effective boolean value, and how arrays grow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from jsonata import functions, utils
from jsonata import jsonata as jsonata_lib

from engine.asl.jsonata_budget import (
    MAX_STRING_CHARS,
    built,
    check_walk,
    refuse_larger,
)
from engine.asl.limits import LimitExceeded, estimate_size

_Jsonata = jsonata_lib.Jsonata
_Functions = functions.Functions
# Arrays the effective-boolean-value walk may enter ([[0, 0], [0, 0]] is false only after
# looking at every element).
MAX_BOOLEAN_VISITS = 1_000_000


def bounded_string(arg: Any, prettify: Any) -> Any:
    """$string, and the text `&` joins: the JSON text's size is estimated before dumping."""
    if isinstance(arg, list | dict):
        indent = 2 if prettify else 0
        refuse_larger("string", estimate_size(arg, MAX_STRING_CHARS, indent=indent))
    text = _Functions.string(arg, prettify)
    if isinstance(text, str):
        built("string", len(text))
    return text


def _check_pad(args: Sequence[Any]) -> None:
    width = args[1] if len(args) > 1 else None
    if isinstance(width, int | float) and not isinstance(width, bool):
        refuse_larger("string", min(abs(width), MAX_STRING_CHARS + 1))


def _check_join(args: Sequence[Any]) -> None:
    strings = args[0] if args and isinstance(args[0], list) else []
    separator = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
    lengths = sum(len(item) for item in strings if isinstance(item, str))
    refuse_larger("string", lengths + len(separator) * max(len(strings) - 1, 0))


def _check_replace(args: Sequence[Any]) -> None:
    """Replacing a plain string: each occurrence becomes the replacement, whose `$0` is the
    occurrence. (A regular expression checks for itself: _TimedPattern.sub.)"""
    string, pattern = (list(args) + [None, None])[:2]
    replacement = args[2] if len(args) > 2 else None
    limit = args[3] if len(args) > 3 else None
    if not (isinstance(string, str) and isinstance(pattern, str) and pattern):
        return
    text = replacement if isinstance(replacement, str) else str(replacement)
    count = string.count(pattern)
    if isinstance(limit, int | float) and not isinstance(limit, bool) and limit >= 0:
        count = min(count, int(limit))
    each = len(text) + text.count("$0") * len(pattern)
    refuse_larger("string", len(string) + count * each)


def _check_walked(args: Sequence[Any]) -> None:
    check_walk(*args[:1])


def distinct(arr: Any) -> Any:
    """$distinct by key (linear), not by comparing every pair: equal items as `==` finds."""
    if not isinstance(arr, list) or len(arr) <= 1:
        return arr
    check_walk(arr)
    seen: set[Any] = set()
    results = utils.Utils.create_sequence() if isinstance(arr, utils.Utils.JList) else []
    for item in arr:
        key = _equality_key(item)
        if key not in seen:
            seen.add(key)
            results.append(item)
    return results


def spread(arg: Any) -> Any:
    """$spread in one pass: the library appends piece by piece, copying the result each time.

    Same result: objects become one object per key, arrays the concatenation of their items'
    pieces (a plain array once anything was added, as Functions.append makes it).
    """
    check_walk(arg)
    return _spread(arg)


def _spread(arg: Any) -> Any:
    if isinstance(arg, dict):
        pieces = utils.Utils.create_sequence()
        pieces.extend({key: value} for key, value in arg.items())
        return pieces
    if not isinstance(arg, list):
        return arg
    result = utils.Utils.create_sequence()
    for item in arg:
        piece = _spread(item)
        if piece is None:
            continue
        if utils.Utils.is_sequence(result):
            result = utils.Utils.JList(result)
        result.extend(piece if isinstance(piece, list) else [piece])
    return result


def _equality_key(value: Any) -> Any:
    """Hashable, and equal exactly when Python's == finds the values equal (1 == 1.0 == True,
    as jsonata-python's own $distinct compares)."""
    if isinstance(value, dict):
        return ("object", frozenset((key, _equality_key(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ("array", tuple(_equality_key(item) for item in value))
    try:
        hash(value)
    except TypeError:
        return ("identity", id(value))
    return ("value", value)


def bounded_to_boolean(arg: Any) -> bool | None:
    """Functions.to_boolean with a limit on the arrays it enters (see install())."""
    visits = [MAX_BOOLEAN_VISITS]
    return _effective_boolean(arg, visits)


def _effective_boolean(arg: Any, visits: list[int]) -> bool | None:
    if arg is None:
        return None
    if isinstance(arg, list):
        visits[0] -= len(arg) + 1
        if visits[0] < 0:
            raise LimitExceeded("its boolean test looks into too large an array")
        if len(arg) == 1:
            return _effective_boolean(arg[0], visits)
        return any(bool(_effective_boolean(item, visits)) for item in arg)
    if isinstance(arg, str):
        return bool(arg)
    if isinstance(arg, bool):
        return arg
    if isinstance(arg, int | float):
        return arg != 0
    if isinstance(arg, dict):
        return bool(arg)
    return False


# Prechecks by function name, made with the arguments before the library's function runs.
_PRECHECKS: dict[str, Callable[[Sequence[Any]], None]] = {
    "pad": _check_pad,
    "join": _check_join,
    "replace": _check_replace,
    "keys": _check_walked,
    "clone": _check_walked,
    "boolean": _check_walked,
    "not": _check_walked,
}
# Functions replaced outright, with the same signature as the library's.
_REPLACEMENTS: dict[str, Callable[..., Any]] = {
    "string": bounded_string,
    "distinct": distinct,
    "spread": spread,
}


class _Guarded(_Jsonata.JFunction):
    """A library function with its precheck, whose string or array result is accounted for."""

    def __init__(self, native: Any, call: Callable[..., Any] | None) -> None:
        self.native = native
        self.function = native.function
        self.signature = native.signature
        self.function_name = native.function_name
        self.replacement = call

    def call(self, input: Any, args: Any) -> Any:
        arguments = list(args or [])
        _PRECHECKS.get(self.function_name, _no_check)(arguments)
        if self.replacement is not None:
            padded = arguments + [None] * (self.native.get_number_of_args() - len(arguments))
            return self.replacement(*padded)
        result = self.native.call(input, args)
        if isinstance(result, str):
            built("string", len(result))
        elif isinstance(result, list):
            built("array", len(result))
        return result

    def validate(self, args: Any, context: Any) -> Any:
        return self.native.validate(args, context)

    def get_number_of_args(self) -> int:
        return self.native.get_number_of_args()


def _no_check(args: Sequence[Any]) -> None:
    return None


def guarded_functions() -> dict[str, _Jsonata.JFunction]:
    """Every built-in function of the library, guarded, by name: registered on each compiled
    expression, where they take the place of the library's own."""
    guarded = {}
    for name, native in _Jsonata.static_frame.bindings.items():
        if isinstance(native, _Jsonata.JNativeFunction):
            guarded[name] = _Guarded(native, _REPLACEMENTS.get(name))
    return guarded


def _bounded_extend(self: list[Any], items: Any) -> None:
    """JList.extend, refusing to grow an array past MAX_ARRAY_ITEMS (see install())."""
    if not hasattr(items, "__len__"):
        items = list(items)
    refuse_larger("array", len(self) + len(items))
    built("array", len(items))
    list.extend(self, items)


def install() -> None:
    """Bound two helpers the library calls through its classes, from static code and from
    loops that no subclass reaches; the replacements give the same answers.

    - Functions.to_boolean, the effective boolean value of filters, conditions, and/or,
      $filter, $boolean…: it walks arrays of arrays, so it gets a visit limit.
    - JList.extend, how every array grows in bulk (Functions.append, the array constructor,
      flattening a path's results, wildcards, grouping): it gets the array size limit.
    """
    _Functions.to_boolean = staticmethod(bounded_to_boolean)
    utils.Utils.JList.extend = _bounded_extend  # type: ignore[method-assign]
