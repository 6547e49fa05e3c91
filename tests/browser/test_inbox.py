"""The inbox in Chromium against daphne and runengine in their own processes: bob has his
inbox open when alice starts an approval; the task arrives without a reload and the bell
counts it; bob claims it from the keyboard, fills the form and approves, and the execution
ends with his decision."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from approvals.models import HumanTask
from engine.models import Execution, Status
from tests.approvals.conftest import PASSWORD, approval, people, start
from tests.browser.harness import BatonServer, screenshot_dir, shot

pytestmark = pytest.mark.browser
__all__ = ["people"]  # the approvals fixture: alice asks, bob approves

FORM = [
    {"name": "amount", "type": "number", "label": "Amount", "required": True, "max": 1000},
    {"name": "account", "type": "choice", "label": "Account", "choices": ["travel", "office"]},
]


def login_to_inbox(page: Page, username: str) -> None:
    """bob has no role: the workflow list (where logging in lands) would refuse him."""
    page.goto("/accounts/login/?next=/inbox/%3Ftab%3Dgroups")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    with page.expect_navigation():
        page.click('button[type="submit"]')


def ended(execution_id: str, page: Page) -> Execution:
    while Execution.objects.filter(id=execution_id, status=Status.RUNNING).exists():
        page.wait_for_timeout(100)
    return Execution.objects.get(id=execution_id)


def test_a_new_task_arrives_live_and_bob_approves_it(
    page: Page, baton_server: BatonServer, people: dict[str, User]
) -> None:
    login_to_inbox(page, "bob")
    expect(page).to_have_url("/inbox/?tab=groups")
    expect(page.get_by_test_id("live")).to_have_attribute("data-connected", "true")
    expect(page.get_by_test_id("inbox-empty")).to_be_visible()
    expect(page.get_by_test_id("notification-count")).to_have_text("0")

    execution = start("expense", approval(Title="Team offsite in Lyon", Form=FORM), by="alice")
    row = page.locator("tr[data-task]")
    expect(row).to_have_attribute("data-status", "OPEN")
    expect(page.get_by_test_id("notification-count")).to_have_text("2")  # a task, a notification
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # no reload
    task = HumanTask.objects.get(execution=execution)
    assert row.get_attribute("data-task") == str(task.id)

    page.keyboard.press("j")
    expect(row).to_have_attribute("aria-selected", "true")
    with page.expect_navigation():
        page.keyboard.press("c")
    expect(page.locator(".messages")).to_contain_text("You have claimed")
    assert HumanTask.objects.get(id=task.id).claimed_by == "bob"

    page.goto("/inbox/")
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("a")
    expect(page.get_by_test_id("approve")).to_be_focused()
    page.fill('input[name="amount"]', "320")
    page.select_option('select[name="account"]', "travel")
    page.fill('textarea[name="comment"]', "Enjoy Lyon")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("task-status")).to_have_attribute("data-status", "APPROVED")

    done = ended(str(execution.id), page)
    assert done.status == Status.SUCCEEDED
    assert done.output["decision"] == "approved" and done.output["decidedBy"] == "bob"
    assert done.output["data"] == {"amount": 320, "account": "travel"}
    assert done.output["comment"] == "Enjoy Lyon"
    shot(page, "inbox-task-approved")


LONG_TITLE = (
    "Reimburse the quarterly travel of the Europe-West and North sales teams for the customer "
    "summit in Lyon, including trains, hotels and the team dinner on the second evening"
)
DESCRIPTION = """Please check the **receipts** before approving.

- Trains: 4 × 89 €
- Hotel: 2 nights

See the [travel policy](https://example.org/policy) for the limits. <script>alert(1)</script>
"""


def fill_inbox(count: int) -> Execution:
    """`count` tasks for bob's group and bob himself, of every priority, some overdue; the
    execution of the first (a long title, a description and a form)."""
    priorities = ["normal", "high", "urgent", "low"]
    first = start("expense", approval(Title=LONG_TITLE, Description=DESCRIPTION, Form=FORM))
    for n in range(1, count):
        parameters = {"Title": f"Expense claim #{1000 + n}", "Priority": priorities[n % 4]}
        if n % 3 == 0:
            parameters["DueSeconds"] = 1 if n % 2 else 86_400 * (n % 5 + 1)
        if n % 5 == 0:
            parameters |= {"Assignees": ["bob"], "Groups": []}
        start("travel" if n % 2 else "expense", approval(**parameters))
    while HumanTask.objects.count() < count:
        time.sleep(0.1)
    return first


def shoot_both_themes(page: Page, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        for theme in ("light", "dark"):
            page.emulate_media(color_scheme=theme)
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_timeout(150)
            shot_of_view(page, f"inbox-{name}-{width}-{theme}")


def shot_of_view(page: Page, name: str) -> None:
    """What the window shows (a whole 50-row page on a phone is a 10,000 px strip)."""
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def test_the_inbox_pages_at_two_widths_in_both_themes(
    page: Page, baton_server: BatonServer, people: dict[str, User]
) -> None:
    """Screenshots to look at (BATON_SCREENSHOTS; the good ones are in docs/screenshots)."""
    login_to_inbox(page, "bob")
    page.goto("/inbox/")
    expect(page.get_by_test_id("inbox-empty")).to_be_visible()
    shoot_both_themes(page, "empty")

    first = fill_inbox(50)
    time.sleep(1.2)  # the DueSeconds 1 tasks are overdue now
    page.goto("/inbox/?tab=groups&sort=priority")
    expect(page.locator("tr[data-task]")).to_have_count(41)
    page.keyboard.press("j")
    shoot_both_themes(page, "groups")

    page.goto(f"/inbox/{HumanTask.objects.get(execution=first).id}/")
    expect(page.get_by_test_id("task-description")).to_contain_text("receipts")
    assert page.locator("script:text('alert(1)')").count() == 0  # the description is safe
    page.fill('input[name="amount"]', "5000")
    page.evaluate("document.querySelector('[data-testid=decision] form').noValidate = true")
    page.get_by_test_id("approve").click()  # past the browser's own check: the server's
    expect(page.locator('[data-error-for="amount"]')).to_be_visible()
    shoot_both_themes(page, "task-invalid")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(color_scheme="light")
    page.locator(".bell summary").click()
    expect(page.locator(".bell-items li").first).to_be_visible()
    shot_of_view(page, "inbox-bell-panel-1280-light")
