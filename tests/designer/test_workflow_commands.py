"""import_workflow and export_workflow: a Step Functions definition goes in and comes out
byte for byte."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from designer.models import Workflow, WorkflowVersion
from designer.services import publish_version

pytestmark = pytest.mark.django_db

# Odd spacing, tabs, CRLF line ends, keys out of the usual order, a non-ASCII character, an
# escaped slash and a float written as 1.50: none of it may change on the way through.
ODD = (
    '{   "States" : {\r\n'
    '\t"Wait" :{"Seconds":1, "Type":"Wait",   "Next":"Pay", "Comment":"caf\u00e9 \\/ ok"},\r\n'
    '  "Pay": {"Result": {"amount": 1.50, "b": 1e3}, "Type": "Pass", "Next": "Done"},\r\n'
    '  "Done":   { "Type" : "Succeed" }},\r\n'
    '    "Comment":"odd",  "StartAt"  : "Wait"\r\n'
    "}\r\n"
)


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_workflow", *args, stdout=out)
    return out.getvalue()


def import_(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_workflow", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_definition_goes_in_and_comes_out_byte_for_byte(tmp_path: Path) -> None:
    source = tmp_path / "odd.json"
    source.write_bytes(ODD.encode())

    said = import_(source, "--name", "orders")
    exported = export("orders")

    assert said.strip() == "Published orders version 1."
    assert exported.encode() == source.read_bytes()
    assert json.loads(exported) == json.loads(ODD)


def test_a_second_import_is_the_next_version(tmp_path: Path) -> None:
    first = tmp_path / "one.json"
    first.write_text('{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}')
    second = tmp_path / "two.json"
    second.write_bytes(ODD.encode())

    import_(first, "--name", "orders", "--description", "first")
    said = import_(second, "--name", "orders")

    assert said.strip() == "Published orders version 2."
    assert export("orders", "--version", "1") == first.read_text()
    assert export("orders").encode() == ODD.encode()
    assert WorkflowVersion.objects.get(number=1).description == "first"


def test_an_invalid_file_is_refused_with_its_problems(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Gone"}}}')

    with pytest.raises(CommandError, match="next_missing_state at /States/A/Next"):
        import_(broken, "--name", "orders")
    assert not Workflow.objects.exists()


def test_import_refuses_a_missing_file_a_bad_name_and_an_archived_workflow(
    tmp_path: Path,
) -> None:
    good = tmp_path / "good.json"
    good.write_bytes(ODD.encode())
    publish_version("archived", ODD)
    Workflow.objects.filter(name="archived").update(archived_at=timezone.now())

    with pytest.raises(CommandError, match="Cannot read"):
        import_(tmp_path / "missing.json", "--name", "orders")
    with pytest.raises(CommandError, match="Workflow name"):
        import_(good, "--name", "has space")
    with pytest.raises(CommandError, match="archived"):
        import_(good, "--name", "archived")
    assert WorkflowVersion.objects.count() == 1


def test_export_refuses_an_unknown_workflow_or_version() -> None:
    publish_version("orders", ODD)

    with pytest.raises(CommandError, match="No workflow 'nope'"):
        export("nope")
    with pytest.raises(CommandError, match="version 7"):
        export("orders", "--version", "7")
