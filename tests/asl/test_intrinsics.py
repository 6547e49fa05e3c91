"""engine.asl.intrinsics: every States.* function, its syntax and its runtime failures."""

from __future__ import annotations

import random

import pytest

from engine.asl.errors import INTRINSIC_FAILURE, StatesError
from engine.asl.intrinsics import (
    Call,
    IntrinsicSyntaxError,
    JavaRandom,
    Literal,
    PathArg,
    evaluate,
    is_intrinsic,
    parse,
)
from engine.asl.limits import MAX_JSON_DEPTH
from engine.asl.scope import Scope

SCOPE = Scope(
    {"name": "ada", "list": [1, 2, 2, 3], "obj": {"Arg1": 1, "Arg2": []}, "f": 1.5, "big": 10**20},
    {"Execution": {"Id": "exec-1"}},
    {"count": 4},
)


def run(text: str, **kwargs: object) -> object:
    return evaluate(text, SCOPE, **kwargs)  # type: ignore[arg-type]


def failure(text: str) -> StatesError:
    with pytest.raises(StatesError) as caught:
        run(text)
    assert caught.value.error == INTRINSIC_FAILURE
    return caught.value


# --- syntax -----------------------------------------------------------------------------------


def test_is_intrinsic_recognises_calls_only() -> None:
    assert is_intrinsic("States.Array(1)")
    assert not is_intrinsic("$.a")
    assert not is_intrinsic("States.Array")


def test_parse_builds_nested_calls_with_literals_and_paths() -> None:
    call = parse("States.Array('a', 1, 2.5, null, true, $.x, $$.y, $v, States.UUID())")
    assert call == Call(
        "Array",
        (
            Literal("a", raw="a"),
            Literal(1),
            Literal(2.5),
            Literal(None),
            Literal(True),
            PathArg("$.x"),
            PathArg("$$.y"),
            PathArg("$v"),
            Call("UUID", ()),
        ),
    )


def test_parse_rejects_unknown_functions() -> None:
    with pytest.raises(IntrinsicSyntaxError, match="unknown intrinsic function States.Nope"):
        parse("States.Nope(1)")


def test_parse_rejects_wrong_argument_counts() -> None:
    with pytest.raises(IntrinsicSyntaxError, match="takes 1 argument"):
        parse("States.ArrayLength($.a, $.b)")
    with pytest.raises(IntrinsicSyntaxError, match="2 to 3"):
        parse("States.MathRandom(1)")


def test_parse_rejects_bad_syntax() -> None:
    for text in (
        "States.Array(1,",
        "States.Array('open)",
        "States.Array(1) extra",
        "States.Array(x)",
    ):
        with pytest.raises(IntrinsicSyntaxError):
            parse(text)


def test_string_escapes_are_decoded() -> None:
    assert run(r"States.Array('it\'s', 'back\\slash', '\{\}')") == ["it's", "back\\slash", "{}"]


# --- functions --------------------------------------------------------------------------------


def test_format_fills_placeholders_with_java_renderings() -> None:
    assert run("States.Format('Hi {}, {} {}', $.name, $.f, null)") == "Hi ada, 1.5 null"
    assert run("States.Format('{}', $.obj)") == "{Arg1=1, Arg2=[]}"
    assert run("States.Format('{} {}', $.big, 1.0)") == "100000000000000000000 1.0"


def test_format_keeps_escaped_braces_literal() -> None:
    assert run(r"States.Format('\{\} {}', $.name)") == "{} ada"


def test_format_with_wrong_placeholder_count_fails() -> None:
    failure("States.Format('{} {}', $.name)")


def test_string_to_json_parses_text() -> None:
    assert run("States.StringToJson('{\"a\": [1, 2.0]}')") == {"a": [1, 2.0]}
    assert run("States.StringToJson(' ')") is None
    failure("States.StringToJson('{nope')")


def test_json_to_string_writes_compact_json() -> None:
    assert run("States.JsonToString($.obj)") == '{"Arg1":1,"Arg2":[]}'


def test_array_collects_its_arguments() -> None:
    assert run("States.Array($.name, $count, 1)") == ["ada", 4, 1]


def test_array_partition_chunks_an_array() -> None:
    assert run("States.ArrayPartition($.list, 3)") == [[1, 2, 2], [3]]
    failure("States.ArrayPartition($.list, 0)")


