"""New workflow, Import ASL, the JSON editor, aliases and archiving, from the pages."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from designer.models import Workflow, WorkflowVersion

from .conftest import PASS_THEN_WAIT

BROKEN = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}


def test_a_designer_creates_a_workflow_and_lands_on_it(designer: Client) -> None:
    text = json.dumps(PASS_THEN_WAIT, indent=3)
    response = designer.post(
        "/workflows/new/", {"name": "greeter", "description": "Says hello", "definition": text}
    )
    assert response["Location"] == "/workflows/greeter/"
    version = WorkflowVersion.objects.get(workflow__name="greeter")
    assert (version.number, version.source, version.author.username) == (1, text, "web-designer")
    assert Workflow.objects.get(name="greeter").description == "Says hello"


def test_a_broken_definition_names_the_state_and_field_and_keeps_the_text(designer: Client) -> None:
    text = json.dumps(BROKEN)
    response = designer.post("/workflows/new/", {"name": "broken", "definition": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<code>/States/A/Next</code>" in html and "Nowhere" in html
    assert json.dumps(BROKEN).replace('"', "&quot;") in html  # the textarea keeps what was typed
    assert not Workflow.objects.filter(name="broken").exists()


def test_text_that_is_not_json_says_where(designer: Client) -> None:
    response = designer.post("/workflows/import/", {"name": "x", "definition": '{"StartAt": '})
    assert response.status_code == 200
    assert "line 1" in response.content.decode().lower()


def test_a_taken_name_or_a_bad_name_is_refused_on_the_field(
    designer: Client, saga: WorkflowVersion
) -> None:
    text = json.dumps(PASS_THEN_WAIT)
    taken = designer.post("/workflows/new/", {"name": "saga", "definition": text})
    assert "A workflow named &#x27;saga&#x27; exists already." in taken.content.decode()
    bad = designer.post("/workflows/new/", {"name": "no spaces", "definition": text})
    assert "letters, digits" in bad.content.decode()
    assert Workflow.objects.count() == 1


def test_import_asl_takes_a_file(designer: Client) -> None:
    upload = SimpleUploadedFile("exported.asl.json", json.dumps(PASS_THEN_WAIT).encode())
    response = designer.post("/workflows/import/", {"name": "from-file", "file": upload})
    assert response["Location"] == "/workflows/from-file/"
    assert WorkflowVersion.objects.get(workflow__name="from-file").definition == PASS_THEN_WAIT


def test_the_editor_publishes_the_next_version_with_its_comment(
    designer: Client, saga: WorkflowVersion
) -> None:
    page = designer.get("/workflows/saga/design/").content.decode()
    assert "&quot;Greet&quot;" in page  # starts from the latest version
    changed = {**PASS_THEN_WAIT, "Comment": "changed"}
    response = designer.post(
        "/workflows/saga/design/", {"definition": json.dumps(changed), "comment": "Say why"}
    )
    assert response["Location"] == "/workflows/saga/?version=2"
    latest = saga.workflow.latest_version()
    assert (latest.number, latest.description, latest.definition) == (2, "Say why", changed)


def test_the_editor_refuses_a_broken_definition_and_publishes_nothing(
    designer: Client, saga: WorkflowVersion
) -> None:
    response = designer.post("/workflows/saga/design/", {"definition": json.dumps(BROKEN)})
    assert response.status_code == 200
    assert "definition-problems" in response.content.decode()
    assert saga.workflow.versions.count() == 1


def test_aliases_are_created_split_and_moved(designer: Client, saga: WorkflowVersion) -> None:
    from designer.services import publish_version

    publish_version("saga", {**PASS_THEN_WAIT, "Comment": "v2"})
    designer.post("/workflows/saga/aliases/", {"name": "prod", "version": 1})
    assert saga.workflow.aliases.get(name="prod").routes == [{"version": 1, "weight": 100}]
    response = designer.post(
        "/workflows/saga/aliases/",
        {"name": "prod", "version": 2, "weight": 90, "second_version": 1},
        follow=True,
    )
    assert "Alias &#x27;prod&#x27; moved: v2 90%, v1 10%." in response.content.decode()
    assert saga.workflow.aliases.get(name="prod").routes == [
        {"version": 2, "weight": 90},
        {"version": 1, "weight": 10},
    ]


def test_an_alias_that_cannot_route_is_refused_with_the_reason(
    designer: Client, saga: WorkflowVersion
) -> None:
    response = designer.post(
        "/workflows/saga/aliases/", {"name": "prod", "version": 4}, follow=True
    )
    assert "Version 4 of &#x27;saga&#x27; does not exist." in response.content.decode()
    same = designer.post(
        "/workflows/saga/aliases/",
        {"name": "x", "version": 1, "second_version": 1, "weight": 50},
        follow=True,
    )
    assert "must name different versions" in same.content.decode()
    assert not saga.workflow.aliases.exists()


def test_deleting_an_alias(designer: Client, saga: WorkflowVersion) -> None:
    designer.post("/workflows/saga/aliases/", {"name": "prod", "version": 1})
    designer.post("/workflows/saga/aliases/prod/delete/")
    assert not saga.workflow.aliases.exists()


def test_archiving_hides_start_and_edit_and_restoring_brings_them_back(
    designer: Client, saga: WorkflowVersion
) -> None:
    from .conftest import shown_testids

    designer.post("/workflows/saga/archive/")
    page = designer.get("/workflows/saga/")
    assert {"start-execution", "edit-in-designer"} & shown_testids(page) == set()
    assert "restore" in shown_testids(page)
    refused = designer.post("/workflows/saga/start/", {"input": "{}", "target": "latest"})
    assert "is archived" in refused.content.decode() and not saga.workflow.executions.exists()
    designer.post("/workflows/saga/archive/", {"archived": "false"})
    assert "start-execution" in shown_testids(designer.get("/workflows/saga/"))
