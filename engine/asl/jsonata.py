"""The JSONata flavour of ASL: `{% %}` expressions in Arguments, Output, Assign, Items, Condition….

Evaluation runs on jsonata-python; this module adds what Step Functions adds (its extra
functions, the undefined/unsupported-result errors, AWS's error wording) and turns the
library's values back into plain JSON.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import math
import random
import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from jsonata import jexception, timebox, utils

from engine.asl import jsonata_budget, jsonata_builtins, jsonata_regex
from engine.asl.errors import QUERY_EVALUATION_ERROR, StatesError
from engine.asl.jsonata_bounds import BoundedJsonata
from engine.asl.limits import MAX_VALUE_CHARS, LimitExceeded, exceeds_size, load_json

_NULL = utils.Utils.NULL_VALUE
jsonata_builtins.install()
_GUARDED_FUNCTIONS = jsonata_builtins.guarded_functions()

# JSONata's $eval is the one standard function Step Functions leaves out.
_REMOVED_FUNCTIONS = ("eval",)


def is_expression(value: Any) -> bool:
    """True for a string of the form `{% ... %}` (no space allowed before `{%` or after `%}`)."""
    return isinstance(value, str) and len(value) >= 4 and value[:2] == "{%" and value[-2:] == "%}"


def expression_text(value: str) -> str:
    """The JSONata text inside `{% %}`, trimmed as AWS quotes it in error messages."""
    return value[2:-2].strip()


def syntax_error(expression: str) -> str | None:
    """Parse `expression` only; return None when valid, else the parser's message.

    Used by the definition validator.
    """
    try:
        _compile(expression)
    except jexception.JException as exc:
        return _describe(exc)
    except Exception as exc:  # the parser can fail with plain Python errors on odd input
        return str(exc) or type(exc).__name__
    return None


def evaluate(expression: str, bindings: Mapping[str, Any], *, field: str) -> Any:
    """Evaluate one expression (the text inside `{% %}`) to a JSON value.

    `bindings` maps variable names without `$` to JSON values (`states` plus ASL variables).
    Raises StatesError(States.QueryEvaluationError) as AWS words it.
    """
    try:
        raw = _run(_compile(expression), bindings)
    except RecursionError:
        raise _failure(expression, field, f": {_STACK_OVERFLOW}") from None
    except jexception.JException as exc:
        raise _failure(expression, field, _error_tail(exc)) from None
    except Exception as exc:  # LimitExceeded (jsonata_budget) among them
        raise _failure(expression, field, f": {exc}") from None
    if raw is None:
        raise _query_error(expression, field, "returned nothing (undefined).")
    if exceeds_size(raw):  # before copying: its parts may repeat ([$a, $a] nested deep)
        ending = f"returned a result larger than {MAX_VALUE_CHARS} characters."
        raise _query_error(expression, field, ending)
    try:
        return to_json(raw)
    except _Unsupported:
        raise _query_error(expression, field, "returned an unsupported result type.") from None
    except RecursionError:
        raise _query_error(expression, field, "returned a result nested too deeply.") from None


def render(template: Any, bindings: Mapping[str, Any], *, field: str) -> Any:
    """Copy a JSON template, replacing every `{% %}` string with its value.

    Keys extend the field path for messages (`Output` + `result` -> `Output/result`).
    """
    if is_expression(template):
        return evaluate(expression_text(template), bindings, field=field)
    if isinstance(template, dict):
        return {
            key: render(item, bindings, field=f"{field}/{key}") for key, item in template.items()
        }
    if isinstance(template, list):
        return [render(item, bindings, field=field) for item in template]
    return template


def expect_type(value: Any, expected: str, expression: str, field: str) -> None:
    """Raise AWS's "unexpected result type" error unless `value` has JSON type `expected`."""
    actual = json_type(value)
    if actual != expected:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        detail = f"Expected '{expected}', but was '{actual}' for value: {text}"
        raise _query_error(expression, field, f"returned an unexpected result type. {detail}")


