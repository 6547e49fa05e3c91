"""Intrinsic functions of JSONPath states (States.Format, States.Array, …): parse and evaluate.

Behaviour and limits follow the AWS developer guide "Intrinsic functions for JSONPath states";
values are rendered as AWS (Java/Jackson) renders them, checked against recorded AWS results.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import random
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.asl import jsonpath
from engine.asl.errors import INTRINSIC_FAILURE, StatesError
from engine.asl.scope import Scope

_CALL_START = re.compile(r"\s*States\.([A-Za-z0-9]+)\s*\(")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
_WORDS = {"null": None, "true": True, "false": False}
_DEFAULT_RNG = random.Random()
MAX_NESTING = 10


class IntrinsicSyntaxError(ValueError):
    """An intrinsic function call that cannot be parsed (bad syntax, unknown name, arity)."""


@dataclass(frozen=True)
class Literal:
    value: Any
    raw: str | None = None  # a string literal's text with its escapes, for States.Format


@dataclass(frozen=True)
class PathArg:
    path: str


@dataclass(frozen=True)
class Call:
    name: str  # without the "States." prefix
    args: tuple[Literal | PathArg | Call, ...]


# --- parsing -------------------------------------------------------------------------------------


def is_intrinsic(text: Any) -> bool:
    """True when `text` looks like an intrinsic call: "States.Name(...)"."""
    return isinstance(text, str) and bool(_CALL_START.match(text)) and text.rstrip().endswith(")")


def parse(text: str) -> Call:
    """Parse an intrinsic call; raise IntrinsicSyntaxError with the reason when it is not one."""
    parser = _Parser(text)
    call = parser.call(depth=1)
    parser.skip_spaces()
    if parser.pos != len(text):
        raise IntrinsicSyntaxError(f"unexpected text after the call: {text[parser.pos :]!r}")
    return call


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def call(self, depth: int) -> Call:
        match = _CALL_START.match(self.text, self.pos)
        if not match:
            raise IntrinsicSyntaxError(f"expected States.<Function>( at position {self.pos}")
        if depth > MAX_NESTING:
            raise IntrinsicSyntaxError(f"intrinsic functions nest at most {MAX_NESTING} deep")
        name = match.group(1)
        if name not in FUNCTIONS:
            raise IntrinsicSyntaxError(f"unknown intrinsic function States.{name}")
        self.pos = match.end()
        args = self.arguments(depth)
        _check_arity(name, len(args))
        return Call(name, tuple(args))

    def arguments(self, depth: int) -> list[Literal | PathArg | Call]:
        args: list[Literal | PathArg | Call] = []
        self.skip_spaces()
        if self.peek() == ")":
            self.pos += 1
            return args
        while True:
            args.append(self.argument(depth))
            self.skip_spaces()
            char = self.peek()
            self.pos += 1
            if char == ")":
                return args
            if char != ",":
                raise IntrinsicSyntaxError(f"expected ',' or ')' at position {self.pos - 1}")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def argument(self, depth: int) -> Literal | PathArg | Call:
        self.skip_spaces()
        char = self.peek()
        if char == "'":
            return self.string()
        if char == "$":
            return self.path()
        if self.text.startswith("States.", self.pos):
            return self.call(depth + 1)
        return self.word_or_number()

    def string(self) -> Literal:
        start, chars = self.pos, []
        self.pos += 1
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\" and self.pos + 1 < len(self.text):
                chars.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            self.pos += 1
            if char == "'":
                return Literal("".join(chars), raw=self.text[start + 1 : self.pos - 1])
            chars.append(char)
        raise IntrinsicSyntaxError(f"unterminated string starting at position {start}")

    def path(self) -> PathArg:
        start, depth, quote = self.pos, 0, ""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char in "[(":
                depth += 1
            elif char in "])" and depth:
                depth -= 1
            elif char in ",)" or char.isspace():
                break
            self.pos += 1
        text = self.text[start : self.pos]
        problem = jsonpath.syntax_error(text)
        if problem:
            raise IntrinsicSyntaxError(f"invalid path {text!r}: {problem}")
        return PathArg(text)

    def word_or_number(self) -> Literal:
        for word, value in _WORDS.items():
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return Literal(value)
        match = _NUMBER.match(self.text, self.pos)
        if not match:
            raise IntrinsicSyntaxError(f"unexpected argument at position {self.pos}")
        self.pos = match.end()
        return Literal(json.loads(match.group()))


def _check_arity(name: str, count: int) -> None:
    low, high = ARITY[name]
    if count < low or (high is not None and count > high):
        expected = str(low) if low == high else f"{low} to {high}" if high else f"at least {low}"
        raise IntrinsicSyntaxError(
            f"States.{name} takes {expected} argument{'s' if expected != '1' else ''}, got {count}"
        )


# --- evaluation ----------------------------------------------------------------------------------


def evaluate(text: str, scope: Scope, *, rng: random.Random | None = None) -> Any:
    """Parse and run an intrinsic call against `scope`; runtime failures raise StatesError."""
    try:
        call = parse(text)
    except IntrinsicSyntaxError as error:
        raise StatesError(INTRINSIC_FAILURE, str(error)) from None
    return evaluate_call(call, scope, rng=rng)


def evaluate_call(call: Call, scope: Scope, *, rng: random.Random | None = None) -> Any:
    args = [_argument_value(arg, scope, rng) for arg in call.args]
    function = FUNCTIONS[call.name]
    if call.name in ("MathRandom", "UUID"):
        return function(args, rng or _DEFAULT_RNG)
    if call.name == "Format":
        return _format(args, call.args[0])
    return function(args)


def _argument_value(arg: Literal | PathArg | Call, scope: Scope, rng: random.Random | None) -> Any:
    if isinstance(arg, Literal):
        return arg.value
    if isinstance(arg, PathArg):
        return jsonpath.select(arg.path, scope)
    return evaluate_call(arg, scope, rng=rng)


def _fail(cause: str) -> StatesError:
    return StatesError(INTRINSIC_FAILURE, cause)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _as_integer(value: Any, function: str) -> int:
    if _is_number(value) and float(value).is_integer():
        return int(value)
    raise _fail(f"The {function} function expects integer arguments, got {to_json_text(value)}")


def _as_array(value: Any, function: str) -> list[Any]:
    if isinstance(value, list):
        return value
    raise _fail(f"The {function} function expects an array, got {to_json_text(value)}")


def _as_string(value: Any, function: str) -> str:
    if isinstance(value, str):
        return value
    raise _fail(f"The {function} function expects a string, got {to_json_text(value)}")


# --- rendering values the way AWS (Java) prints them --------------------------------------------


def java_number(value: int | float) -> str:
    """A number as Java prints it: 1, 1.0, 0.001, 1.5E-5, 1.0E21 (Double.toString)."""
    if isinstance(value, int):
        return str(value)
    if math.isinf(value) or math.isnan(value):
        return "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1, value) < 0 else "0.0"
    exact = Decimal(repr(value))
    if 1e-3 <= abs(value) < 1e7:
        text = format(exact, "f")
        return text if "." in text else text + ".0"
    sign, digits, exponent = exact.normalize().as_tuple()
    text = "".join(map(str, digits))
    mantissa = text[0] + "." + (text[1:] or "0")
    return f"{'-' if sign else ''}{mantissa}E{len(text) + int(exponent) - 1}"


def to_json_text(value: Any) -> str:
    """Compact JSON as AWS writes it (States.JsonToString): no spaces, Java number forms."""
    if isinstance(value, float):
        return java_number(value)
    if isinstance(value, dict):
        items = (f"{json.dumps(key)}:{to_json_text(item)}" for key, item in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(to_json_text(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def to_java_text(value: Any) -> str:
    """A value as Java's toString prints it, which States.Format uses: {a=1, b=[x, y]}."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_number(value):
        return java_number(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}={to_java_text(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_java_text(item) for item in value) + "]"
    return str(value)


# --- the functions -------------------------------------------------------------------------------


def _format(args: Sequence[Any], template_arg: Literal | PathArg | Call) -> str:
    template = _as_string(args[0], "States.Format")
    raw = template_arg.raw if isinstance(template_arg, Literal) else None
    pieces = _split_template(raw) if raw is not None else template.split("{}")
    values = args[1:]
    if len(pieces) - 1 != len(values):
        raise _fail(
            f"The number of arguments ({len(values)}) does not match the number of "
            f"placeholders ({len(pieces) - 1}) in the States.Format template"
        )
    out = [pieces[0]]
    for value, piece in zip(values, pieces[1:], strict=True):
        out += [to_java_text(value), piece]
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
    text = _as_string(args[0], "States.StringToJson")
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        raise _fail(f"The States.StringToJson argument is not valid JSON: {text}") from None


def _json_to_string(args: Sequence[Any]) -> str:
    return to_json_text(args[0])


def _array(args: Sequence[Any]) -> list[Any]:
    return list(args)


def _array_partition(args: Sequence[Any]) -> list[list[Any]]:
    items = _as_array(args[0], "States.ArrayPartition")
    size = _as_integer(args[1], "States.ArrayPartition")
    if size <= 0:
        raise _fail("The chunk size of States.ArrayPartition must be greater than 0")
    return [items[start : start + size] for start in range(0, len(items), size)]


def json_equal(left: Any, right: Any) -> bool:
    """Equality of JSON values: 1 == 1.0, but true != 1 and key order does not matter."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(json_equal(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(json_equal, left, right))
    if _is_number(left) and _is_number(right):
        return left == right
    return type(left) is type(right) and left == right


def _array_contains(args: Sequence[Any]) -> bool:
    items = _as_array(args[0], "States.ArrayContains")
    return any(json_equal(item, args[1]) for item in items)


def _array_range(args: Sequence[Any]) -> list[int]:
    start, end, step = (_as_integer(arg, "States.ArrayRange") for arg in args)
    if step == 0:
        raise _fail("The step of States.ArrayRange must not be 0")
    values = list(range(start, end + (1 if step > 0 else -1), step))
    if len(values) > 1000:
        raise _fail("States.ArrayRange can produce at most 1000 items")
    return values


def _array_get_item(args: Sequence[Any]) -> Any:
    items = _as_array(args[0], "States.ArrayGetItem")
    index = _as_integer(args[1], "States.ArrayGetItem")
    if not 0 <= index < len(items):
        raise _fail(f"The index {index} is out of bounds for an array of length {len(items)}")
    return items[index]


def _array_length(args: Sequence[Any]) -> int:
    return len(_as_array(args[0], "States.ArrayLength"))


def _array_unique(args: Sequence[Any]) -> list[Any]:
    unique: list[Any] = []
    for item in _as_array(args[0], "States.ArrayUnique"):
        if not any(json_equal(item, seen) for seen in unique):
            unique.append(item)
    return unique


def _limited_string(value: Any, function: str) -> str:
    text = _as_string(value, function)
    if len(text) > 10000:
        raise _fail(f"The {function} argument is limited to 10000 characters")
    return text


def _base64_encode(args: Sequence[Any]) -> str:
    text = _limited_string(args[0], "States.Base64Encode")
    return base64.b64encode(text.encode()).decode("ascii")


def _base64_decode(args: Sequence[Any]) -> str:
    text = _limited_string(args[0], "States.Base64Decode")
    try:
        return base64.b64decode(text, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise _fail(f"The States.Base64Decode argument is not valid Base64: {text}") from None


_HASHES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384"}
_HASHES["SHA-512"] = "sha512"


def _hash(args: Sequence[Any]) -> str:
    data = _limited_string(args[0], "States.Hash")
    algorithm = _as_string(args[1], "States.Hash")
    if algorithm not in _HASHES:
        raise _fail(
            f"The hash algorithm {algorithm} is not supported; use one of {', '.join(_HASHES)}"
        )
    return hashlib.new(_HASHES[algorithm], data.encode()).hexdigest()


def _json_merge(args: Sequence[Any]) -> dict[str, Any]:
    left, right, deep = args
    if not isinstance(left, dict) or not isinstance(right, dict):
        raise _fail("The States.JsonMerge function expects two JSON objects")
    if deep is not False:
        raise _fail(
            "States.JsonMerge supports only shallow merging; the third argument must be false"
        )
    return {**left, **right}


def _math_random(args: Sequence[Any], rng: random.Random) -> int:
    start, end = (_as_whole_number(arg, "States.MathRandom") for arg in args[:2])
    if end <= start:
        raise _fail("The end of States.MathRandom must be greater than its start")
    if len(args) == 3:
        seed = _as_whole_number(args[2], "States.MathRandom")
        return start + JavaRandom(seed).next_int(end - start)
    return rng.randrange(start, end)


def _as_whole_number(value: Any, function: str) -> int:
    """Numbers truncated to integers, as AWS accepts States.MathRandom(12.5, 44.51)."""
    if not _is_number(value):
        raise _fail(f"The {function} function expects numbers, got {to_json_text(value)}")
    return int(value)


class JavaRandom:
    """java.util.Random's generator, so a seeded States.MathRandom repeats AWS's numbers."""

    _MULTIPLIER, _MASK = 0x5DEECE66D, (1 << 48) - 1

    def __init__(self, seed: int) -> None:
        self.seed = (seed ^ self._MULTIPLIER) & self._MASK

    def _next(self, bits: int) -> int:
        self.seed = (self.seed * self._MULTIPLIER + 0xB) & self._MASK
        value = self.seed >> (48 - bits)
        return value - (1 << bits) if value >= 1 << (bits - 1) and bits == 32 else value

    def next_int(self, bound: int) -> int:
        if bound & -bound == bound:
            return (bound * self._next(31)) >> 31
        while True:
            bits = self._next(31)
            value = bits % bound
            if bits - value + (bound - 1) < 2**31:
                return value


def _java_round(value: Any) -> int:
    if not _is_number(value):
        raise _fail(f"The States.MathAdd function expects numbers, got {to_json_text(value)}")
    return math.floor(value + 0.5)


def _math_add(args: Sequence[Any]) -> int:
    total = sum(_java_round(arg) for arg in args)
    if not all(-(2**31) <= _java_round(arg) < 2**31 for arg in args):
        raise _fail("The States.MathAdd arguments must be between -2147483648 and 2147483647")
    return total


def _string_split(args: Sequence[Any]) -> list[str]:
    text = _as_string(args[0], "States.StringSplit")
    delimiters = _as_string(args[1], "States.StringSplit")
    if not delimiters:
        return [text] if text else []
    pattern = "[" + re.escape(delimiters) + "]"
    return [token for token in re.split(pattern, text) if token]


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
    "MathRandom": _math_random,
    "MathAdd": _math_add,
    "StringSplit": _string_split,
    "UUID": _uuid,
}

# (fewest, most) arguments; None means no upper bound.
ARITY: dict[str, tuple[int, int | None]] = {
    "Format": (1, None),
    "StringToJson": (1, 1),
    "JsonToString": (1, 1),
    "Array": (0, None),
    "ArrayPartition": (2, 2),
    "ArrayContains": (2, 2),
    "ArrayRange": (3, 3),
    "ArrayGetItem": (2, 2),
    "ArrayLength": (1, 1),
    "ArrayUnique": (1, 1),
    "Base64Encode": (1, 1),
    "Base64Decode": (1, 1),
    "Hash": (2, 2),
    "JsonMerge": (3, 3),
    "MathRandom": (2, 3),
    "MathAdd": (2, 2),
    "StringSplit": (2, 2),
    "UUID": (0, 0),
}
