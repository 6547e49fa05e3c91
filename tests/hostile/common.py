"""What every corpus module shares: the case types, the error names, the expected cause
fragments and the small builders of one-state machines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

INTRINSIC = "States.IntrinsicFailure"
QUERY = "States.QueryEvaluationError"
RUNTIME = "States.Runtime"
NO_CHOICE = "States.NoChoiceMatched"
ECHO = "arn:aws:lambda:us-east-1:000000000000:function:echo"


@dataclass(frozen=True)
class Case:
    name: str
    definition: dict[str, Any]
    input: Any
    error: str
    cause_contains: str | None = None


@dataclass(frozen=True)
class Healthy:
    name: str
    definition: dict[str, Any]
    input: Any
    output: Any


# -- building blocks ---------------------------------------------------------------------------


def one(state: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A machine whose only state is S."""
    return {"StartAt": "S", "States": {"S": state}, **top}


def parameters(expression: str) -> dict[str, Any]:
    """A JSONPath Pass state computing one intrinsic call or path."""
    return one({"Type": "Pass", "Parameters": {"value.$": expression}, "End": True})


def jsonata(expression: str) -> dict[str, Any]:
    """A JSONata Pass state whose Output is one expression."""
    state = {"Type": "Pass", "Output": "{% " + expression + " %}", "End": True}
    return one(state, QueryLanguage="JSONata")


def wait(**fields: Any) -> dict[str, Any]:
    return one({"Type": "Wait", "End": True, **fields})


def jsonata_wait(**fields: Any) -> dict[str, Any]:
    return one({"Type": "Wait", "End": True, **fields}, QueryLanguage="JSONata")


def task(language: str = "JSONPath", **fields: Any) -> dict[str, Any]:
    """A Task that must fail before its (echo) function is ever called."""
    return one({"Type": "Task", "Resource": ECHO, "End": True, **fields}, QueryLanguage=language)


def map_state(language: str = "JSONPath", **fields: Any) -> dict[str, Any]:
    processor = {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": True}}}
    items = {"Items": "{% [1, 2, 3] %}"} if language == "JSONata" else {"ItemsPath": "$.items"}
    state = {"Type": "Map", "ItemProcessor": processor, "End": True, **items, **fields}
    return one(state, QueryLanguage=language)


def choice(**rule: Any) -> dict[str, Any]:
    """A Choice with one rule on $.v and no Default: a rule that is false fails the execution."""
    states = {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.v", "Next": "Done", **rule}]},
        "Done": {"Type": "Succeed"},
    }
    return {"StartAt": "C", "States": states}


def deep(levels: int) -> dict[str, Any]:
    """{"a": {"a": … {}}}, `levels` deep, built without recursion."""
    root: dict[str, Any] = {}
    node = root
    for _ in range(levels):
        node["a"] = {}
        node = node["a"]
    return root


def comb(levels: int, teeth: int) -> dict[str, Any]:
    """A chain of objects each also holding `teeth` numbers: `$..*` selects every subtree."""
    root: dict[str, Any] = {}
    node = root
    for _ in range(levels):
        node["t"] = [0] * teeth
        node["a"] = {}
        node = node["a"]
    return root


def shared(name: str, levels: int) -> str:
    """JSONata that nests `name` into [[name], [name]] `levels` times: 2^levels leaves in a
    few hundred bytes, since both halves are the same array."""
    steps = " ".join(f"${name} := [[${name}], [${name}]];" for _ in range(levels))
    return f"${name} := [0]; {steps}"


def nested_arrays(depth: int) -> str:
    """States.Array(X, X, X, X) with X itself such a call, `depth` calls deep: 4^depth copies
    of the input, built from shared references in a definition of 20 * 4^depth characters."""
    call = "$"
    for _ in range(depth):
        call = f"States.Array({call}, {call}, {call}, {call})"
    return call


def or_filter(count: int) -> str:
    return "$.items[?(" + " || ".join(f"@.x == {n}" for n in range(count)) + ")]"


TOO_MANY_ITEMS = "more than 131072 items"
TOO_LONG = "more than 1048576 characters"
TOO_DEEP = "nests deeper than 256 levels"
DOUBLE = "too large for a double"
JAVA_INT = "between -2147483648 and 2147483647"
REGEX = "took longer than 1 s"
VISITS = "visit more than 1000000 nodes"
HUGE_WAIT = "greater than 99999999 seconds"
FAR_FUTURE = "more than 99999999 seconds in the future"
NOT_A_TIMEOUT = "not an integer from 1 to 99999999"
SLOW = "a" * 60 + "!"  # what the backtracking patterns below fail to match, exponentially
