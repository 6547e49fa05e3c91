"""engine.asl.jsonpath: reading paths as AWS (Jayway JsonPath) does, and applying ResultPath."""

from __future__ import annotations

import pytest

from engine.asl.errors import RESULT_PATH_MATCH_FAILURE, RUNTIME, StatesError
from engine.asl.jsonpath import find, is_reference_path, put_result, select, syntax_error
from engine.asl.scope import Scope

DOCUMENT = {
    "a": {"b": [10, 20, {"c": 3}], "d": None},
    "items": [{"price": 5, "tag": "x"}, {"price": 15, "tag": "y"}],
    "odd key": 1,
}
SCOPE = Scope(DOCUMENT, {"Execution": {"Input": {"k": 1}}}, {"answer": {"value": 42}})


def test_dollar_is_the_whole_input() -> None:
    assert select("$", SCOPE) == DOCUMENT


def test_dotted_path_reads_nested_values() -> None:
    assert select("$.a.b[2].c", SCOPE) == 3


def test_bracket_notation_reads_keys_with_spaces() -> None:
    assert select("$['odd key']", SCOPE) == 1


def test_negative_index_counts_from_the_end() -> None:
    assert select("$.a.b[-1]", SCOPE) == {"c": 3}


def test_present_null_is_returned_as_none() -> None:
    assert select("$.a.d", SCOPE) is None


def test_wildcard_returns_a_list() -> None:
    assert select("$.items[*].tag", SCOPE) == ["x", "y"]


def test_slice_returns_a_list() -> None:
    assert select("$.a.b[0:2]", SCOPE) == [10, 20]


def test_deep_scan_finds_every_match() -> None:
    assert select("$..price", SCOPE) == [5, 15]


def test_filter_keeps_matching_items() -> None:
    assert select("$.items[?(@.price > 10)].tag", SCOPE) == ["y"]
    assert select("$.items[?(@.tag == 'x' || @.price >= 15)].price", SCOPE) == [5, 15]


def test_indefinite_path_on_missing_data_is_an_empty_list() -> None:
    assert select("$.nothing[*].x", SCOPE) == []


def test_double_dollar_reads_the_context_object() -> None:
    assert select("$$.Execution.Input.k", SCOPE) == 1


def test_dollar_name_reads_a_variable() -> None:
    assert select("$answer.value", SCOPE) == 42
    assert select("$answer", SCOPE) == {"value": 42}


def test_missing_leaf_reports_no_results() -> None:
    with pytest.raises(StatesError) as caught:
        select("$.NoSuchInputPath", SCOPE)
    assert caught.value.error == RUNTIME
    assert caught.value.cause == (
        "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"
    )


def test_missing_intermediate_reports_missing_property() -> None:
    with pytest.raises(StatesError) as caught:
        select("$.no.such.result.path", SCOPE)
    assert caught.value.cause == (
        "Invalid path '$.no.such.result.path' : Missing property in path $['no']"
    )


def test_index_out_of_range_reports_no_results() -> None:
    with pytest.raises(StatesError) as caught:
        select("$.a.b[9]", SCOPE)
    assert caught.value.cause.endswith("No results for path: $['a']['b'][9]")


def test_find_reports_presence_without_raising() -> None:
    assert find("$.a.d", SCOPE) == (True, None)
    assert find("$.a.missing", SCOPE) == (False, None)
    assert find("$undefinedVariable", SCOPE) == (False, None)


def test_result_path_null_keeps_the_input() -> None:
    assert put_result({"x": 1}, None, "result") == {"x": 1}


def test_result_path_dollar_replaces_the_input() -> None:
    assert put_result({"x": 1}, "$", "result") == "result"


def test_result_path_creates_missing_objects_in_a_copy() -> None:
    document = {"x": 1}
    assert put_result(document, "$.a.b", 2) == {"x": 1, "a": {"b": 2}}
    assert document == {"x": 1}


def test_result_path_overwrites_existing_values() -> None:
    assert put_result({"a": {"b": 1, "c": 2}}, "$.a.b", 9) == {"a": {"b": 9, "c": 2}}


def test_result_path_into_a_non_object_fails() -> None:
    with pytest.raises(StatesError) as caught:
        put_result("text", "$.a", 1)
    assert caught.value.error == RESULT_PATH_MATCH_FAILURE


def test_syntax_error_explains_bad_paths() -> None:
    assert syntax_error("$.a.b[0]") is None
    assert syntax_error("$.a[") is not None
    assert syntax_error("a.b") is not None
    assert syntax_error("$.a[?(@.x >)]") is not None


def test_reference_paths_are_definite() -> None:
    assert is_reference_path("$.a['b'][0]")
    assert not is_reference_path("$.a[*]")
    assert not is_reference_path("$..a")
