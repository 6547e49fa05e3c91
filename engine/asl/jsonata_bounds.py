"""jsonata-python's evaluator with its operators bounded: ranges and `&` checked before they
build, and equality, `in`, `**`, flattening and transforms refusing to walk a value that shares
its parts past the size limit ([$a, $a] nested forty times holds 2^40 nodes in little memory).

engine.asl.jsonata compiles every expression as a BoundedJsonata, with the regex engine of
jsonata_regex and the functions of jsonata_builtins.
"""

from __future__ import annotations

from typing import Any

from jsonata import jsonata as jsonata_lib

from engine.asl.jsonata_budget import built, check_walk
from engine.asl.jsonata_builtins import bounded_string

_Jsonata = jsonata_lib.Jsonata


class BoundedJsonata(_Jsonata):
    """jsonata-python's evaluator with the operators that build or walk values bounded."""

    def evaluate_range_expression(self, lhs: Any, rhs: Any) -> Any:
        if _is_int(lhs) and _is_int(rhs) and rhs >= lhs:
            built("array", rhs - lhs + 1)  # checked before the library's own 1e7 limit
        return super().evaluate_range_expression(lhs, rhs)

    def evaluate_string_concat(self, lhs: Any, rhs: Any) -> str:
        left = _text(lhs)
        right = _text(rhs)
        built("string", len(left) + len(right))
        return left + right

    def evaluate_equality_expression(self, lhs: Any, rhs: Any, op: Any) -> Any:
        check_walk(lhs, rhs)
        return super().evaluate_equality_expression(lhs, rhs, op)

    def evaluate_includes_expression(self, lhs: Any, rhs: Any) -> Any:
        check_walk(lhs, rhs)
        return super().evaluate_includes_expression(lhs, rhs)

    def evaluate_descendants(self, expr: Any, input: Any) -> Any:
        check_walk(input)
        return super().evaluate_descendants(expr, input)

    def flatten(self, arg: Any, flattened: Any) -> Any:
        if flattened is None:  # the outermost call: the recursion below walks every list
            check_walk(arg)
        return super().flatten(arg, flattened)

    def evaluate_transform_expression(self, expr: Any, input: Any, environment: Any) -> Any:
        transformer = _BoundedTransformer(self, expr, environment)
        return _Jsonata.JFunction(transformer, "<(oa):o>")


class _BoundedTransformer(_Jsonata.Transformer):
    """`| pattern | update |` copies its input through JSON text first: check its size."""

    def call(self, input: Any, args: Any) -> Any:
        if args:
            check_walk(args[0])
        return super().call(input, args)


def _text(value: Any) -> str:
    """An operand of `&` as text; a string as it is (it was accounted for when built)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else bounded_string(value, None)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
