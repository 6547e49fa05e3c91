"""The workflow list, one workflow, comparing versions and exporting, as a person reads them."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from designer.models import Workflow, WorkflowVersion
from designer.services import put_alias
from engine.executions import start_execution
from engine.models import Execution, Status

from .conftest import PASS_THEN_WAIT


def embedded(page: object, script_id: str) -> object:
    """The JSON a page hands the graph bundle in <script id=…>."""
    html = page.content.decode()  # type: ignore[attr-defined]
    found = re.search(
        rf'<script id="{script_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, f"no json_script {script_id}"
    return json.loads(found.group(1))


def row_of(page: object, name: str) -> str:
    html = page.content.decode()  # type: ignore[attr-defined]
    found = re.search(rf'<tr data-workflow="{name}">(.*?)</tr>', html, re.S)
    assert found, f"{name} is not listed"
    return found.group(1)


def test_the_list_shows_versions_aliases_recent_runs_and_the_last_run(
    viewer: Client, saga: WorkflowVersion
) -> None:
    from designer.services import publish_version

    second = publish_version("saga", {**PASS_THEN_WAIT, "Comment": "v2"})
    put_alias(saga.workflow, "prod", [{"version": 1, "weight": 90}, {"version": 2, "weight": 10}])
    old, _ = start_execution(saga, {}, name="last-week")
    Execution.objects.filter(id=old.id).update(started_at=timezone.now() - timedelta(days=7))
    failed, _ = start_execution(second, {}, name="today")
    Execution.objects.filter(id=failed.id).update(status=Status.FAILED)

    row = row_of(viewer.get("/workflows/"), "saga")
    assert "v2" in row
    assert "prod → v1 90%, v2 10%" in row
    assert "1 failed" in row and "running" not in row  # last week's run is not in the last 24 h
    assert "never" not in row  # it has a last run


def test_searching_and_filtering_the_list(viewer: Client, saga: WorkflowVersion) -> None:
    from designer.services import create_workflow, update_workflow

    create_workflow("invoices", PASS_THEN_WAIT, description="Bills customers monthly")
    update_workflow(create_workflow("old-thing", PASS_THEN_WAIT).workflow, archived=True)

    def names(query: str) -> list[str]:
        return re.findall(
            r'<tr data-workflow="([^"]+)"', viewer.get(f"/workflows/?{query}").content.decode()
        )

    assert names("") == ["invoices", "saga"]
    assert names("q=monthly") == ["invoices"]
    assert names("show=archived") == ["old-thing"]
    assert names("show=all") == ["invoices", "old-thing", "saga"]
    assert "No workflow matches" in viewer.get("/workflows/?q=zzz").content.decode()


def test_an_empty_list_says_how_to_begin(designer: Client) -> None:
    page = designer.get("/workflows/").content.decode()
    assert "No workflows yet" in page and "Import ASL" in page


def test_the_workflow_page_hands_the_graph_the_definition_as_written(
    viewer: Client, saga: WorkflowVersion
) -> None:
    page = viewer.get("/workflows/saga/")
    definition = embedded(page, "definition")
    assert list(definition) == ["Comment", "StartAt", "States"]  # the author's order, not jsonb's
    assert list(definition["States"]) == ["Greet", "Pause"]
    assert 'data-graph-viewer data-definition="definition"' in page.content.decode()


def test_the_workflow_page_shows_a_chosen_version(viewer: Client, saga: WorkflowVersion) -> None:
    from designer.services import publish_version

    publish_version("saga", {**PASS_THEN_WAIT, "Comment": "second"}, description="tweak")
    assert embedded(viewer.get("/workflows/saga/"), "definition")["Comment"] == "second"
    assert (
        embedded(viewer.get("/workflows/saga/?version=1"), "definition")["Comment"]
        == (PASS_THEN_WAIT["Comment"])
    )
    assert viewer.get("/workflows/saga/?version=9").status_code == 404
    assert viewer.get("/workflows/saga/?version=x").status_code == 404


def test_export_gives_back_the_definition_byte_for_byte(
    viewer: Client, saga: WorkflowVersion
) -> None:
    response = viewer.get("/workflows/saga/versions/1/asl/")
    assert response.status_code == 200
    assert response.content.decode() == saga.source  # four-space indent and all
    assert response["Content-Disposition"] == 'attachment; filename="saga-v1.asl.json"'


def test_comparing_versions_marks_states_and_lines(viewer: Client, saga: WorkflowVersion) -> None:
    from designer.services import publish_version

    changed = json.loads(json.dumps(PASS_THEN_WAIT))
    changed["States"]["Pause"]["Seconds"] = 5
    changed["States"]["Greet"]["Next"] = "Pause"
    changed["States"]["Done"] = {"Type": "Succeed"}
    changed["States"]["Pause"]["Next"] = "Done"
    del changed["States"]["Pause"]["End"]
    publish_version("saga", changed)

    page = viewer.get("/workflows/saga/compare/?a=1&b=2")
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 state added, 0 removed, 1 changed." in html
    assert '<div class="del"><span class="no">' in html and '"Seconds": 1' in html
    assert '<div class="add"><span class="no">' in html and '"Seconds": 5' in html
    assert embedded(page, "definition-old")["States"]["Pause"]["Seconds"] == 1
    assert 'data-against="definition-old" data-side="new"' in html


def test_unknown_workflows_and_versions_are_404_pages(
    viewer: Client, saga: WorkflowVersion
) -> None:
    for path in (
        "/workflows/nope/",
        "/workflows/saga/versions/7/asl/",
        "/workflows/saga/compare/?a=5",
    ):
        assert viewer.get(path).status_code == 404, path
    assert Workflow.objects.count() == 1
