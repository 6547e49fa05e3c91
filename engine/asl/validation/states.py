"""Per-state checks: the registry of state types, the fields every state shares and each
type's own rules (states-language.net — "State Types", AWS "States" reference)."""

from __future__ import annotations

from collections.abc import Callable

from . import syntax
from .approval import check_approval_task
from .choice import check_choice
from .context import StateContext, is_int, is_jsonata_text
from .expressions import (
    check_assign,
    check_dynamic_value,
    check_jsonata_strings,
    check_path_field,
    check_payload_template,
    check_result_path,
)
from .fields import check_exclusive, check_fields
from .handlers import check_catch, check_retry
from .parallel_map import check_map, check_parallel

FLOW_TYPES = frozenset({"Pass", "Task", "Wait", "Parallel", "Map"})
WAIT_FIELDS = ("Seconds", "Timestamp", "SecondsPath", "TimestampPath")
TEMPLATE_FIELDS = ("Parameters", "ResultSelector", "ItemSelector")


def check_state(ctx: StateContext, state_type: str) -> None:
    """Every check of one state of a known type, except where its transitions lead."""
    check_fields(ctx, state_type)
    if not isinstance(ctx.node.get("Comment", ""), str):
        ctx.error("invalid_type", "'Comment' must be a string", "Comment")
    if state_type in FLOW_TYPES:
        _check_flow(ctx)
    if "Assign" in ctx.node:
        check_assign(ctx, ctx.node["Assign"], "Assign")
    if ctx.is_jsonata:
        check_jsonata_strings(ctx, ctx.node)
    else:
        _check_jsonpath_io(ctx)
    TYPE_CHECKS.get(state_type, _no_check)(ctx)
    if "Retry" in ctx.node:
        check_retry(ctx)
    if "Catch" in ctx.node:
        check_catch(ctx)


def _no_check(ctx: StateContext) -> None:
    return None


def _check_flow(ctx: StateContext) -> None:
    """Pass/Task/Wait/Parallel/Map: exactly one of Next and "End": true."""
    has_next, ends = "Next" in ctx.node, ctx.node.get("End") is True
    if "End" in ctx.node and not isinstance(ctx.node["End"], bool):
        ctx.error("invalid_type", "'End' must be true or false", "End")
    if has_next and not isinstance(ctx.node["Next"], str):
        ctx.error("invalid_type", "'Next' must be a state name", "Next")
    if has_next and ends:
        ctx.error("next_and_end", "has both 'Next' and \"End\": true; keep one")
    elif not has_next and not ends:
        ctx.error("missing_field", "needs 'Next' or \"End\": true")


def _check_jsonpath_io(ctx: StateContext) -> None:
    check_path_field(ctx, "InputPath", nullable=True)
    check_path_field(ctx, "OutputPath", nullable=True)
    if "ResultPath" in ctx.node:
        check_result_path(ctx, ctx.node["ResultPath"], "ResultPath")
    for key in TEMPLATE_FIELDS:
        if key in ctx.node:
            check_payload_template(ctx, ctx.node[key], key)


def _check_task(ctx: StateContext) -> None:
    if "Resource" not in ctx.node:
        ctx.error("missing_field", "a Task state needs 'Resource'")
    elif not isinstance(ctx.node["Resource"], str):
        ctx.error(
            "invalid_type", "'Resource' must be a string (an ARN or a Baton resource)", "Resource"
        )
    for key in ("TimeoutSeconds", "HeartbeatSeconds"):
        check_exclusive(ctx, key, key + "Path")
        check_path_field(ctx, key + "Path")
        _check_positive_seconds(ctx, key)
    timeout, heartbeat = ctx.node.get("TimeoutSeconds"), ctx.node.get("HeartbeatSeconds")
    if is_int(timeout) and is_int(heartbeat) and heartbeat >= timeout:
        ctx.error(
            "invalid_timeout",
            "'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'",
            "HeartbeatSeconds",
        )
    check_approval_task(ctx)


def _check_positive_seconds(ctx: StateContext, key: str) -> None:
    value = ctx.node.get(key)
    if key not in ctx.node or (ctx.is_jsonata and is_jsonata_text(value)):
        return
    if not is_int(value):
        ctx.error("invalid_type", f"'{key}' must be an integer number of seconds", key)
    elif value <= 0:
        ctx.error("invalid_timeout", f"'{key}' must be a positive integer, not {value}", key)


def _check_wait(ctx: StateContext) -> None:
    present = [key for key in WAIT_FIELDS if key in ctx.node]
    if len(present) != 1:
        found = ", ".join(present) or "none"
        ctx.error(
            "wait_needs_one_of",
            "a Wait state needs exactly one of Seconds, Timestamp, "
            f"SecondsPath, TimestampPath (found: {found})",
        )
    check_path_field(ctx, "SecondsPath")
    check_path_field(ctx, "TimestampPath")
    _check_wait_seconds(ctx)
    timestamp = ctx.node.get("Timestamp")
    if "Timestamp" in ctx.node and not is_jsonata_text(timestamp):
        if not syntax.is_timestamp(timestamp):
            ctx.error(
                "invalid_timestamp",
                "'Timestamp' must be an RFC 3339 timestamp such as "
                f"2016-03-14T01:59:00Z, not {timestamp!r}",
                "Timestamp",
            )


def _check_wait_seconds(ctx: StateContext) -> None:
    seconds = ctx.node.get("Seconds")
    if "Seconds" not in ctx.node or (ctx.is_jsonata and is_jsonata_text(seconds)):
        return
    if not is_int(seconds):
        ctx.error("invalid_type", "'Seconds' must be an integer", "Seconds")
    elif seconds < 0:
        ctx.error("invalid_seconds", f"'Seconds' cannot be negative ({seconds})", "Seconds")


def _check_fail(ctx: StateContext) -> None:
    for key in ("Error", "Cause"):
        check_exclusive(ctx, key, key + "Path")
        if key in ctx.node and not isinstance(ctx.node[key], str):
            ctx.error("invalid_type", f"'{key}' must be a string", key)
        if key + "Path" in ctx.node and not ctx.is_jsonata:
            check_dynamic_value(ctx, ctx.node[key + "Path"], f"'{key}Path'", key + "Path")


TYPE_CHECKS: dict[str, Callable[[StateContext], None]] = {
    "Task": _check_task,
    "Choice": check_choice,
    "Wait": _check_wait,
    "Fail": _check_fail,
    "Parallel": check_parallel,
    "Map": check_map,
}