def test_array_contains_compares_json_values() -> None:
    assert run("States.ArrayContains($.list, 3)") is True
    assert run("States.ArrayContains(States.Array($.obj), $.obj)") is True
    assert run("States.ArrayContains($.list, '3')") is False


def test_array_range_includes_the_end_and_limits_size() -> None:
    assert run("States.ArrayRange(1, 9, 2)") == [1, 3, 5, 7, 9]
    assert run("States.ArrayRange(5, 1, -2)") == [5, 3, 1]
    failure("States.ArrayRange(0, 1000, 1)")
    failure("States.ArrayRange(0, 10, 0)")


def test_array_get_item_reads_an_index() -> None:
    assert run("States.ArrayGetItem($.list, 3)") == 3
    failure("States.ArrayGetItem($.list, 4)")


def test_array_length_counts_items() -> None:
    assert run("States.ArrayLength($.list)") == 4
    failure("States.ArrayLength($.name)")


def test_array_unique_drops_repeats_in_order() -> None:
    assert run("States.ArrayUnique($.list)") == [1, 2, 3]


def test_base64_round_trip() -> None:
    assert run("States.Base64Encode('Data to encode')") == "RGF0YSB0byBlbmNvZGU="
    assert run("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')") == "Data to encode"
    failure("States.Base64Decode('***')")


def test_hash_supports_the_aws_algorithms() -> None:
    digest = "aaff4a450a104cd177d28d18d74485e8cae074b7"
    assert run("States.Hash('input data', 'SHA-1')") == digest
    assert len(run("States.Hash('input data', 'SHA-512')")) == 128  # type: ignore[arg-type]
    failure("States.Hash('input data', 'SHA-999')")


def test_json_merge_is_shallow() -> None:
    merged = run('States.JsonMerge(States.StringToJson(\'{"a":{"x":1},"b":1}\'), $.obj, false)')
    assert merged == {"a": {"x": 1}, "b": 1, "Arg1": 1, "Arg2": []}
    failure("States.JsonMerge($.obj, $.obj, true)")


def test_math_random_is_deterministic_with_an_rng_or_seed() -> None:
    first = run("States.MathRandom(1, 100)", rng=random.Random(7))
    assert first == run("States.MathRandom(1, 100)", rng=random.Random(7))
    assert 1 <= first < 100  # type: ignore[operator]
    assert run("States.MathRandom(1, 100, 42)") == run("States.MathRandom(1, 100, 42)")


def test_math_add_rounds_each_argument_like_java() -> None:
    assert run("States.MathAdd(1.5, 1.51)") == 4
    assert run("States.MathAdd(-2.5, 0)") == -2
    assert run("States.MathAdd($count, -1)") == 3
    failure("States.MathAdd($.name, 1)")


def test_string_split_splits_on_any_delimiter_character() -> None:
    assert run("States.StringSplit('This.is+a,test', '.+,')") == ["This", "is", "a", "test"]
    assert run("States.StringSplit('a,,b', ',')") == ["a", "b"]


def test_uuid_is_a_version_4_uuid() -> None:
    value = run("States.UUID()", rng=random.Random(1))
    assert value == run("States.UUID()", rng=random.Random(1))
    assert isinstance(value, str) and value[14] == "4"


def test_missing_path_argument_is_a_runtime_error() -> None:
    with pytest.raises(StatesError) as caught:
        run("States.Array($.nope)")
    assert caught.value.error == "States.Runtime"


def test_math_random_accepts_decimal_bounds() -> None:
    value = run("States.MathRandom(12.5, 44.51)", rng=random.Random(3))
    assert isinstance(value, int) and 12 <= value < 44


def test_seeded_math_random_follows_java_random() -> None:
    assert JavaRandom(0)._next(32) == -1155484576
    assert run("States.MathRandom(0, 999, 3)") == JavaRandom(3).next_int(999)


# --- bounds: limits checked before a value is built --------------------------------------------


def test_array_range_counts_its_items_before_building_them() -> None:
    assert (
        "at most 1000 items"
        in failure("States.ArrayRange(-9223372036854775808, 9223372036854775807, 1)").cause
    )
    assert "at most 1000 items" in failure("States.ArrayRange(1, 100000000, 1)").cause
    assert run("States.ArrayRange(9223372036854775807, 9223372036854775805, -1)") == [
        9223372036854775807,
        9223372036854775806,
        9223372036854775805,
    ]
    assert run("States.ArrayRange(5, 1, 1)") == []
    assert len(run("States.ArrayRange(1, 1000, 1)")) == 1000  # type: ignore[arg-type]


