"""The admin: executions and their history are visible, versions and executions cannot change."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from designer.examples import definition
from designer.models import Workflow, WorkflowVersion
from designer.services import publish_version
from engine.executions import start_execution
from engine.models import Execution, HistoryEvent


@pytest.fixture
def version(db: None) -> WorkflowVersion:
    return publish_version("notify-router", definition("notify-router"))


@pytest.fixture
def execution(version: WorkflowVersion) -> Execution:
    execution, _ = start_execution(version, {"channel": "fax"}, name="fax-42")
    for event_id, kind in [(1, "ExecutionStarted"), (2, "ChoiceStateEntered")]:
        HistoryEvent.objects.create(
            execution=execution,
            event_id=event_id,
            previous_event_id=event_id - 1,
            type=kind,
            timestamp=execution.started_at,
            details={"marker": f"details-of-{event_id}"},
        )
    return execution


def test_alice_sees_the_execution_list(alice_client: Client, execution: Execution) -> None:
    r = alice_client.get("/admin/engine/execution/")
    assert r.status_code == 200
    assert b"fax-42" in r.content and b"RUNNING" in r.content


def test_the_execution_list_filters_and_searches(
    alice_client: Client, execution: Execution
) -> None:
    r = alice_client.get("/admin/engine/execution/?status__exact=SUCCEEDED")
    assert b"fax-42" not in r.content
    r = alice_client.get(f"/admin/engine/execution/?workflow__id__exact={execution.workflow_id}")
    assert b"fax-42" in r.content
    r = alice_client.get("/admin/engine/execution/?q=fax")
    assert b"fax-42" in r.content
    r = alice_client.get("/admin/engine/execution/?q=nothing-like-it")
    assert b"fax-42" not in r.content


def test_an_execution_page_shows_its_input_and_history(
    alice_client: Client, execution: Execution
) -> None:
    r = alice_client.get(f"/admin/engine/execution/{execution.pk}/change/")
    assert r.status_code == 200
    body = r.content.decode()
    # The input, pretty-printed
    assert "&quot;channel&quot;: &quot;fax&quot;" in body
    # The history events, in event_id order
    assert body.index("ExecutionStarted") < body.index("ChoiceStateEntered")
    assert "details-of-1" in body and "details-of-2" in body
    # Nothing to save or delete
    assert 'name="_save"' not in body and "deletelink" not in body


def test_executions_cannot_be_edited_or_deleted(alice_client: Client, execution: Execution) -> None:
    url = f"/admin/engine/execution/{execution.pk}/change/"
    r = alice_client.post(url, {"name": "renamed", "status": "SUCCEEDED"})
    assert r.status_code == 403
    r = alice_client.post(f"/admin/engine/execution/{execution.pk}/delete/", {"post": "yes"})
    assert r.status_code == 403
    assert alice_client.get("/admin/engine/execution/add/").status_code == 403
    execution.refresh_from_db()
    assert execution.name == "fax-42" and execution.status == "RUNNING"


def test_the_version_page_shows_the_definition_and_offers_no_save(
    alice_client: Client, version: WorkflowVersion
) -> None:
    r = alice_client.get(f"/admin/designer/workflowversion/{version.pk}/change/")
    assert r.status_code == 200
    body = r.content.decode()
    # Pretty-printed: one key per line, indented
    assert "\n  &quot;StartAt&quot;: &quot;Route&quot;,\n" in body
    assert 'name="_save"' not in body and 'name="_continue"' not in body


def test_versions_cannot_be_changed_added_or_deleted(
    alice_client: Client, version: WorkflowVersion
) -> None:
    url = f"/admin/designer/workflowversion/{version.pk}/change/"
    changed = {"number": 7, "definition": json.dumps({"StartAt": "X"}), "source": "{}"}
    assert alice_client.post(url, changed).status_code == 403
    assert alice_client.get("/admin/designer/workflowversion/add/").status_code == 403
    r = alice_client.post(f"/admin/designer/workflowversion/{version.pk}/delete/", {"post": "yes"})
    assert r.status_code == 403
    version.refresh_from_db()
    assert version.number == 1 and version.definition == definition("notify-router")


def test_the_workflow_page_lists_its_versions_read_only(
    alice_client: Client, version: WorkflowVersion
) -> None:
    publish_version("notify-router", {**definition("notify-router"), "Comment": "v2"})
    workflow = Workflow.objects.get(name="notify-router")
    r = alice_client.get(f"/admin/designer/workflow/{workflow.pk}/change/")
    assert r.status_code == 200
    body = r.content.decode()
    for number in (1, 2):
        pk = workflow.versions.get(number=number).pk
        assert f"/admin/designer/workflowversion/{pk}/change/" in body
    # The inline cannot add versions
    assert 'name="versions-MAX_NUM_FORMS" value="0"' in body


def test_engine_work_lists_are_read_only(alice_client: Client, execution: Execution) -> None:
    for model in ("historyevent", "timer", "taskrun"):
        assert alice_client.get(f"/admin/engine/{model}/").status_code == 200
        assert alice_client.get(f"/admin/engine/{model}/add/").status_code == 403
    r = alice_client.get("/admin/engine/historyevent/")
    assert b"ExecutionStarted" in r.content


def test_outsiders_see_no_admin(bob_client: Client, execution: Execution) -> None:
    r = bob_client.get("/admin/engine/execution/")
    assert r.status_code == 302
