"""States.MathRandom and States.MathAdd, with java.util.Random for seeded MathRandom."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

from engine.asl.intrinsic_args import JAVA_INT_MAX, as_java_int, as_whole_number, fail
from engine.asl.java_text import to_json_text
from engine.asl.limits import is_finite_number


def math_random(args: Sequence[Any], rng: random.Random) -> int:
    start, end = (
        as_java_int(as_whole_number(arg, "States.MathRandom"), "States.MathRandom")
        for arg in args[:2]
    )
    if end <= start:
        raise fail("The end of States.MathRandom must be greater than its start")
    if end - start > JAVA_INT_MAX:  # java.util.Random.nextInt takes an int bound
        raise fail(f"The range of States.MathRandom must be at most {JAVA_INT_MAX} wide")
    if len(args) == 3:
        seed = as_whole_number(args[2], "States.MathRandom")
        return start + JavaRandom(seed).next_int(end - start)
    return rng.randrange(start, end)


def math_add(args: Sequence[Any]) -> int:
    rounded = [_java_round(arg) for arg in args]
    return sum(as_java_int(value, "States.MathAdd") for value in rounded)


def _java_round(value: Any) -> int:
    """Math.round: half up. Integers as they are (a huge one cannot become a float)."""
    if not is_finite_number(value):
        raise fail(f"The States.MathAdd function expects numbers, got {to_json_text(value)}")
    return value if isinstance(value, int) else math.floor(value + 0.5)


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
