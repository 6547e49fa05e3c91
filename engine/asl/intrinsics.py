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
    return evaluate_call(call, scope, rng=rng)


def evaluate_call(call: Call, scope: Scope, *, rng: random.Random | None = None) -> Any:
    """Run a parsed call: arguments first (paths read from `scope`), then the function."""
    args = [_argument_value(arg, scope, rng) for arg in call.args]
    function = FUNCTIONS[call.name]
    if call.name in ("MathRandom", "UUID"):
        return function(args, rng or _DEFAULT_RNG)
    if call.name == "Format":
        return function(args, call.args[0])  # the template's escapes are needed as written
    return function(args)


def _argument_value(arg: Literal | PathArg | Call, scope: Scope, rng: random.Random | None) -> Any:
    if isinstance(arg, Literal):
        return arg.value
    if isinstance(arg, PathArg):
        return jsonpath.select(arg.path, scope)
    return evaluate_call(arg, scope, rng=rng)
