"""The live execution page as the server renders it (the mount, its config, the page before its
script runs), what each role is offered, and POST /executions/<id>/rerun/."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from designer.models import Workflow, WorkflowVersion
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, Status
from tests.web.conftest import RoleClient, shown_testids


def page_config(html: str) -> dict:
    found = re.search(r'<script id="execution-config" type="application/json">(.*?)</script>', html)
    assert found, "no execution-config script in the page"
    return json.loads(found.group(1))


@pytest.mark.django_db(transaction=True)  # the in-process engine closes its connections
def test_the_page_mounts_the_live_bundle_over_a_readable_fallback(
    viewer: Client, saga: WorkflowVersion
) -> None:
    execution, _ = start_execution(saga, {"orderId": 7}, name="order-7")
    run_until_ended([execution.id])
    html = viewer.get(f"/executions/{execution.id}/").content.decode()
    assert "data-execution-page" in html and 'data-config="execution-config"' in html
    assert re.search(r'<script type="module" src="[^"]*/graph/assets/execution-[^"]+\.js">', html)
    # the page before its script runs: status, input, history rows by event id, the definition
    assert 'data-testid="execution-status" data-status="SUCCEEDED"' in html
    assert "&quot;orderId&quot;: 7" in html
    assert 'data-event-id="1"' in html and 'data-event-id="2"' in html
    assert '<script id="definition" type="application/json">' in html
    config = page_config(html)
    assert config["id"] == str(execution.id) and config["definition"] == "definition"
    assert config["arn"] == "arn:aws:states:us-east-1:000000000000:execution:saga:order-7"
    assert config["urls"]["rerun"] == f"/executions/{execution.id}/rerun/"
    assert config["urls"]["designer"] == "/workflows/saga/design/"
    assert config["version"] == 1


def test_a_viewer_is_offered_no_control_and_an_operator_is(
    viewer: Client, operator: Client, saga: WorkflowVersion
) -> None:
    running, _ = start_execution(saga, {})
    ended, _ = start_execution(saga, {}, name="ended")
    Execution.objects.filter(id=ended.id).update(status=Status.FAILED)
    controls = {"stop-execution", "redrive-execution", "rerun-execution"}
    for execution in (running, ended):
        response = viewer.get(f"/executions/{execution.id}/")
        assert not controls & shown_testids(response)
        assert page_config(response.content.decode())["can"] == {"operate": False, "design": False}
    assert "stop-execution" in shown_testids(operator.get(f"/executions/{running.id}/"))
    offered = shown_testids(operator.get(f"/executions/{ended.id}/"))
    assert {"redrive-execution", "rerun-execution"} <= offered and "stop-execution" not in offered
    config = page_config(operator.get(f"/executions/{ended.id}/").content.decode())
    assert config["can"]["operate"] is True


def test_run_again_starts_the_same_version_with_the_same_input_and_opens_it(
    operator: Client, saga: WorkflowVersion
) -> None:
    first, _ = start_execution(saga, {"orderId": 9})
    response = operator.post(f"/executions/{first.id}/rerun/")
    again = Execution.objects.exclude(id=first.id).get()
    assert response.status_code == 302 and response["Location"] == f"/executions/{again.id}/"
    assert (again.input, again.version_id, again.status) == ({"orderId": 9}, saga.id, "RUNNING")
    assert again.name != first.name


def test_run_again_is_a_post_for_an_operator_with_a_csrf_token(
    as_role: RoleClient, viewer: Client, saga: WorkflowVersion
) -> None:
    first, _ = start_execution(saga, {})
    assert viewer.post(f"/executions/{first.id}/rerun/").status_code == 403
    checked = as_role("operator", csrf_checks=True)
    assert checked.post(f"/executions/{first.id}/rerun/").status_code == 403
    assert as_role("designer").get(f"/executions/{first.id}/rerun/").status_code == 405
    assert Execution.objects.count() == 1


def test_run_again_of_an_archived_workflow_says_why_and_starts_nothing(
    operator: Client, saga: WorkflowVersion
) -> None:
    first, _ = start_execution(saga, {})
    Workflow.objects.filter(name="saga").update(archived_at=timezone.now())
    page = operator.post(f"/executions/{first.id}/rerun/", follow=True).content.decode()
    assert "archived" in page and Execution.objects.count() == 1


def test_an_unknown_execution_is_a_404_for_the_page_and_for_run_again(
    operator: Client, db: None
) -> None:
    for wrong in ("0f0f0f0f-0000-0000-0000-000000000000", "not-a-uuid"):
        assert operator.get(f"/executions/{wrong}/").status_code == 404
        assert operator.post(f"/executions/{wrong}/rerun/").status_code == 404
