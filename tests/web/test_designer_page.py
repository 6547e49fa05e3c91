"""The designer page as the server renders it: what it hands the script (the stored text, the
role, the aliases, the API's address), and the plain form the page holds before the script runs."""

from __future__ import annotations

import json
import re

from django.test import Client

from designer.forms import STARTER
from designer.models import WorkflowVersion
from designer.services import put_alias


def config_of(html: str) -> dict[str, object]:
    match = re.search(r'<script id="designer-config" type="application/json">(.*?)</script>', html)
    assert match, "the page has no designer-config"
    return json.loads(match.group(1))


def test_the_designer_gets_the_stored_text_exactly_and_may_design(
    designer: Client, saga: WorkflowVersion
) -> None:
    put_alias(saga.workflow, "prod", [{"version": 1}])
    response = designer.get("/workflows/saga/design/")
    html = response.content.decode()
    config = config_of(html)
    assert config["workflow"] == "saga"
    assert config["version"] == 1
    assert config["source"] == saga.source  # as written, not re-serialized
    assert config["canDesign"] is True
    assert config["aliases"] == ["prod"]
    assert config["urls"] == {
        "api": "/api/",
        "workflowPage": "/workflows/",
        "executionPage": "/executions/",
    }
    # The bundle's designer entry, with the shared chunk's stylesheet
    assert re.search(r'<script type="module" src="/static/graph/assets/designer-[^"]+\.js">', html)
    assert html.count('rel="stylesheet" href="/static/graph/') >= 2
    # Before the script runs: the plain form that publishes the next version
    assert 'data-testid="definition-editor"' in html and 'data-testid="publish"' in html


def test_a_viewer_reads_the_designer_but_gets_no_form_and_cannot_post(
    viewer: Client, saga: WorkflowVersion
) -> None:
    response = viewer.get("/workflows/saga/design/")
    assert response.status_code == 200
    html = response.content.decode()
    assert config_of(html)["canDesign"] is False
    assert 'data-testid="publish"' not in html
    refused = viewer.post("/workflows/saga/design/", {"definition": saga.source})
    assert refused.status_code == 403
    assert WorkflowVersion.objects.count() == 1


def test_a_new_workflow_starts_from_the_starter_with_no_name_and_no_version(
    designer: Client,
) -> None:
    config = config_of(designer.get("/workflows/new/").content.decode())
    assert (config["workflow"], config["version"], config["aliases"]) == (None, None, [])
    assert json.loads(str(config["source"])) == STARTER


def test_a_new_workflow_is_for_designers_only(viewer: Client) -> None:
    assert viewer.get("/workflows/new/").status_code == 403
