"""engine.asl.templates: Parameters / ResultSelector / ItemSelector / Assign payload templates."""

from __future__ import annotations

import pytest

from engine.asl.errors import RUNTIME, StatesError
from engine.asl.scope import Scope
from engine.asl.templates import render_payload

SCOPE = Scope({"user": {"name": "ada"}, "n": 0.0}, {"State": {"Name": "S"}}, {"greeting": "hi"})


def test_literal_values_are_copied() -> None:
    template = {"a": 1, "b": [True, None], "c": {"d": "$.user"}}
    assert render_payload(template, SCOPE) == template


def test_dollar_keys_read_paths_and_drop_the_suffix() -> None:
    template = {"who.$": "$.user.name", "whole.$": "$", "zero.$": "$.n"}
    rendered = render_payload(template, SCOPE)
    assert rendered == {"who": "ada", "whole": SCOPE.input, "zero": 0.0}
    assert isinstance(rendered["zero"], float)


def test_dollar_keys_read_context_and_variables() -> None:
    template = {"state.$": "$$.State.Name", "said.$": "$greeting"}
    assert render_payload(template, SCOPE) == {"state": "S", "said": "hi"}


def test_dollar_keys_run_intrinsic_functions() -> None:
    template = {"msg.$": "States.Format('{} says {}', $.user.name, $greeting)"}
    assert render_payload(template, SCOPE) == {"msg": "ada says hi"}


def test_nested_objects_and_arrays_are_rendered() -> None:
    template = {"outer": [{"inner.$": "$.user.name"}, "plain"]}
    assert render_payload(template, SCOPE) == {"outer": [{"inner": "ada"}, "plain"]}


def test_missing_path_fails_with_the_aws_message() -> None:
    with pytest.raises(StatesError) as caught:
        render_payload({"address.$": "$.application.address"}, Scope({"flagged": False}))
    assert caught.value.error == RUNTIME
    assert caught.value.cause == (
        "The JSONPath '$.application.address' specified for the field 'address.$' "
        "could not be found in the input '{\"flagged\":false}'"
    )


def test_non_object_template_is_returned_as_is() -> None:
    assert render_payload("text", SCOPE) == "text"
