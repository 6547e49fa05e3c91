r"""JSONPath names in brackets with escapes: `$['a\"b']` is the member `a"b`, in every field.

AWS reads paths with Jayway JsonPath, which unescapes a quoted name: `\'`, `\"` and `\\` stand
for the character, `\n`, `\t`, `\uXXXX`… for theirs. Paths here are path text (what the
definition's JSON string holds once decoded), written as raw strings.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.asl import jsonpath
from engine.asl.jsonpath_escapes import closing_quote, unescape
from engine.asl.scope import Scope
from engine.asl.validate import validate
from tests.asl.driver import TaskFailure, echo, execute

# path text -> the member name it must select
NAMES = {
    r"$['a\"b']": 'a"b',
    r'$["a\"b"]': 'a"b',
    r"$['a\'b']": "a'b",
    r"$['x\\y']": "x\\y",
    r'$["x\\y"]': "x\\y",
    r"$['a\'b\"c']": "a'b\"c",
    r'$["a\'b\"c"]': "a'b\"c",
    r"""$["a'b\"c"]""": "a'b\"c",
    r"""$['a"b\'c']""": "a\"b'c",
    r"$['ends\\']": "ends\\",
    r"$['\\']": "\\",
    r"$['\\\'']": "\\'",
    r"$['x\\\\y']": "x\\\\y",
    r"$['tab\there']": "tab\there",
    r"$['line\nbreak']": "line\nbreak",
    r"$['\u0041\u00e9']": "Aé",
    r"$['smile\ud83d\ude00']": "smile\U0001f600",
    r"$['slash\/']": "slash/",
    r"$['a]b[c']": "a]b[c",
    r"$['a.b']": "a.b",
}
CASES = list(NAMES.items())
IDS = [f"case{index}" for index in range(len(CASES))]


def _input(name: str, value: Any = "found") -> dict[str, Any]:
    return {name: value, "other": 0}


def _one(state: dict[str, Any]) -> dict[str, Any]:
    return {"StartAt": "S", "States": {"S": {**state, "End": True}}}


@pytest.mark.parametrize(("path", "name"), CASES, ids=IDS)
def test_the_path_names_the_unescaped_member(path: str, name: str) -> None:
    parsed = jsonpath.parse(path)
    assert [(step.kind, step.arg) for step in parsed.steps] == [("name", name)]
    scope = Scope(input=_input(name), context={}, variables={})
    assert jsonpath.select(path, scope) == "found"


@pytest.mark.parametrize(("path", "name"), CASES, ids=IDS)
def test_input_path_reads_the_member(path: str, name: str) -> None:
    assert execute(_one({"Type": "Pass", "InputPath": path}), _input(name)).output == "found"


@pytest.mark.parametrize(("path", "name"), CASES, ids=IDS)
def test_parameters_read_the_member(path: str, name: str) -> None:
    state = {"Type": "Pass", "Parameters": {"v.$": path, "f.$": f"States.Format('<{{}}>', {path})"}}
    assert execute(_one(state), _input(name)).output == {"v": "found", "f": "<found>"}


@pytest.mark.parametrize(("path", "name"), CASES, ids=IDS)
def test_output_path_reads_the_member(path: str, name: str) -> None:
    assert execute(_one({"Type": "Pass", "OutputPath": path}), _input(name)).output == "found"


@pytest.mark.parametrize(("path", "name"), CASES, ids=IDS)
def test_result_path_writes_the_member(path: str, name: str) -> None:
    run = execute(_one({"Type": "Pass", "Result": "written", "ResultPath": path}), {"other": 0})
    assert run.output == {"other": 0, name: "written"}


@pytest.mark.parametrize(("path", "name"), CASES, ids=IDS)
def test_result_path_overwrites_the_existing_member(path: str, name: str) -> None:
    run = execute(_one({"Type": "Pass", "Result": "new", "ResultPath": path}), _input(name))
    assert run.output == {name: "new", "other": 0}


@pytest.mark.parametrize(("path", "name"), CASES, ids=IDS)
def test_items_path_reads_the_member(path: str, name: str) -> None:
    processor = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    state = {"Type": "Map", "ItemsPath": path, "ItemProcessor": processor}
    assert execute(_one(state), _input(name, [1, 2])).output == [1, 2]


@pytest.mark.parametrize(("path", "name"), CASES, ids=IDS)
def test_choice_variable_reads_the_member(path: str, name: str) -> None:
    definition = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": path, "StringEquals": "found", "Next": "Yes"}],
                "Default": "No",
            },
            "Yes": {"Type": "Pass", "Result": "yes", "End": True},
            "No": {"Type": "Pass", "Result": "no", "End": True},
        },
    }
    assert execute(definition, _input(name)).output == "yes"
    assert execute(definition, _input(name, "other")).output == "no"


@pytest.mark.parametrize(("path", "name"), CASES[:8], ids=IDS[:8])
def test_choice_comparison_paths_read_the_member(path: str, name: str) -> None:
    rule = {"Variable": "$.other", "NumericEqualsPath": path, "Next": "Yes"}
    definition = {
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [rule], "Default": "No"},
            "Yes": {"Type": "Succeed"},
            "No": {"Type": "Fail", "Error": "NoMatch"},
        },
    }
    assert execute(definition, {name: 0, "other": 0}).status == "SUCCEEDED"


@pytest.mark.parametrize(("path", "name"), CASES[:8], ids=IDS[:8])
def test_task_result_selector_and_result_path_use_the_member(path: str, name: str) -> None:
    task = {
        "Type": "Task",
        "Resource": "baton:echo",
        "ResultSelector": {"got.$": path},
        "ResultPath": path,
    }
    run = execute(_one(task), _input(name), functions={"baton:echo": echo})
    assert run.output == {name: {"got": "found"}, "other": 0}


@pytest.mark.parametrize(("path", "name"), CASES[:8], ids=IDS[:8])
def test_a_catcher_result_path_writes_the_member(path: str, name: str) -> None:
    catcher = {"ErrorEquals": ["States.ALL"], "ResultPath": path, "Next": "Done"}
    definition = {
        "StartAt": "T",
        "States": {
            "T": {"Type": "Task", "Resource": "baton:fail", "Catch": [catcher], "End": True},
            "Done": {"Type": "Pass", "End": True},
        },
    }

    def fail(payload: Any) -> Any:
        raise TaskFailure("Boom", "why")

    run = execute(definition, {"other": 0}, functions={"baton:fail": fail})
    assert run.output == {"other": 0, name: {"Error": "Boom", "Cause": "why"}}


def test_nested_escaped_names_read_and_write_through_each_level() -> None:
    path = r"""$['o\'k']["in\"ner"]['x\\y']"""
    value = {"o'k": {'in"ner': {"x\\y": 1}}}
    assert execute(_one({"Type": "Pass", "InputPath": path}), value).output == 1
    run = execute(_one({"Type": "Pass", "Result": 2, "ResultPath": path}), {})
    assert run.output == value | {"o'k": {'in"ner': {"x\\y": 2}}}


def test_a_list_of_escaped_names_and_a_deep_scan_select_them() -> None:
    value = {"a'b": 1, 'c"d': 2, "n": {"a'b": 3}}
    scope = Scope(input=value, context={}, variables={})
    assert jsonpath.select(r"""$['a\'b','c"d']""", scope) == [1, 2]
    assert jsonpath.select(r"$..['a\'b']", scope) == [1, 3]


def test_escaped_names_work_on_the_context_object_and_variables() -> None:
    scope = Scope(input={}, context={"it's": {"k": 1}}, variables={"v": {'a"b': 2}})
    assert jsonpath.select(r"$$['it\'s'].k", scope) == 1
    assert jsonpath.select(r"$v['a\"b']", scope) == 2


def test_filters_read_escaped_names_and_unescape_their_strings() -> None:
    items = [{"it's": "o'k", "n": 1}, {"it's": "no", "n": 2}, {"it's": 'say "hi"', "n": 3}]
    scope = Scope(input={"items": items}, context={}, variables={})
    assert jsonpath.select(r"$.items[?(@['it\'s'] == 'o\'k')].n", scope) == [1]
    assert jsonpath.select(r"""$.items[?(@["it's"] == "say \"hi\"")].n""", scope) == [3]
    assert jsonpath.select(r"$.items[?(@['it\'s'] != 'no' && @.n > 1)].n", scope) == [3]


def test_a_missing_escaped_name_is_reported_unescaped() -> None:
    run = execute(_one({"Type": "Pass", "InputPath": r"$['a\"b']"}), {"ab": 1})
    assert run.error == "States.Runtime"
    assert run.cause.endswith(r"""Invalid path '$['a\"b']' : No results for path: $['a"b']""")


