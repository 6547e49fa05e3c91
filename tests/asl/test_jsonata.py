"""engine.asl.jsonata: `{% %}` expressions, templates, AWS's functions and AWS's error wording."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from engine.asl.errors import QUERY_EVALUATION_ERROR, StatesError
from engine.asl.jsonata import (
    evaluate,
    expect_type,
    expression_text,
    is_expression,
    render,
    syntax_error,
)
from engine.asl.limits import MAX_JSON_DEPTH

BINDINGS: dict[str, Any] = {
    "states": {"input": {"values": [1, 2, 3], "name": "ada", "zero": 0.0, "none": None}},
    "answer": 42,
    "nothing": None,
}


def run(expression: str, bindings: dict[str, Any] | None = None) -> Any:
    return evaluate(expression, BINDINGS if bindings is None else bindings, field="Output")


def failure(expression: str, field: str = "Output") -> str:
    with pytest.raises(StatesError) as caught:
        evaluate(expression, BINDINGS, field=field)
    assert caught.value.error == QUERY_EVALUATION_ERROR
    return caught.value.cause


# --- recognising and parsing ------------------------------------------------------------------


def test_is_expression_needs_the_delimiters_at_both_ends() -> None:
    assert is_expression("{% 1 %}")
    assert is_expression("{%1%}")
    assert not is_expression(" {% 1 %}")
    assert not is_expression("{% 1 %} ")
    assert not is_expression("$states.input")
    assert not is_expression(7)


def test_expression_text_is_trimmed() -> None:
    assert expression_text("{%  $states.input  %}") == "$states.input"


def test_syntax_error_is_none_for_a_valid_expression() -> None:
    assert syntax_error("$sum($states.input.values) + 1") is None


def test_syntax_error_names_the_code_and_the_problem() -> None:
    assert syntax_error("1 +") == "S0207: Unexpected end of expression"


# --- evaluation -------------------------------------------------------------------------------


def test_states_and_variables_are_bound() -> None:
    assert run("$sum($states.input.values) + $answer") == 48
    assert run("$states.input.name") == "ada"


def test_json_null_is_a_value_and_not_undefined() -> None:
    assert run("null") is None
    assert run("$nothing") is None
    assert run("$states.input.none") is None
    assert run("[1, null]") == [1, None]


def test_numbers_keep_their_json_form() -> None:
    assert run("$states.input.zero") == 0.0
    assert isinstance(run("$states.input.zero"), float)
    assert isinstance(run("1.5 * 2"), int)
    assert isinstance(run("$sum($states.input.values)"), int)


def test_regular_expressions_work() -> None:
    assert run("$contains('hello$world', /^hello\\$/)") is True


def test_undefined_result_is_an_error() -> None:
    cause = failure("$doesNotExist", field="Assign/result")
    expected = "specified for the field 'Assign/result' returned nothing (undefined)."
    assert cause == f"The JSONata expression '$doesNotExist' {expected}"


def test_a_function_result_is_unsupported() -> None:
    cause = failure("$fn := function($x){$x}", field="Items")
    assert cause.endswith("for the field 'Items' returned an unsupported result type.")


def test_evaluation_errors_carry_the_jsonata_code_and_message() -> None:
    assert failure("'a' + 1") == (
        "The JSONata expression ''a' + 1' specified for the field 'Output' threw an error during "
        "evaluation. T2001: The left side of the + operator must evaluate to a number"
    )


def test_signature_errors_name_the_function_as_jsonata_js_does() -> None:
    assert failure("$abs('a')").endswith(
        'T0410: Argument 1 of function "abs" does not match function signature'
    )
    assert failure("$sum(['a'])").endswith(
        'T0412: Argument 1 of function "sum" must be an array of "numbers"'
    )


def test_eval_is_not_available_as_on_aws() -> None:
    assert failure("$eval('1+1')").endswith("T1006: Attempted to invoke a non-function")


def test_runaway_recursion_is_stopped_with_a_stack_overflow() -> None:
    cause = failure("( $f := function($n){ $f($n + 1) + 1 }; $f(1) )")
    assert "threw an error during evaluation: Stack overflow error: " in cause


# --- AWS's functions --------------------------------------------------------------------------


def test_partition_splits_into_chunks() -> None:
    assert run("$partition([0, 1, 2, 3], 2)") == [[0, 1], [2, 3]]
    assert run("$partition([0, 1, 2], 5)") == [[0, 1, 2]]
    assert run("$partition([0], 1)") == [[0]]


def test_range_includes_the_end_and_a_single_item_is_not_an_array() -> None:
    assert run("$range(0, 10, 3)") == [0, 3, 6, 9]
    assert run("$range(1, 9, 2)") == [1, 3, 5, 7, 9]
    assert run("$range(10, 0, -5)") == [10, 5, 0]
    assert run("$range(1, 9, 9)") == 1


def test_hash_supports_the_states_hash_algorithms() -> None:
    assert run("$hash('a', 'SHA-256')") == (
        "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
    )
    assert run("$hash('a', 'MD5')") == "0cc175b9c0f1b6a831c399e269772661"


def test_random_with_a_seed_repeats() -> None:
    assert run("$random(7)") == run("$random(7)")
    assert 0 <= run("$random()") < 1


def test_uuid_is_a_version_4_uuid() -> None:
    value = run("$uuid()")
    assert len(value) == 36 and value[14] == "4"


def test_parse_reads_json_text() -> None:
    assert run('$parse(\'{"Arg1": 1, "Arg2": []}\')') == {"Arg1": 1, "Arg2": []}
    assert run("$parse('-0')") == 0
    assert run("$parse('null')") is None
    assert run("$parse('[1, null]')") == [1, None]


# --- templates --------------------------------------------------------------------------------


def test_render_replaces_expressions_at_any_depth() -> None:
    template = {"a": "{% $answer %}", "list": [1, "{% $states.input.name %}", {"k": "{% true %}"}]}
    assert render(template, BINDINGS, field="Output") == {"a": 42, "list": [1, "ada", {"k": True}]}


def test_render_keeps_strings_that_are_not_expressions() -> None:
    template = {"jsonpath": "$.x", "spaced": " {% 1 %} ", "key.$": "$", "n": None}
    assert render(template, BINDINGS, field="Output") == template


def test_render_builds_the_field_path_from_the_keys() -> None:
    with pytest.raises(StatesError) as caught:
        render({"result": "{% $doesNotExist %}"}, BINDINGS, field="Output")
    assert "for the field 'Output/result' returned nothing" in caught.value.cause


def test_expect_type_words_the_mismatch_as_aws() -> None:
    with pytest.raises(StatesError) as caught:
        expect_type({"foo": "bar"}, "array", "$ItemsVar", "Items")
    assert caught.value.cause == (
        "The JSONata expression '$ItemsVar' specified for the field 'Items' returned an "
        "unexpected result type. Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}"
    )
    expect_type([1], "array", "$ItemsVar", "Items")


# --- concurrency ------------------------------------------------------------------------------


def test_threads_share_the_compiled_expressions_safely() -> None:
    mistakes: list[tuple[int, int, Any]] = []

    def work(worker: int) -> None:
        for step in range(100):
            bindings = {"states": {"input": {"n": step}}, "w": worker}
            value = evaluate("$states.input.n * 1000 + $w", bindings, field="Output")
            if value != step * 1000 + worker:
                mistakes.append((worker, step, value))

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert mistakes == []


# --- bounds: regular expressions, sizes and shared values --------------------------------------

SLOW = {"states": {"input": {"text": "a" * 60 + "!"}}}


def slow_failure(expression: str) -> str:
    with pytest.raises(StatesError) as caught:
        evaluate(expression, SLOW, field="Output")
    assert caught.value.error == QUERY_EVALUATION_ERROR
    return caught.value.cause


def test_a_backtracking_regex_is_stopped_with_a_clear_cause() -> None:
    """Every function taking a regex has its case in tests/hostile/; two suffice here."""
    for expression in (
        "$match($states.input.text, /^(a|aa)+$/)",
        "$replace($states.input.text, /^(a|aa)+$/, function($m){'x'})",
    ):
        cause = slow_failure(expression)
        assert "threw an error during evaluation: the regular expression /" in cause
        assert "took longer than 1 s" in cause


def test_regexes_still_behave_as_jsonata_python_made_them() -> None:
    assert run("$replace('abc', /(b)/, '[$1]')") == "a[b]c"
    assert run("$replace('abc', /(b)/, '$12')") == "ab2c"  # no group 12: group 1, then "2"
    assert run("$replace('abc', /(b)/, '$2')") == "ac"
    assert run("$split('a1b22c', /[0-9]+/)") == ["a", "b", "c"]
    assert run("$contains('Hello', /hello/i)") is True
    assert run("$match('ab ab', /a(b)/)") == [
        {"match": "ab", "index": 0, "groups": ["b"]},
        {"match": "ab", "index": 3, "groups": ["b"]},
    ]
    assert run("$replace('aaa', /a/, function($m){$uppercase($m.match)})") == "AAA"


def test_strings_are_refused_before_they_are_built() -> None:
    assert "more than 1048576 characters" in failure("$pad('', 500000000, 'x')")
    assert "more than 1048576 characters" in failure("$pad('x', -1e300, 'y')")
    assert "more than 1048576 characters" in failure(
        "$reduce([1..30], function($a, $i){$a & $a}, 'x')"
    )
    assert "more than 1048576 characters" in failure(
        "$replace($pad('', 100000, 'a'), 'a', 'bbbbbbbbbbbbbbbbbbbb')"
    )
    assert "more than 1048576 characters" in failure(
        "$replace($pad('', 100000, 'a'), /a/, 'bbbbbbbbbbbbbbbbbbbb')"
    )
    assert "more than 1048576 characters" in failure("$string([[1..100000], [1..100000]])")
    assert len(run("$pad('', 100000, 'x')")) == 100000


def test_arrays_are_refused_before_they_are_built() -> None:
    assert "more than 131072 items" in failure("[1..10000000]")
    assert "more than 131072 items" in failure("$range(1, 100000000, 1)")
    assert "more than 131072 items" in failure(
        "$reduce([1..30], function($a, $i){$append($a, $a)}, [1])"
    )
    assert "more than 131072 items" in failure("($a := [0]; " + "$a := [$a, $a]; " * 30 + "1)")
    assert run("$count([1..100000])") == 100000


def test_what_one_evaluation_builds_in_all_is_bounded() -> None:
    cause = failure("$count($map([1..200], function($i){$pad('', 1000000, 'x')}))")
    assert "characters and array items in all" in cause


def test_values_that_share_their_parts_are_not_walked_past_the_limit() -> None:
    shared = "$a := [0]; " + "$a := [[$a], [$a]]; " * 40
    assert "boolean test" in failure(f"({shared} $a ? 1 : 2)")
    assert "larger than 1048576 characters" in failure(f"({shared} $a = $a)")
    assert "larger than 1048576 characters" in failure(f"({shared} $count($a.**))")
    assert "returned a result larger than 1048576 characters" in failure(f"({shared} $a)")


def test_parse_has_the_same_depth_limit_as_string_to_json() -> None:
    assert run(f"$count($parse('{'[' * MAX_JSON_DEPTH}{']' * MAX_JSON_DEPTH}'))") == 1
    too_deep = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    assert f"nests deeper than {MAX_JSON_DEPTH} levels" in failure(f"$parse('{too_deep}')")
    assert "too large for a double" in failure("$parse('[1e400]')")


def test_distinct_and_spread_keep_their_answers() -> None:
    assert run("$distinct([1, 2, 1, 'a', {'x': [1]}, {'x': [1]}, 'a'])") == [
        1,
        2,
        "a",
        {"x": [1]},
    ]
    assert run("$count($distinct([1..100000]))") == 100000
    assert run("$spread([{'a': 1, 'b': 2}, [{'c': 3}]])") == [{"a": 1}, {"b": 2}, {"c": 3}]
