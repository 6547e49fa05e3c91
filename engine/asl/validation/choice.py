"""Choice state rules: one comparison (or one And/Or/Not) per rule, Next on top-level rules only,
operand types per operator; JSONata rules are a Condition instead."""

from __future__ import annotations

from typing import Any

from . import syntax
from .context import StateContext, is_jsonata_text, is_number
from .expressions import check_assign, check_path
from .fields import JSONATA_ONLY, report_foreign_field

COMBINATORS = ("And", "Or", "Not")
TOP_RULE_FIELDS = frozenset({"Next", "Assign", "Comment"})
JSONATA_RULE_FIELDS = TOP_RULE_FIELDS | {"Condition", "Output"}


def check_choice(ctx: StateContext) -> None:
    choices = ctx.node.get("Choices")
    if "Choices" not in ctx.node:
        ctx.error("missing_field", "a Choice state needs 'Choices'")
    elif not isinstance(choices, list) or not choices:
        ctx.error("invalid_type", "'Choices' must be a non-empty array of rules", "Choices")
    else:
        for index, rule in enumerate(choices):
            _check_top_rule(ctx, rule, "Choices", index)
    if "Default" not in ctx.node:
        ctx.warning(
            "choice_without_default",
            "no 'Default': an input no rule matches fails with States.NoChoiceMatched",
        )
    elif not isinstance(ctx.node["Default"], str):
        ctx.error("invalid_type", "'Default' must be a state name", "Default")


def _check_top_rule(ctx: StateContext, rule: Any, *parts: str | int) -> None:
    if not isinstance(rule, dict):
        ctx.error("invalid_choice_rule", "a Choice rule must be an object", *parts)
        return
    if "Next" not in rule:
        ctx.error("invalid_choice_rule", "a top-level Choice rule needs 'Next'", *parts)
    elif not isinstance(rule["Next"], str):
        ctx.error("invalid_type", "a Choice rule's 'Next' must be a state name", *parts, "Next")
    if "Assign" in rule:
        check_assign(ctx, rule["Assign"], *parts, "Assign")
    if ctx.is_jsonata:
        _check_condition_rule(ctx, rule, *parts)
    else:
        body = {key: value for key, value in rule.items() if key not in TOP_RULE_FIELDS}
        _check_rule(ctx, body, *parts)


def _check_condition_rule(ctx: StateContext, rule: dict[str, Any], *parts: str | int) -> None:
    for key in rule:
        if key not in JSONATA_RULE_FIELDS:
            report_foreign_field(ctx, key, "a Choice rule", *parts, key)
    condition = rule.get("Condition")
    if "Condition" not in rule:
        ctx.error("invalid_choice_rule", "a JSONata Choice rule needs 'Condition'", *parts)
    elif not (isinstance(condition, bool) or is_jsonata_text(condition)):
        ctx.error(
            "invalid_choice_rule",
            "'Condition' must be a {% %} expression or a boolean",
            *parts,
            "Condition",
        )


def _check_rule(ctx: StateContext, rule: dict[str, Any], *parts: str | int) -> None:
    """A JSONPath rule without its top-level fields: a combinator or a comparison."""
    combinators = [key for key in rule if key in COMBINATORS]
    operators = [key for key in rule if key in syntax.OPERATORS]
    others = [key for key in rule if key not in syntax.OPERATORS and key not in COMBINATORS]
    for key in others:
        if key != "Variable":
            _report_rule_field(ctx, key, *parts)
    if not (combinators or operators) and JSONATA_ONLY.intersection(others):
        return  # a JSONata rule in a JSONPath state: reported above, once
    if combinators:
        _check_combinator(ctx, rule, combinators + operators, *parts)
    elif len(operators) != 1:
        found = ", ".join(operators) or "none"
        ctx.error(
            "invalid_choice_rule",
            "a Choice rule needs exactly one comparison operator "
            f"or one of And/Or/Not (found: {found})",
            *parts,
        )
    elif "Variable" not in rule:
        ctx.error("invalid_choice_rule", "a comparison needs 'Variable'", *parts)
    else:
        check_path(ctx, rule["Variable"], "'Variable'", *parts, "Variable")
        _check_operand(ctx, operators[0], rule[operators[0]], *parts, operators[0])


def _report_rule_field(ctx: StateContext, key: str, *parts: str | int) -> None:
    if key in ("Next", "Assign"):
        ctx.error(
            "invalid_choice_rule",
            f"'{key}' is only allowed on a top-level Choice rule",
            *parts,
            key,
        )
    else:
        report_foreign_field(ctx, key, "a Choice rule", *parts, key)


def _check_combinator(
    ctx: StateContext, rule: dict[str, Any], keys: list[str], *parts: str | int
) -> None:
    if len(keys) != 1 or "Variable" in rule:
        ctx.error(
            "invalid_choice_rule",
            "an And/Or/Not rule takes nothing else "
            f"(found: {', '.join(keys + ['Variable'] * ('Variable' in rule))})",
            *parts,
        )
        return
    key = keys[0]
    value = rule[key]
    if key == "Not":
        _check_nested(ctx, value, *parts, key)
    elif not isinstance(value, list) or not value:
        ctx.error("invalid_choice_rule", f"'{key}' must be a non-empty array of rules", *parts, key)
    else:
        for index, item in enumerate(value):
            _check_nested(ctx, item, *parts, key, index)


def _check_nested(ctx: StateContext, rule: Any, *parts: str | int) -> None:
    if not isinstance(rule, dict):
        ctx.error("invalid_choice_rule", "a Choice rule must be an object", *parts)
    else:
        _check_rule(ctx, {key: value for key, value in rule.items() if key != "Comment"}, *parts)


def _check_operand(ctx: StateContext, operator: str, value: Any, *parts: str | int) -> None:
    if operator.endswith("Path"):
        check_path(ctx, value, f"'{operator}'", *parts)
    elif operator.startswith("Timestamp") and isinstance(value, str):
        if not syntax.is_timestamp(value):
            ctx.error(
                "invalid_timestamp",
                f"'{operator}' needs an RFC 3339 timestamp such as "
                f"2016-03-14T01:59:00Z, not {value!r}",
                *parts,
            )
    elif not _operand_fits(operator, value):
        ctx.error(
            "invalid_choice_rule",
            f"'{operator}' needs a {_operand_kind(operator)}, not {value!r}",
            *parts,
        )


def _operand_kind(operator: str) -> str:
    if operator.startswith(("String", "Timestamp")):
        return "string"
    return "number" if operator.startswith("Numeric") else "boolean"


def _operand_fits(operator: str, value: Any) -> bool:
    kind = _operand_kind(operator)
    if kind == "string":
        return isinstance(value, str)
    return is_number(value) if kind == "number" else isinstance(value, bool)