@pytest.mark.parametrize(("path", "name"), CASES, ids=IDS)
def test_the_validator_accepts_escaped_names_in_every_path_field(path: str, name: str) -> None:
    processor = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    definition = {
        "StartAt": "S",
        "States": {
            "S": {
                "Type": "Pass",
                "InputPath": path,
                "Parameters": {"v.$": path, "f.$": f"States.Format('{{}}', {path})"},
                "ResultPath": path,
                "OutputPath": path,
                "Next": "C",
            },
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": path, "StringEqualsPath": path, "Next": "M"}],
                "Default": "M",
            },
            "M": {
                "Type": "Map",
                "ItemsPath": path,
                "MaxConcurrencyPath": path,
                "ItemProcessor": processor,
                "End": True,
            },
        },
    }
    assert validate(definition) == []
    assert validate(json.dumps(definition)) == []


def test_definition_json_text_decodes_to_the_escaped_path() -> None:
    # In the definition's JSON a path's backslash is itself escaped: "$['a\\\"b']".
    text = r"""{"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$['a\\\"b']",
        "End": true}}}"""
    definition = json.loads(text)
    assert definition["States"]["P"]["InputPath"] == r"$['a\"b']"
    assert validate(text) == []
    assert execute(definition, {'a"b': 5}).output == 5


@pytest.mark.parametrize("path", [r"$['a\u00zz']", r"$['a\u12']", r"$['open", r"$['a\']"])
def test_broken_escapes_and_unclosed_names_are_syntax_errors(path: str) -> None:
    assert jsonpath.syntax_error(path) is not None
    problems = validate(_one({"Type": "Pass", "InputPath": path}))
    assert [problem.code for problem in problems] == ["invalid_path"]


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("plain", "plain"),
        (r"a\'b", "a'b"),
        (r"a\"b", 'a"b'),
        (r"a\\b", "a\\b"),
        (r"\b\f\n\r\t", "\b\f\n\r\t"),
        (r"\q", "q"),
        ("end\\", "end\\"),
        (r"\u263A", "\u263a"),
    ],
)
def test_unescape_reads_escapes_as_jayway_does(text: str, plain: str) -> None:
    assert unescape(text) == plain


def test_closing_quote_skips_escaped_quotes_and_backslashes() -> None:
    assert closing_quote(r"'a\'b'", 0) == 5
    assert closing_quote(r"'a\\'b'", 0) == 4
    assert closing_quote(r"'never\'", 0) == -1
