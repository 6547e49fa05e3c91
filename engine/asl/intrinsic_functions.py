"""What each States.* intrinsic function does: FUNCTIONS maps a name to its implementation.

Behaviour and limits follow the AWS developer guide "Intrinsic functions for JSONPath states".
Every function takes the evaluated arguments; MathRandom and UUID also take the rng, and Format
also takes its template argument as parsed (see intrinsics.evaluate_call).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import random
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from engine.asl.intrinsic_args import (
    as_array,
    as_integer,
    as_limited_string,
    as_string,
    fail,
)
from engine.asl.intrinsic_math import math_add, math_random
from engine.asl.intrinsic_syntax import Call, Literal, PathArg
from engine.asl.java_text import is_number, to_java_text, to_json_text
from engine.asl.limits import MAX_VALUE_CHARS, LimitExceeded, load_json

_HASHES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384"}
_HASHES["SHA-512"] = "sha512"


def json_equal(left: Any, right: Any) -> bool:
    """Equality of JSON values: 1 == 1.0, but true != 1 and key order does not matter."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(json_equal(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(json_equal, left, right))
    if is_number(left) and is_number(right):
        return left == right
    return type(left) is type(right) and left == right


def _format(args: Sequence[Any], template_arg: Literal | PathArg | Call) -> str:
    template = as_string(args[0], "States.Format")
    raw = template_arg.raw if isinstance(template_arg, Literal) else None
    pieces = _split_template(raw) if raw is not None else template.split("{}")
    values = args[1:]
    if len(pieces) - 1 != len(values):
        raise fail(
            f"The number of arguments ({len(values)}) does not match the number of "
            f"placeholders ({len(pieces) - 1}) in the States.Format template"
        )
    out, length = [pieces[0]], len(pieces[0])
    for value, piece in zip(values, pieces[1:], strict=True):
        text = to_java_text(value)
        length += len(text) + len(piece)
        if length > MAX_VALUE_CHARS:  # before joining: the pieces may each repeat one value
            limit = MAX_VALUE_CHARS
            raise fail(f"The States.Format result would be longer than {limit} characters")
        out += [text, piece]
    return "".join(out)


def _split_template(raw: str) -> list[str]:
    """Split a literal template on unescaped {} and drop the escapes (\\{ \\} \\' \\\\)."""
    pieces, current, pos = [], [], 0
    while pos < len(raw):
        if raw[pos] == "\\" and pos + 1 < len(raw):
            current.append(raw[pos + 1])
            pos += 2
        elif raw.startswith("{}", pos):
            pieces.append("".join(current))
            current, pos = [], pos + 2
        else:
            current.append(raw[pos])
            pos += 1
    return pieces + ["".join(current)]


def _string_to_json(args: Sequence[Any]) -> Any:
    text = as_string(args[0], "States.StringToJson")
    if not text.strip():
        return None
    try:
        return load_json(text)
    except LimitExceeded as exceeded:
        raise fail(f"The States.StringToJson argument cannot be parsed: {exceeded}") from None
    except ValueError:
        raise fail(f"The States.StringToJson argument is not valid JSON: {text}") from None


def _json_to_string(args: Sequence[Any]) -> str:
    return to_json_text(args[0])


def _array(args: Sequence[Any]) -> list[Any]:
    return list(args)


def _array_partition(args: Sequence[Any]) -> list[list[Any]]:
    items = as_array(args[0], "States.ArrayPartition")
    size = as_integer(args[1], "States.ArrayPartition")
    if size <= 0:
        raise fail("The chunk size of States.ArrayPartition must be greater than 0")
    return [items[start : start + size] for start in range(0, len(items), size)]


def _array_contains(args: Sequence[Any]) -> bool:
    items = as_array(args[0], "States.ArrayContains")
    return any(json_equal(item, args[1]) for item in items)


def _array_range(args: Sequence[Any]) -> list[int]:
    start, end, step = (as_integer(arg, "States.ArrayRange") for arg in args)
    if step == 0:
        raise fail("The step of States.ArrayRange must not be 0")
    if _range_length(start, end, step) > 1000:  # counted, not built: the bounds may be huge
        raise fail("States.ArrayRange can produce at most 1000 items")
    return list(range(start, end + (1 if step > 0 else -1), step))


