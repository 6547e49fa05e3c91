"""`manage.py execute`: a definition file in, a finished execution's result out."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from designer.models import Workflow
from engine.models import Execution

pytestmark = pytest.mark.django_db(transaction=True)


def write(tmp_path: Path, definition: dict, name: str = "flow.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(definition))
    return path


def execute(*args: str) -> dict:
    out = io.StringIO()
    call_command("execute", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


PASS_THROUGH = {
    "StartAt": "Greet",
    "States": {
        "Greet": {
            "Type": "Pass",
            "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.who)"},
            "End": True,
        }
    },
}


def test_execute_prints_the_output_of_a_succeeded_execution(tmp_path: Path) -> None:
    result = execute(str(write(tmp_path, PASS_THROUGH)), "--input", '{"who": "Ada"}')

    assert result["status"] == "SUCCEEDED"
    assert result["output"] == {"greeting": "Hello, Ada!"}
    assert Execution.objects.get(id=result["executionId"]).status == "SUCCEEDED"


def test_execute_reads_input_from_a_file_with_at_sign(tmp_path: Path) -> None:
    (tmp_path / "input.json").write_text('{"who": "Grace"}')

    result = execute(str(write(tmp_path, PASS_THROUGH)), "--input", f"@{tmp_path / 'input.json'}")

    assert result["output"] == {"greeting": "Hello, Grace!"}


def test_execute_prints_error_and_cause_of_a_failed_execution(tmp_path: Path) -> None:
    definition = {
        "StartAt": "No",
        "States": {"No": {"Type": "Fail", "Error": "Nope", "Cause": "because"}},
    }

    result = execute(str(write(tmp_path, definition)))

    assert result["status"] == "FAILED"
    assert (result["error"], result["cause"]) == ("Nope", "because")


def test_execute_waits_for_a_real_timer(tmp_path: Path) -> None:
    definition = {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 2, "End": True}}}
    began = time.monotonic()

    result = execute(str(write(tmp_path, definition)), "--input", '{"a": 1}')

    assert result == {
        "executionId": result["executionId"],
        "status": "SUCCEEDED",
        "output": {"a": 1},
    }
    assert time.monotonic() - began >= 2.0


def test_execute_stores_a_new_version_only_when_the_definition_changed(tmp_path: Path) -> None:
    path = write(tmp_path, PASS_THROUGH)
    execute(str(path), "--workflow", "greeter")
    execute(str(path), "--workflow", "greeter")
    changed = {**PASS_THROUGH, "Comment": "changed"}
    execute(str(write(tmp_path, changed)), "--workflow", "greeter")

    assert list(Workflow.objects.get(name="greeter").versions.values_list("number", flat=True)) == [
        2,
        1,
    ]


def test_execute_no_wait_returns_while_the_execution_runs(tmp_path: Path) -> None:
    definition = {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 30, "End": True}}}

    result = execute(str(write(tmp_path, definition)), "--no-wait")

    assert result["status"] == "RUNNING"


def test_execute_with_the_same_name_returns_the_same_execution(tmp_path: Path) -> None:
    path = str(write(tmp_path, PASS_THROUGH))
    first = execute(path, "--name", "once", "--input", '{"who": "Ada"}')
    again = execute(path, "--name", "once", "--input", '{"who": "Ada"}')

    assert again["executionId"] == first["executionId"]
    with pytest.raises(CommandError, match="already exists"):
        execute(path, "--name", "once", "--input", '{"who": "Bob"}')


def test_execute_refuses_an_invalid_definition_and_says_where(tmp_path: Path) -> None:
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}}}

    with pytest.raises(CommandError, match="/States/A/Next"):
        execute(str(write(tmp_path, definition)))
    assert not Workflow.objects.exists()
