"""engine.asl.jsonpath: reading paths as AWS (Jayway JsonPath) does, and applying ResultPath."""

from __future__ import annotations

import pytest

from engine.asl.errors import RUNTIME, StatesError
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
    assert caught.value.error == RUNTIME


def test_syntax_error_explains_bad_paths() -> None:
    assert syntax_error("$.a.b[0]") is None
    assert syntax_error("$.a[") is not None
    assert syntax_error("a.b") is not None
    assert syntax_error("$.a[?(@.x >)]") is not None


def test_reference_paths_are_definite() -> None:
    assert is_reference_path("$.a['b'][0]")
    assert not is_reference_path("$.a[*]")
    assert not is_reference_path("$..a")


# --- bounds: the work and the result of one path evaluation ------------------------------------


def _deep(levels: int) -> dict[str, object]:
    root: dict[str, object] = {}
    node = root
    for _ in range(levels):
        child: dict[str, object] = {}
        node["a"] = child
        node = child
    return root


def test_deep_scans_keep_document_order() -> None:
    document = {"x": [{"k": 1, "y": {"k": 2}}, {"k": 3}], "k": 0, "z": {"k": 4}}
    assert select("$..k", Scope(document)) == [0, 1, 2, 3, 4]
    assert select("$.x..k", Scope(document)) == [1, 2, 3]


def test_deep_scans_walk_without_recursion() -> None:
    assert select("$..b", Scope(_deep(20000))) == []


def test_a_path_that_would_visit_too_many_nodes_is_a_runtime_error() -> None:
    with pytest.raises(StatesError) as caught:
        select("$..a..a..a", Scope(_deep(300)))
    assert caught.value.error == RUNTIME
    assert caught.value.cause == (
        "The path '$..a..a..a' cannot be evaluated: it would visit more than 1000000 nodes."
    )
    with pytest.raises(StatesError):
        find("$..a..a..a", Scope(_deep(300)))  # an error, not a missing value


def test_a_path_whose_results_are_too_large_is_a_runtime_error() -> None:
    comb: dict[str, object] = {}
    node = comb
    for _ in range(400):
        node["t"], node["a"] = [0] * 100, {}
        node = node["a"]  # type: ignore[assignment]
    with pytest.raises(StatesError) as caught:
        select("$..*", Scope(comb))
    assert "its results would be larger than 1048576 characters" in caught.value.cause


def test_a_long_filter_is_charged_for_every_item_it_tests() -> None:
    condition = " || ".join(f"@.x == {n}" for n in range(100))
    with pytest.raises(StatesError) as caught:
        select(f"$.items[?({condition})]", Scope({"items": [{"x": -1}] * 15000}))
    assert "visit more than" in caught.value.cause
    assert select(f"$.items[?({condition})]", Scope({"items": [{"x": 5}] * 10})) == [{"x": 5}] * 10


def test_filters_nest_a_limited_number_of_levels() -> None:
    assert syntax_error("$[?(" + "(" * 50 + "@.a" + ")" * 50 + ")]") is None
    assert "nests at most 50 levels" in str(
        syntax_error("$[?(" + "(" * 51 + "@.a" + ")" * 51 + ")]")
    )
    assert "nests at most 50 levels" in str(syntax_error("$[?(" + "!" * 5000 + "@.a)]"))
