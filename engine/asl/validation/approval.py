"""Static checks of a `baton:approval` Task: its Parameters (JSONPath) or Arguments (JSONata)
must hold a valid approval specification, as far as it is known before run time."""

from __future__ import annotations

from engine.asl.approval_spec import problems_in

from .context import StateContext, is_jsonata_text

APPROVAL_RESOURCE = "baton:approval"


def check_approval_task(ctx: StateContext) -> None:
    """Report each problem of the specification at its place inside Parameters or Arguments."""
    if ctx.node.get("Resource") != APPROVAL_RESOURCE:
        return
    key = "Arguments" if ctx.is_jsonata else "Parameters"
    if "Parameters" not in ctx.node and "Arguments" not in ctx.node:
        message = f"a {APPROVAL_RESOURCE} Task needs '{key}' holding its specification"
        ctx.error("approval_needs_parameters", message)
        return
    # The other query language's field alone is reported by check_fields; nothing to read here.
    if key not in ctx.node or is_jsonata_text(ctx.node[key]):
        return
    spec = ctx.node[key]
    for problem in problems_in(spec, static=True):
        ctx.error(problem.code, problem.message, key, *pointer_parts(problem.location))


def pointer_parts(location: str) -> list[str]:
    """The unescaped parts of a JSON pointer (RFC 6901): "/Form/0/a~1b" -> ["Form", "0", "a/b"]."""
    if not location:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in location[1:].split("/")]
