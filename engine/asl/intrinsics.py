"""Intrinsic functions of JSONPath states (States.Format, States.Array, …): parse and evaluate.

Behaviour and limits follow the AWS developer guide "Intrinsic functions for JSONPath states";
values are rendered as AWS (Java/Jackson) renders them, checked against recorded AWS results.
This module evaluates calls and is the import point for the rest: parsing is in
intrinsic_syntax, the functions in intrinsic_functions and intrinsic_math, rendering in java_text.
"""

from __future__ import annotations

import random
from typing import Any

from engine.asl import jsonpath
from engine.asl.errors import INTRINSIC_FAILURE, StatesError
from engine.asl.intrinsic_args import fail
from engine.asl.intrinsic_functions import FUNCTIONS, json_equal
from engine.asl.intrinsic_math import JavaRandom
from engine.asl.intrinsic_syntax import (
    ARITY,
    MAX_NESTING,
    Call,
    IntrinsicSyntaxError,
    Literal,
    PathArg,
    is_intrinsic,
    parse,
)
from engine.asl.java_text import java_number, to_java_text, to_json_text
from engine.asl.limits import MAX_VALUE_CHARS, exceeds_size, is_finite_number, is_number
from engine.asl.scope import Scope

__all__ = [
    "ARITY",
    "FUNCTIONS",
    "MAX_NESTING",
    "Call",
    "IntrinsicSyntaxError",
    "JavaRandom",
    "Literal",
    "PathArg",
    "evaluate",
    "evaluate_call",
    "is_intrinsic",
    "java_number",
    "json_equal",
    "parse",
    "to_java_text",
    "to_json_text",
]

_DEFAULT_RNG = random.Random()


def evaluate(text: str, scope: Scope, *, rng: random.Random | None = None) -> Any:
    """Parse and run an intrinsic call against `scope`; runtime failures raise StatesError."""
    try:
        call = parse(text)
    except IntrinsicSyntaxError as error:
        raise StatesError(INTRINSIC_FAILURE, str(error)) from None
    try:
        return evaluate_call(call, scope, rng=rng)
    except RecursionError:  # a value nested too deeply for the walkers (json_equal, …)
        raise fail(f"The arguments of States.{call.name} are nested too deeply") from None


def evaluate_call(call: Call, scope: Scope, *, rng: random.Random | None = None) -> Any:
    """Run a parsed call: arguments first (paths read from `scope`), then the function.

    Every result is bounded (limits.MAX_VALUE_CHARS), so nested calls cannot multiply a value.
    """
    args = [_argument_value(arg, scope, rng) for arg in call.args]
    function = FUNCTIONS[call.name]
    if call.name in ("MathRandom", "UUID"):
        result = function(args, rng or _DEFAULT_RNG)
    elif call.name == "Format":
        result = function(args, call.args[0])  # the template's escapes are needed as written
    else:
        result = function(args)
    if isinstance(result, str | list | dict) and exceeds_size(result):
        limit = MAX_VALUE_CHARS
        raise fail(f"The result of States.{call.name} would be larger than {limit} characters")
    return result


def _argument_value(arg: Literal | PathArg | Call, scope: Scope, rng: random.Random | None) -> Any:
    if isinstance(arg, Literal):
        if is_number(arg.value) and not is_finite_number(arg.value):  # 1e400 reads as inf
            raise fail("A number in the arguments is too large for a double (beyond ±1.8E308)")
        return arg.value
    if isinstance(arg, PathArg):
        return jsonpath.select(arg.path, scope)
    return evaluate_call(arg, scope, rng=rng)