def _range_length(start: int, end: int, step: int) -> int:
    """How many items start, start + step, … up to `end` inclusive are (len(range()) cannot
    hold more than sys.maxsize)."""
    span = end - start if step > 0 else start - end
    return 0 if span < 0 else span // abs(step) + 1


def _array_get_item(args: Sequence[Any]) -> Any:
    items = as_array(args[0], "States.ArrayGetItem")
    index = as_integer(args[1], "States.ArrayGetItem")
    if not 0 <= index < len(items):
        raise fail(f"The index {index} is out of bounds for an array of length {len(items)}")
    return items[index]


def _array_length(args: Sequence[Any]) -> int:
    return len(as_array(args[0], "States.ArrayLength"))


def _array_unique(args: Sequence[Any]) -> list[Any]:
    """The first of each group of json_equal items, found by key: linear, not quadratic."""
    unique: dict[Any, Any] = {}
    for item in as_array(args[0], "States.ArrayUnique"):
        unique.setdefault(_equality_key(item), item)
    return list(unique.values())


def _equality_key(value: Any) -> Any:
    """A hashable key that two values share exactly when they are json_equal."""
    if isinstance(value, bool):
        return ("boolean", value)
    if is_number(value):
        return ("number", value)  # 1 and 1.0 are equal and hash alike
    if isinstance(value, list):
        return ("array", tuple(_equality_key(item) for item in value))
    if isinstance(value, dict):
        return ("object", frozenset((key, _equality_key(item)) for key, item in value.items()))
    return ("other", value)


def _base64_encode(args: Sequence[Any]) -> str:
    text = as_limited_string(args[0], "States.Base64Encode")
    return base64.b64encode(text.encode()).decode("ascii")


def _base64_decode(args: Sequence[Any]) -> str:
    text = as_limited_string(args[0], "States.Base64Decode")
    try:
        return base64.b64decode(text, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise fail(f"The States.Base64Decode argument is not valid Base64: {text}") from None


def _hash(args: Sequence[Any]) -> str:
    data = as_limited_string(args[0], "States.Hash")
    algorithm = as_string(args[1], "States.Hash")
    if algorithm not in _HASHES:
        raise fail(
            f"The hash algorithm {algorithm} is not supported; use one of {', '.join(_HASHES)}"
        )
    return hashlib.new(_HASHES[algorithm], data.encode()).hexdigest()


def _json_merge(args: Sequence[Any]) -> dict[str, Any]:
    left, right, deep = args
    if not isinstance(left, dict) or not isinstance(right, dict):
        raise fail("The States.JsonMerge function expects two JSON objects")
    if deep is not False:
        raise fail(
            "States.JsonMerge supports only shallow merging; the third argument must be false"
        )
    return {**left, **right}


def _string_split(args: Sequence[Any]) -> list[str]:
    """Split on any of the delimiter characters, dropping empty tokens (no regex is built, so
    a long delimiter string costs nothing to compile)."""
    text = as_string(args[0], "States.StringSplit")
    delimiters = as_string(args[1], "States.StringSplit")
    if not delimiters:
        return [text] if text else []
    first = delimiters[0]
    unified = text.translate({ord(char): first for char in set(delimiters)})
    return [token for token in unified.split(first) if token]


def _uuid(args: Sequence[Any], rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "Format": _format,
    "StringToJson": _string_to_json,
    "JsonToString": _json_to_string,
    "Array": _array,
    "ArrayPartition": _array_partition,
    "ArrayContains": _array_contains,
    "ArrayRange": _array_range,
    "ArrayGetItem": _array_get_item,
    "ArrayLength": _array_length,
    "ArrayUnique": _array_unique,
    "Base64Encode": _base64_encode,
    "Base64Decode": _base64_decode,
    "Hash": _hash,
    "JsonMerge": _json_merge,
    "MathRandom": math_random,
    "MathAdd": math_add,
    "StringSplit": _string_split,
    "UUID": _uuid,
}
