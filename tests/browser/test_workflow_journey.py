"""A new user's first visit, end to end in Chromium: log in, find a workflow, read its graph,
compare two versions, start an execution with an input and land on it."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from designer.services import publish_version
from engine.models import Execution
from tests.browser.harness import login, shot

pytestmark = pytest.mark.browser

FIRST = {
    "Comment": "Greets, then waits a moment",
    "StartAt": "Greet",
    "States": {
        "Greet": {"Type": "Pass", "Parameters": {"hello.$": "$.who"}, "Next": "Sort"},
        "Sort": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.hello", "StringEquals": "world", "Next": "Done"}],
            "Default": "Done",
        },
        "Done": {"Type": "Succeed"},
    },
}


def second_version() -> dict[str, object]:
    changed = json.loads(json.dumps(FIRST))
    changed["States"]["Sort"]["Default"] = "Shrug"
    changed["States"]["Shrug"] = {"Type": "Fail", "Error": "Unknown"}
    return changed


def graph_states(page: Page, testid: str = "graph") -> list[str]:
    canvas = page.get_by_test_id(testid)
    expect(canvas).to_have_attribute("data-graph-ready", "true")
    return canvas.locator("[data-state]").evaluate_all("els => els.map(e => e.dataset.state)")


def test_a_new_user_logs_in_reads_a_workflow_and_starts_it(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("operator")
    publish_version("greeter", FIRST)
    publish_version("greeter", second_version(), description="Fail on strangers")

    login(page, "operator")
    expect(page).to_have_url("/workflows/")  # / is the workflow list
    page.get_by_role("link", name="greeter").click()
    expect(page.get_by_role("heading", name="greeter")).to_be_visible()
    assert sorted(graph_states(page)) == ["Done", "Greet", "Shrug", "Sort"]
    shot(page, "journey-workflow")

    # A click on a state shows its fields
    page.get_by_test_id("graph").locator('[data-state="Greet"]').click()
    expect(page.get_by_test_id("state-details")).to_contain_text("hello.$")

    page.get_by_role("link", name="Compare versions →").click()
    expect(page.get_by_test_id("diff-summary")).to_have_text("1 state added, 0 removed, 1 changed.")
    new_side = page.get_by_test_id("graph-new")
    graph_states(page, "graph-new")
    expect(new_side.locator('[data-state="Shrug"]')).to_have_attribute("data-diff", "added")
    expect(new_side.locator('[data-state="Sort"]')).to_have_attribute("data-diff", "changed")
    expect(new_side.locator('[data-state="Greet"]')).not_to_have_attribute("data-diff", "changed")
    shot(page, "journey-compare")

    page.go_back()
    page.get_by_test_id("start-execution").click()
    page.get_by_label("Input (JSON)").fill('{"who": "world"}')
    page.get_by_label("Name (optional)").fill("first-run")
    page.get_by_test_id("start-submit").click()

    execution = Execution.objects.get(name="first-run")
    expect(page).to_have_url(f"/executions/{execution.id}/")
    expect(page.get_by_test_id("execution-input")).to_contain_text('"who": "world"')
    # The engine runs it; the plain page shows the end after a reload
    for _ in range(50):
        page.reload()
        if page.get_by_test_id("execution-status").get_attribute("data-status") != "RUNNING":
            break
        page.wait_for_timeout(100)
    expect(page.get_by_test_id("execution-status")).to_have_attribute("data-status", "SUCCEEDED")
    expect(page.get_by_test_id("execution-output")).to_contain_text('"hello": "world"')


def test_a_bad_input_is_refused_where_the_user_typed_it(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("operator")
    publish_version("greeter", FIRST)
    login(page, "operator")
    page.goto("/workflows/greeter/start/")
    page.get_by_label("Input (JSON)").fill('{"who": ')
    page.get_by_test_id("start-submit").click()
    expect(page.get_by_role("alert")).to_contain_text("The input is not JSON")
    expect(page.get_by_label("Input (JSON)")).to_have_value('{"who": ')  # kept to correct
    assert not Execution.objects.exists()


def test_a_viewer_reads_everything_but_gets_no_controls_and_csrf_guards_the_forms(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("viewer")
    publish_version("greeter", FIRST)
    login(page, "viewer")
    page.goto("/workflows/greeter/")
    assert graph_states(page)
    for control in ("start-execution", "edit-in-designer", "archive", "alias-form"):
        expect(page.get_by_test_id(control)).to_have_count(0)
    expect(page.get_by_test_id("export")).to_be_visible()

    # The session alone is not enough to post: without the CSRF token the form is refused
    refused = page.request.post("/workflows/greeter/start/", form={"input": "{}"})
    assert refused.status == 403
    assert "Form expired" in refused.text()
    assert not Execution.objects.exists()
