"""Rendering JSON values the way AWS (Java/Jackson) prints them, for intrinsic functions.

Used by States.Format (toString forms), States.JsonToString and intrinsic error messages.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any


def is_number(value: Any) -> bool:
    """A JSON number: int or float, but not bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


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
    if is_number(value):
        return java_number(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}={to_java_text(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_java_text(item) for item in value) + "]"
    return str(value)
