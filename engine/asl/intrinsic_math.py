"""States.MathRandom and States.MathAdd, with java.util.Random for seeded MathRandom."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

from engine.asl.intrinsic_args import as_whole_number, fail
from engine.asl.java_text import is_number, to_json_text


def math_random(args: Sequence[Any], rng: random.Random) -> int:
    start, end = (as_whole_number(arg, "States.MathRandom") for arg in args[:2])
    if end <= start:
        raise fail("The end of States.MathRandom must be greater than its start")
    if len(args) == 3:
        seed = as_whole_number(args[2], "States.MathRandom")
        return start + JavaRandom(seed).next_int(end - start)
    return rng.randrange(start, end)


def math_add(args: Sequence[Any]) -> int:
    total = sum(_java_round(arg) for arg in args)
    if not all(-(2**31) <= _java_round(arg) < 2**31 for arg in args):
        raise fail("The States.MathAdd arguments must be between -2147483648 and 2147483647")
    return total


def _java_round(value: Any) -> int:
    if not is_number(value):
        raise fail(f"The States.MathAdd function expects numbers, got {to_json_text(value)}")
    return math.floor(value + 0.5)


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