def json_type(value: Any) -> str:
    """JSON type name of a Python JSON value: null, boolean, number, string, array, object."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def to_json(value: Any) -> Any:
    """Plain JSON from a jsonata-python result (null markers, sequences, functions refused)."""
    if value is _NULL or value is None:
        return None
    if isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return _json_number(value)
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json(item) for item in value]
    raise _Unsupported


class _Unsupported(Exception):
    """A result JSON cannot hold (a function, a regex)."""


def _json_number(value: float) -> float:
    if math.isnan(value) or math.isinf(value):
        raise _Unsupported
    return value


def _query_error(expression: str, field: str, ending: str) -> StatesError:
    cause = f"The JSONata expression '{expression}' specified for the field '{field}' {ending}"
    return StatesError(QUERY_EVALUATION_ERROR, cause)


def _failure(expression: str, field: str, detail: str) -> StatesError:
    return _query_error(expression, field, f"threw an error during evaluation{detail}")


# Runaway evaluations: the texts jsonata-js's time box uses, which AWS reports without a code.
_STACK_OVERFLOW = (
    "Stack overflow error: Check for non-terminating recursive function. "
    "Consider rewriting as tail-recursive."
)
_TIMEOUT = "Expression evaluation timeout: Check for infinite loop"
# One hostile expression should hold an engine for a second, not five: expressions over a
# 256 KiB state take milliseconds; a regular expression gets what is left of the box.
_TIMEOUT_MILLISECONDS = int(jsonata_budget.TIMEOUT_SECONDS * 1000)
_MAX_DEPTH = 500
# jsonata-python inherits message templates in which "function" reads "Object".
_ARRAY_TYPES = {"n": "numbers", "s": "strings", "b": "booleans", "o": "objects", "a": "arrays"}


def _error_tail(exc: jexception.JException) -> str:
    if exc.error == "D1011":
        return f": {_STACK_OVERFLOW}"
    if exc.error == "D1012":
        return f": {_TIMEOUT}"
    return f". {_describe(exc)}"


def _describe(exc: jexception.JException) -> str:
    template = jexception.JException.error_codes.get(exc.error)
    if template is None:
        return f"{exc.error}: {exc}"
    args = [exc.current, exc.expected, exc.extra]
    if exc.error in ("T0410", "T0411", "T0412"):
        args[1] = f'"{args[1]}"'
        args[2] = f'"{_ARRAY_TYPES.get(str(args[2]), args[2])}"'
    pieces = re.split(r"\{\{\w+\}\}", template.replace("Object", "function"))
    text = pieces[0] + "".join(
        str(arg) + piece for arg, piece in zip(args, pieces[1:], strict=False)
    )
    return f"{exc.error}: {text}"


@functools.lru_cache(maxsize=2048)
def _compile(expression: str) -> BoundedJsonata:
    """Parse once; the parsed instance is never evaluated directly (see _run).

    Regular expressions compile with a time limit (jsonata_regex), and the built-in functions
    are the guarded ones of jsonata_builtins.
    """
    compiled = BoundedJsonata(expression, jsonata_regex.compile_regex)
    compiled.set_output_convert_nulls(False)
    compiled.set_validate_input(False)
    for name, guarded in _GUARDED_FUNCTIONS.items():
        compiled.register_function(name, guarded)
    for name, function in _AWS_FUNCTIONS.items():
        compiled.register_lambda(name, function)
    for name in _REMOVED_FUNCTIONS:
        compiled.register_function(name, None)
    return compiled


def _run(compiled: BoundedJsonata, bindings: Mapping[str, Any]) -> Any:
    """Evaluate on a private shallow copy: jsonata-python keeps per-call state on the instance
    and on a thread-local "current" instance, so a shared cached one must not be touched."""
    runner = copy.copy(compiled)
    BoundedJsonata.CURRENT.jsonata = runner
    frame = runner.create_frame(None)
    for name, value in bindings.items():
        frame.bind(name, _NULL if value is None else value)
    timebox.Timebox(frame, _TIMEOUT_MILLISECONDS, _MAX_DEPTH)
    with jsonata_budget.evaluation():
        return runner.evaluate(None, frame)


# Step Functions' own functions (AWS guide, "Transforming data with JSONata").


def _partition(array: Any = None, size: Any = None) -> list[Any]:
    items = _array_argument(array, "partition")
    if not _is_integer(size) or size < 1:
        raise ValueError("The second argument of $partition must be a positive integer")
    chunk = int(size)
    jsonata_budget.built("array", -(-len(items) // chunk))
    return [items[start : start + chunk] for start in range(0, len(items), chunk)]


def _range(start: Any = None, end: Any = None, step: Any = None) -> list[Any]:
    if not all(_is_integer(value) for value in (start, end, step)) or step == 0:
        raise ValueError("The arguments of $range must be integers and the step must not be 0")
    first, last, by = int(start), int(end), int(step)
    span = last - first if by > 0 else first - last
    jsonata_budget.built("array", 0 if span < 0 else span // abs(by) + 1)  # counted, not built
    numbers = range(first, last + (1 if by > 0 else -1), by)
    return utils.Utils.create_sequence_from_iter(numbers)


_HASHES = {
    "MD5": "md5",
    "SHA-1": "sha1",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
}


def _hash(data: Any = None, algorithm: Any = None) -> str:
    if not isinstance(data, str) or algorithm not in _HASHES:
        raise ValueError(f"$hash needs a string and one of {', '.join(_HASHES)}")
    return hashlib.new(_HASHES[algorithm], data.encode()).hexdigest()


def _random(seed: Any = None) -> float:
    if seed is None:
        return random.random()
    if not _is_integer(seed):
        raise ValueError("The seed of $random must be an integer")
    return random.Random(seed).random()


def _uuid() -> str:
    return str(uuid.uuid4())


def _parse(text: Any = None) -> Any:
    if not isinstance(text, str):
        raise ValueError("The argument of $parse must be a string")
    try:
        return _from_json(load_json(text))
    except LimitExceeded as exc:
        raise ValueError(f"$parse could not parse the string: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"$parse could not parse the string: {exc.msg}") from None


def _from_json(value: Any) -> Any:
    """JSON nulls become JSONata nulls, or a parsed `null` would read as undefined."""
    if value is None:
        return _NULL
    if isinstance(value, dict):
        return {key: _from_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_from_json(item) for item in value]
    return value


def _array_argument(value: Any, function: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"The first argument of ${function} must be an array")
    return list(value)


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


_AWS_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "partition": _partition,
    "range": _range,
    "hash": _hash,
    "random": _random,
    "uuid": _uuid,
    "parse": _parse,
}
