"""Which fields each state type allows, per query language (AWS Step Functions state reference)."""

from __future__ import annotations

from .context import StateContext

_COMMON = frozenset({"Type", "Comment", "QueryLanguage"})
_FLOW = frozenset({"Next", "End"})
_ERRORS = frozenset({"Retry", "Catch"})

# Fields shared by both query languages, beyond Type/Comment/QueryLanguage.
_SHARED: dict[str, frozenset[str]] = {
    "Pass": _FLOW | {"Assign"},
    "Task": _FLOW
    | _ERRORS
    | {"Assign", "Resource", "TimeoutSeconds", "HeartbeatSeconds", "Credentials"},
    "Choice": frozenset({"Choices", "Default", "Assign"}),
    "Wait": _FLOW | {"Assign", "Seconds", "Timestamp"},
    "Succeed": frozenset(),
    "Fail": frozenset({"Error", "Cause"}),
    "Parallel": _FLOW | _ERRORS | {"Assign", "Branches"},
    "Map": _FLOW
    | _ERRORS
    | {
        "Assign",
        "ItemProcessor",
        "Iterator",
        "ItemSelector",
        "ItemReader",
        "ItemBatcher",
        "ResultWriter",
        "MaxConcurrency",
        "ToleratedFailurePercentage",
        "ToleratedFailureCount",
        "Label",
    },
}

_IO = frozenset({"InputPath", "OutputPath"})
_RESULT = frozenset({"ResultPath", "Parameters", "ResultSelector"})

_JSONPATH: dict[str, frozenset[str]] = {
    "Pass": _IO | {"ResultPath", "Parameters", "Result"},
    "Task": _IO | _RESULT | {"TimeoutSecondsPath", "HeartbeatSecondsPath"},
    "Choice": _IO,
    "Wait": _IO | {"SecondsPath", "TimestampPath"},
    "Succeed": _IO,
    "Fail": frozenset({"ErrorPath", "CausePath"}),
    "Parallel": _IO | _RESULT,
    "Map": _IO
    | _RESULT
    | {
        "ItemsPath",
        "MaxConcurrencyPath",
        "ToleratedFailurePercentagePath",
        "ToleratedFailureCountPath",
    },
}

_JSONATA: dict[str, frozenset[str]] = {
    "Pass": frozenset({"Output"}),
    "Task": frozenset({"Arguments", "Output"}),
    "Choice": frozenset({"Output"}),
    "Wait": frozenset({"Output"}),
    "Succeed": frozenset({"Output"}),
    "Fail": frozenset(),
    "Parallel": frozenset({"Arguments", "Output"}),
    "Map": frozenset({"Items", "Output"}),
}

STATE_TYPES = frozenset(_SHARED)


def is_state_type(value: object) -> bool:
    return isinstance(value, str) and value in STATE_TYPES


# Fields that exist in one query language only, whatever the state type.
JSONPATH_ONLY = frozenset().union(*_JSONPATH.values()) | {"Variable"}
JSONATA_ONLY = frozenset().union(*_JSONATA.values()) | {"Condition"}


def allowed_fields(state_type: str, language: str) -> frozenset[str]:
    table = _JSONATA if language == "JSONata" else _JSONPATH
    return _COMMON | _SHARED[state_type] | table[state_type]


def check_fields(ctx: StateContext, state_type: str) -> None:
    """Report each field the state type does not allow in the state's query language."""
    allowed = allowed_fields(state_type, ctx.language)
    for key in ctx.node:
        if key not in allowed:
            report_foreign_field(ctx, key, f"a {state_type} state", key)


def report_foreign_field(ctx: StateContext, key: str, owner: str, *parts: str | int) -> None:
    """Report `key` as belonging to the other query language, or as unknown altogether."""
    if ctx.is_jsonata and key in JSONPATH_ONLY:
        ctx.error(
            "jsonpath_field_in_jsonata",
            f"'{key}' is a JSONPath field; {owner} "
            "using JSONata takes Arguments/Output/Assign instead",
            *parts,
        )
    elif not ctx.is_jsonata and key in JSONATA_ONLY:
        ctx.error(
            "jsonata_field_in_jsonpath",
            f"'{key}' is a JSONata field; set QueryLanguage to JSONata to use it",
            *parts,
        )
    else:
        ctx.error("unknown_field", f"'{key}' is not a field of {owner} ({ctx.language})", *parts)


def check_exclusive(ctx: StateContext, *keys: str) -> None:
    """At most one of `keys` (Error/ErrorPath, MaxConcurrency/MaxConcurrencyPath, …)."""
    present = [key for key in keys if key in ctx.node]
    if len(present) > 1:
        ctx.error("exclusive_fields", f"use only one of {' and '.join(present)}", present[-1])
