"""Parallel and Map states: the shape of their sub-machines' holders, Map's processor
configuration, concurrency and failure tolerance (AWS "Parallel state", "Map state")."""

from __future__ import annotations

from typing import Any

from .context import StateContext, is_int, is_jsonata_text, is_number
from .expressions import check_path_field
from .fields import check_exclusive

MODES = ("INLINE", "DISTRIBUTED")
EXECUTION_TYPES = ("STANDARD", "EXPRESS")


def check_parallel(ctx: StateContext) -> None:
    branches = ctx.node.get("Branches")
    if "Branches" not in ctx.node:
        ctx.error("missing_field", "a Parallel state needs 'Branches'")
    elif not isinstance(branches, list) or not branches:
        ctx.error(
            "invalid_type", "'Branches' must be a non-empty array of state machines", "Branches"
        )


def check_map(ctx: StateContext) -> None:
    _check_processor(ctx)
    check_exclusive(ctx, "ItemSelector", "Parameters")
    check_path_field(ctx, "ItemsPath", reference=True)
    _check_items(ctx)
    _check_max_concurrency(ctx)
    _check_tolerance(ctx)


def _check_processor(ctx: StateContext) -> None:
    present = [key for key in ("ItemProcessor", "Iterator") if key in ctx.node]
    if not present:
        ctx.error("missing_field", "a Map state needs 'ItemProcessor'")
    elif len(present) > 1:
        ctx.error(
            "exclusive_fields", "use ItemProcessor or (legacy) Iterator, not both", "Iterator"
        )
    elif isinstance(ctx.node[present[0]], dict):
        _check_processor_config(ctx, ctx.node[present[0]].get("ProcessorConfig"), present[0])


def _check_processor_config(ctx: StateContext, config: Any, holder: str) -> None:
    where = (holder, "ProcessorConfig")
    if config is None:
        return
    if not isinstance(config, dict):
        ctx.error("invalid_type", "'ProcessorConfig' must be an object", *where)
        return
    mode = config.get("Mode", "INLINE")
    if mode not in MODES:
        ctx.error(
            "map_processor_mode",
            f"'Mode' must be INLINE or DISTRIBUTED, not {mode!r}",
            *where,
            "Mode",
        )
    kind = config.get("ExecutionType")
    if mode == "DISTRIBUTED" and kind not in EXECUTION_TYPES:
        ctx.error(
            "map_processor_mode",
            f"a DISTRIBUTED Map needs 'ExecutionType' STANDARD or EXPRESS, not {kind!r}",
            *where,
        )


def _check_items(ctx: StateContext) -> None:
    items = ctx.node.get("Items")
    if "Items" in ctx.node and not (isinstance(items, list) or is_jsonata_text(items)):
        ctx.error("invalid_type", "'Items' must be an array or a {% %} expression", "Items")


def _check_max_concurrency(ctx: StateContext) -> None:
    check_exclusive(ctx, "MaxConcurrency", "MaxConcurrencyPath")
    check_path_field(ctx, "MaxConcurrencyPath")
    value = ctx.node.get("MaxConcurrency")
    if "MaxConcurrency" in ctx.node and not _is_dynamic(ctx, value):
        if not is_int(value) or value < 0:
            ctx.error(
                "invalid_max_concurrency",
                f"'MaxConcurrency' must be a non-negative integer (0 = no limit), not {value!r}",
                "MaxConcurrency",
            )


def _check_tolerance(ctx: StateContext) -> None:
    for key in ("ToleratedFailurePercentage", "ToleratedFailureCount"):
        check_exclusive(ctx, key, key + "Path")
        check_path_field(ctx, key + "Path")
    percentage = ctx.node.get("ToleratedFailurePercentage")
    if "ToleratedFailurePercentage" in ctx.node and not _is_dynamic(ctx, percentage):
        if not is_number(percentage) or not 0 <= percentage <= 100:
            ctx.error(
                "invalid_tolerance",
                f"'ToleratedFailurePercentage' must be a number from 0 to 100, not {percentage!r}",
                "ToleratedFailurePercentage",
            )
    count = ctx.node.get("ToleratedFailureCount")
    if "ToleratedFailureCount" in ctx.node and not _is_dynamic(ctx, count):
        if not is_int(count) or count < 0:
            ctx.error(
                "invalid_tolerance",
                f"'ToleratedFailureCount' must be a non-negative integer, not {count!r}",
                "ToleratedFailureCount",
            )


def _is_dynamic(ctx: StateContext, value: Any) -> bool:
    return ctx.is_jsonata and is_jsonata_text(value)