def test_number_literals_too_large_for_a_double_fail() -> None:
    for text in (
        "States.Array(1e400)",
        "States.MathAdd(-1e400, 1)",
        "States.ArrayRange(0, 1e999, 1)",
    ):
        assert "too large for a double" in failure(text).cause


def test_huge_integers_are_compared_not_converted_to_floats() -> None:
    assert "between -2147483648 and 2147483647" in failure("States.MathAdd($.big, 1)").cause
    assert "between" in failure("States.MathAdd(99999999999999999999999, 1)").cause
    assert "out of bounds" in failure("States.ArrayGetItem($.list, 99999999999999999999999)").cause
    assert "greater than 0" in failure("States.ArrayPartition($.list, -99999999999999999999)").cause
    assert run("States.ArrayPartition($.list, 99999999999999999999)") == [[1, 2, 2, 3]]


def test_math_random_takes_java_int_bounds_only() -> None:
    assert "between" in failure("States.MathRandom(0, 1e308)").cause
    assert "between" in failure("States.MathRandom(0, 99999999999999, 1e300)").cause
    assert "at most 2147483647 wide" in failure("States.MathRandom(-2147483648, 2147483647)").cause
    assert 0 <= run("States.MathRandom(0, 2147483647, 1e300)") < 2147483647  # type: ignore[operator]


def test_string_to_json_refuses_nesting_deeper_than_the_limit() -> None:
    deep_enough = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert evaluate("States.StringToJson($.t)", Scope({"t": deep_enough})) is not None
    too_deep = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    cause = failure_in(Scope({"t": too_deep}), "States.StringToJson($.t)").cause
    assert f"nests deeper than {MAX_JSON_DEPTH} levels" in cause
    brackets_in_strings = '["' + "[" * 1000 + '"]'
    assert evaluate("States.StringToJson($.t)", Scope({"t": brackets_in_strings})) == ["[" * 1000]


def test_string_to_json_refuses_what_json_cannot_hold() -> None:
    assert "too large for a double" in failure("States.StringToJson('[1e400]')").cause
    assert "not valid JSON" in failure_in(Scope({"t": "NaN"}), "States.StringToJson($.t)").cause
    assert run("States.StringToJson('99999999999999999999999')") == 99999999999999999999999


def test_results_are_bounded_before_they_are_joined() -> None:
    long = Scope({"t": "x" * 100_000})
    format_call = "States.Format('" + "{}" * 12 + "'" + ", $.t" * 12 + ")"
    assert "longer than 1048576 characters" in failure_in(long, format_call).cause
    array_call = "States.Array(" + ", ".join(["$.t"] * 12) + ")"
    assert "larger than 1048576 characters" in failure_in(long, array_call).cause
    assert len(evaluate("States.Format('{}{}', $.t, $.t)", long)) == 200_000


def test_array_unique_keeps_json_equality_in_linear_time() -> None:
    items = [1, 1.0, True, {"a": 1, "b": [1]}, {"b": [1.0], "a": 1}, "1", None, None]
    assert evaluate("States.ArrayUnique($.i)", Scope({"i": items})) == [
        1,
        True,
        {"a": 1, "b": [1]},
        "1",
        None,
    ]
    many = Scope({"i": list(range(40000)) * 2})
    assert evaluate("States.ArrayLength(States.ArrayUnique($.i))", many) == 40000


def test_string_split_on_many_delimiters_without_a_regex() -> None:
    delimiters = "".join(chr(0x4E00 + n) for n in range(5000)) + ".*"
    scope = Scope({"t": "a.b*c\u4e00d..", "d": delimiters})
    assert evaluate("States.StringSplit($.t, $.d)", scope) == ["a", "b", "c", "d"]


def test_a_value_nested_deeper_than_python_recurses_fails_the_function() -> None:
    deep: list[object] = []
    for _ in range(20000):
        deep = [deep]
    cause = failure_in(Scope({"d": deep}), "States.JsonToString($.d)").cause
    assert "nested too deeply" in cause


def failure_in(scope: Scope, text: str) -> StatesError:
    with pytest.raises(StatesError) as caught:
        evaluate(text, scope)
    assert caught.value.error == INTRINSIC_FAILURE
    return caught.value
