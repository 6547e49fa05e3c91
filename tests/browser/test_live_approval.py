"""The live execution page with a waiting approval, in Chromium against daphne and runengine:
the approval's node shows who may act, since when and a link to the task, and once bob approves
it the node turns succeeded and its badge says so, without a reload; a claim and a due time
passed show too."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Browser, Locator, Page, expect

from approvals.decisions import decide
from approvals.models import HumanTask
from approvals.rules import Person
from designer.services import publish_version
from engine.executions import start_execution
from tests.browser.harness import BatonServer, login, shot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

EXPENSE: dict[str, Any] = {
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Next": "Approve"},
        "Approve": {
            "Type": "Task",
            "Resource": "baton:approval",
            "Parameters": {
                "Title": "Expense",
                "Groups": ["approvers"],
                "DueSeconds": 3600,
                "Form": [{"name": "amount", "type": "number", "required": True}],
            },
            "Next": "Book",
        },
        "Book": {"Type": "Pass", "End": True},
    },
}


def node(page: Page, state: str) -> Locator:
    return page.get_by_test_id("graph").locator(f'[data-state="{state}"]')


def waiting_approval(by: str, due_seconds: int = 3600) -> tuple[str, HumanTask]:
    """An execution started by `by`, once its approval task (due in `due_seconds`) is open."""
    definition = copy.deepcopy(EXPENSE)
    definition["States"]["Approve"]["Parameters"]["DueSeconds"] = due_seconds
    execution, _ = start_execution(publish_version("expense", definition), {}, started_by=by)
    for _ in range(200):
        task = HumanTask.objects.filter(execution=execution).first()
        if task is not None:
            return str(execution.id), task
        time.sleep(0.05)  # the engine opens it in its own process
    raise AssertionError("the approval task was not opened")


def open_execution(page: Page, execution_id: str) -> None:
    page.goto(f"/executions/{execution_id}/")
    expect(page.get_by_test_id("graph")).to_have_attribute("data-graph-ready", "true")
    expect(page.get_by_test_id("live")).to_have_attribute("data-connected", "true")


def test_a_waiting_approval_shows_on_its_node_and_its_decision_arrives_without_a_reload(
    page: Page, make_user: Callable[[str], User]
) -> None:
    operator = make_user("operator")
    bob = User.objects.create_user("bob", "bob@example.org", PASSWORD)
    bob.groups.add(Group.objects.create(name="approvers"))
    login(page, operator.username)
    execution_id, task = waiting_approval(by=operator.username)
    open_execution(page, execution_id)
    page.evaluate("window.__sameDocument = true")

    # the node waits, and its badge names the group, the time and the task
    expect(node(page, "Approve")).to_have_attribute("data-status", "waiting")
    badge = node(page, "Approve").get_by_test_id("approval-badge")
    expect(badge).to_have_attribute("data-task", str(task.id))
    expect(badge).to_contain_text("approvers")
    expect(badge).to_contain_text("waiting since")
    expect(badge).to_contain_text("due in 1 h")
    expect(badge.get_by_test_id("approval-count")).to_have_text("0/1 approval")
    expect(badge.get_by_test_id("approval-link")).to_have_attribute("href", f"/inbox/{task.id}/")
    shot(page, "execution-approval-light-1280")
    page.emulate_media(color_scheme="dark")
    shot(page, "execution-approval-dark-1280")
    page.emulate_media(color_scheme="light")

    # the step panel says the same
    node(page, "Approve").click()
    panel = page.get_by_test_id("step-approval")
    expect(panel).to_have_attribute("data-task", str(task.id))
    expect(panel.get_by_test_id("step-approval-status")).to_have_text("waiting")

    decide(task.id, Person.of(bob), "approve", comment="fine", data={"amount": 12})

    expect(node(page, "Approve")).to_have_attribute("data-status", "succeeded", timeout=20_000)
    expect(node(page, "Book")).to_have_attribute("data-status", "succeeded")
    expect(badge.get_by_test_id("approval-outcome")).to_have_text("approved by bob")
    expect(badge).to_have_attribute("data-task-status", "APPROVED")
    expect(panel.get_by_test_id("step-approval-status")).to_have_text("approved by bob")
    expect(page.get_by_test_id("history")).to_contain_text("Approval task opened")
    assert page.evaluate("window.__sameDocument") is True, "the page was reloaded"
    shot(page, "execution-approval-decided-light-1280")


def claim_as(chromium: Browser, server: BatonServer, username: str, task_id: int) -> None:
    """Claim through the API in a browser of `username`'s own: the web server writes the
    HumanTaskClaimed event and tells the live page (this process's channel layer would not)."""
    other = chromium.new_context(base_url=server.url)
    try:
        theirs = other.new_page()
        login(theirs, username)
        csrf = next(c["value"] for c in other.cookies() if c["name"] == "csrftoken")
        answer = theirs.request.post(
            f"/api/human-tasks/{task_id}/claim/",
            headers={"X-CSRFToken": csrf, "Referer": theirs.url},
        )
        assert answer.status == 200, answer.text()
    finally:
        other.close()


def test_a_claim_shows_who_has_it_and_an_overdue_approval_is_marked_late(
    page: Page, make_user: Callable[[str], User], chromium: Browser, baton_server: BatonServer
) -> None:
    operator = make_user("operator")
    bob = User.objects.create_user("bob", "bob@example.org", PASSWORD)
    bob.groups.add(Group.objects.create(name="approvers"))
    login(page, operator.username)
    execution_id, task = waiting_approval(by=operator.username, due_seconds=1)
    open_execution(page, execution_id)
    badge = node(page, "Approve").get_by_test_id("approval-badge")
    expect(badge).to_contain_text("For approvers (group)")

    claim_as(chromium, baton_server, "bob", task.id)

    # the HumanTaskClaimed event brings the claim; the due time has passed meanwhile
    expect(badge).to_contain_text("Claimed by bob")
    expect(badge.get_by_test_id("approval-due")).to_contain_text("overdue, due")
    expect(badge.get_by_test_id("approval-due")).to_have_class("bt-approval__late")
    shot(page, "execution-approval-overdue-light-1280")


def test_a_viewer_who_may_not_see_the_task_sees_the_state_waiting_and_no_badge(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("operator")
    viewer = make_user("viewer")
    Group.objects.create(name="approvers")
    login(page, viewer.username)
    execution_id, _ = waiting_approval(by="operator")
    open_execution(page, execution_id)
    expect(node(page, "Approve")).to_have_attribute("data-status", "waiting")
    expect(node(page, "Approve")).to_contain_text("on an approval")
    expect(page.get_by_test_id("history")).to_contain_text("Approval task opened")
    expect(page.get_by_test_id("approval-badge")).to_have_count(0)
