"""Retry and Catch: retriers' numbers, catchers' fields, and where States.ALL may appear."""

from __future__ import annotations

from typing import Any

from .context import StateContext, is_int, is_number
from .expressions import check_assign, check_result_path
from .fields import report_foreign_field

ALL = "States.ALL"
MAX_ATTEMPTS = 99_999_999
MAX_DELAY_SECONDS = 31_622_400
JITTER_STRATEGIES = ("FULL", "NONE")
RETRIER_FIELDS = frozenset(
    {
        "ErrorEquals",
        "IntervalSeconds",
        "MaxAttempts",
        "BackoffRate",
        "MaxDelaySeconds",
        "JitterStrategy",
        "Comment",
    }
)
CATCHER_FIELDS = frozenset({"ErrorEquals", "Next", "Assign", "Comment"})


def check_retry(ctx: StateContext) -> None:
    for index, retrier in _handlers(ctx, "Retry"):
        for key in retrier:
            if key not in RETRIER_FIELDS:
                report_foreign_field(ctx, key, "a Retrier", "Retry", index, key)
        _check_retrier_numbers(ctx, retrier, index)


def check_catch(ctx: StateContext) -> None:
    catch_fields = CATCHER_FIELDS | {"Output" if ctx.is_jsonata else "ResultPath"}
    for index, catcher in _handlers(ctx, "Catch"):
        for key in catcher:
            if key not in catch_fields:
                report_foreign_field(ctx, key, "a Catcher", "Catch", index, key)
        if "Next" not in catcher:
            ctx.error("missing_field", f"Catch[{index}] needs 'Next'", "Catch", index)
        elif not isinstance(catcher["Next"], str):
            ctx.error(
                "invalid_type", "a Catcher's 'Next' must be a state name", "Catch", index, "Next"
            )
        if "ResultPath" in catcher and not ctx.is_jsonata:
            check_result_path(ctx, catcher["ResultPath"], "Catch", index, "ResultPath")
        if "Assign" in catcher:
            check_assign(ctx, catcher["Assign"], "Catch", index, "Assign")


def _handlers(ctx: StateContext, field: str) -> list[tuple[int, dict[str, Any]]]:
    """The well-formed retriers/catchers of `field`; reports the malformed ones."""
    value = ctx.node.get(field)
    if field not in ctx.node:
        return []
    if not isinstance(value, list):
        ctx.error("invalid_type", f"'{field}' must be an array", field)
        return []
    handlers = []
    for index, handler in enumerate(value):
        if not isinstance(handler, dict):
            ctx.error("invalid_type", f"{field}[{index}] must be an object", field, index)
            continue
        _check_error_equals(ctx, handler, field, index, is_last=index == len(value) - 1)
        handlers.append((index, handler))
    return handlers


def _check_error_equals(
    ctx: StateContext, handler: dict[str, Any], field: str, index: int, *, is_last: bool
) -> None:
    names = handler.get("ErrorEquals")
    if "ErrorEquals" not in handler:
        ctx.error("missing_field", f"{field}[{index}] needs 'ErrorEquals'", field, index)
    elif not _is_error_list(names):
        ctx.error(
            "invalid_type",
            f"{field}[{index}].ErrorEquals must be a non-empty array of error names",
            field,
            index,
            "ErrorEquals",
        )
    elif ALL in names and (len(names) > 1 or not is_last):
        ctx.error(
            "states_all_not_last",
            f"in {field}, '{ALL}' must be the only error name of the last entry",
            field,
            index,
            "ErrorEquals",
        )


def _is_error_list(names: Any) -> bool:
    return isinstance(names, list) and bool(names) and all(isinstance(n, str) for n in names)


def _check_retrier_numbers(ctx: StateContext, retrier: dict[str, Any], index: int) -> None:
    where = ("Retry", index)
    _check_int(ctx, retrier, "IntervalSeconds", 1, MAX_ATTEMPTS, where)
    _check_int(ctx, retrier, "MaxAttempts", 0, MAX_ATTEMPTS, where)
    _check_int(ctx, retrier, "MaxDelaySeconds", 1, MAX_DELAY_SECONDS, where)
    rate = retrier.get("BackoffRate", 1.0)
    if not is_number(rate):
        ctx.error("invalid_type", "'BackoffRate' must be a number", *where, "BackoffRate")
    elif rate < 1.0:
        ctx.error(
            "invalid_retry",
            f"'BackoffRate' must be at least 1.0, not {rate}",
            *where,
            "BackoffRate",
        )
    jitter = retrier.get("JitterStrategy", "NONE")
    if jitter not in JITTER_STRATEGIES:
        ctx.error(
            "invalid_retry",
            f"'JitterStrategy' must be FULL or NONE, not {jitter!r}",
            *where,
            "JitterStrategy",
        )


def _check_int(
    ctx: StateContext,
    retrier: dict[str, Any],
    key: str,
    low: int,
    high: int,
    where: tuple[str, int],
) -> None:
    if key not in retrier:
        return
    value = retrier[key]
    if not is_int(value):
        ctx.error("invalid_type", f"'{key}' must be an integer", *where, key)
    elif not low <= value <= high:
        ctx.error(
            "invalid_retry", f"'{key}' must be between {low} and {high}, not {value}", *where, key
        )
