"""The JSON and text Baton accepts from outside: nested at most MAX_DEPTH levels, valid Unicode.

Used for request bodies (baton.api.parsers for /api/, baton.aws.views for /aws/), for the JSON
text some fields carry (Step Functions' `input`, definitions in designer.services), and for the
names in URLs and ARNs (baton.middleware, baton.aws.arns).

Why 256, measured on Python 3.11 and Postgres 16: json.loads and json.dumps handle about as many
levels as the recursion limit (1,000 by default; jsonata-python raises it to 10,000 when
imported); Baton's own recursive walkers take 2-3 frames a level (engine.api.serializers'
unstorable manages 331 levels at the default limit, copy.deepcopy 497); Postgres refuses jsonb
deeper than 781 levels at its smallest max_stack_depth (100kB) and 16,365 at the default 2MB
("stack depth limit exceeded"). 256 stays below each of them, whatever the recursion limit.
"""

from __future__ import annotations

import json
from typing import Any

from engine.asl import storable

MAX_DEPTH = 256
# Reasons, to follow what is refused: f"The request body {TOO_DEEP}."
TOO_DEEP = f"is nested more than {MAX_DEPTH} levels deep (Baton's limit)"
NOT_UNICODE = "has a lone surrogate (\\ud800-\\udfff without its pair), which is not Unicode"


class Refused(ValueError):
    """JSON that parses but that Baton refuses; the message is TOO_DEEP or NOT_UNICODE."""


def loads(text: str | bytes, **kwargs: Any) -> Any:
    """json.loads that raises Refused for too deep or non-Unicode JSON, ValueError for non-JSON."""
    try:
        value = json.loads(text, **kwargs)
    except RecursionError:
        raise Refused(TOO_DEEP) from None
    why = problem(value)
    if why:
        raise Refused(why)
    return value


def problem(value: Any) -> str | None:
    """Why Baton refuses this parsed JSON value (TOO_DEEP, NOT_UNICODE), or None."""
    if is_too_deep(value):
        return TOO_DEEP
    try:
        json.dumps(value, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return NOT_UNICODE
    return None


def is_too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when lists and objects nest more than `limit` levels (`[]` is one level).

    Walked a level at a time rather than recursively, so a deep value cannot exhaust the stack."""
    level = [value]
    for _ in range(limit):
        level = [child for node in level for child in _children(node)]
        if not level:
            return False
    return any(isinstance(node, (dict, list)) for node in level)


def _children(node: Any) -> Any:
    if isinstance(node, dict):
        return node.values()
    if isinstance(node, list):
        return node
    return ()


def is_storable_text(text: str) -> bool:
    """Whether Postgres can store and compare `text`: no lone surrogate, no NUL."""
    return storable.problem(text) is None
