"""The live execution list /executions/ in Chromium, with runengine and daphne in their own
processes: new executions appear and finish without a reload, a dropped socket catches up to
what a fresh load shows, and bulk stop is an operator's, after a confirmation."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from baton.models import ApiToken
from designer.services import publish_version
from engine.executions import start_execution
from engine.models import Execution, Status
from tests.browser.harness import BatonServer, login, shot

pytestmark = pytest.mark.browser

QUICK = {
    "StartAt": "Greet",
    "States": {
        "Greet": {"Type": "Pass", "Next": "Pause"},
        "Pause": {"Type": "Wait", "Seconds": 1, "End": True},
    },
}
INSTANT = {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}
LONG = {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 3600, "End": True}}}

ROWS = """() => [...document.querySelectorAll('tr[data-execution]')]
    .map(row => [row.dataset.execution, row.dataset.status])"""
COUNTS = """() => Object.fromEntries([...document.querySelectorAll('[data-count]')]
    .map(count => [count.dataset.count, count.textContent.trim()]))"""


def start_through_api(server: BatonServer, token: str, workflow: str) -> str:
    """POST /api/executions/ as a program would; the new execution's id."""
    request = urllib.request.Request(
        f"{server.url}/api/executions/",
        data=json.dumps({"workflow": workflow, "input": {}}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as answer:
        return str(json.load(answer)["id"])


def open_live_list(page: Page, username: str) -> None:
    login(page, username)
    page.goto("/executions/")
    expect(page.get_by_test_id("live")).to_have_attribute("data-connected", "true")
    expect(page.get_by_test_id("live")).to_have_text("Live")


def wait_until_ended(ids: list[str], page: Page) -> None:
    while Execution.objects.filter(id__in=ids, status=Status.RUNNING).exists():
        page.wait_for_timeout(100)


def test_a_new_execution_appears_and_reaches_succeeded_without_a_reload(
    page: Page, baton_server: BatonServer, make_user: Callable[[str], User]
) -> None:
    operator = make_user("operator")
    publish_version("quick", QUICK)
    _, token = ApiToken.issue(operator, "test")
    open_live_list(page, "operator")
    expect(page.get_by_test_id("execution-table")).to_have_count(0)  # the empty list

    execution_id = start_through_api(baton_server, token, "quick")
    row = page.locator(f'tr[data-execution="{execution_id}"]')
    expect(row).to_have_attribute("data-status", "RUNNING")
    expect(page.locator('[data-count="RUNNING"]')).to_have_text("1")
    expect(row).to_have_attribute("data-status", "SUCCEEDED")
    expect(page.locator('[data-count="SUCCEEDED"]')).to_have_text("1")
    expect(page.locator('[data-count="RUNNING"]')).to_have_text("0")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # no reload
    shot(page, "live-list-arrived")


def test_after_a_dropped_socket_the_list_matches_a_fresh_load(
    page: Page,
    baton_server: BatonServer,
    make_user: Callable[[str], User],
    console_errors: list[str],
) -> None:
    operator = make_user("operator")
    publish_version("quick", QUICK)
    publish_version("instant", INSTANT)
    _, token = ApiToken.issue(operator, "test")
    open_live_list(page, "operator")
    first = start_through_api(baton_server, token, "quick")
    expect(page.locator(f'tr[data-execution="{first}"]')).to_have_count(1)

    # Offline, the socket cannot come back before these have started and ended: only the
    # catch-up after the reconnect can show them.
    page.context.set_offline(True)
    page.evaluate("window.batonLive.drop()")
    expect(page.get_by_test_id("live")).to_have_text("Reconnecting…")
    started = [start_through_api(baton_server, token, "instant") for _ in range(4)]
    wait_until_ended([first, *started], page)
    page.context.set_offline(False)
    expect(page.get_by_test_id("live")).to_have_attribute("data-connected", "true")

    fresh = page.context.new_page()
    fresh.goto("/executions/")
    expected_rows, expected_counts = fresh.evaluate(ROWS), fresh.evaluate(COUNTS)
    assert len(expected_rows) == 5 and {s for _, s in expected_rows} == {"SUCCEEDED"}
    same = f"expected => JSON.stringify(({ROWS})()) === expected"
    page.wait_for_function(same, arg=json.dumps(expected_rows, separators=(",", ":")))
    assert page.evaluate(COUNTS) == expected_counts
    # Chromium logs each refused reconnect while offline; those are expected here.
    console_errors[:] = [e for e in console_errors if "ERR_INTERNET_DISCONNECTED" not in e]


def test_a_viewer_sees_no_bulk_controls(
    page: Page, baton_server: BatonServer, make_user: Callable[[str], User]
) -> None:
    make_user("viewer")
    start_execution(publish_version("hold", LONG), {})
    open_live_list(page, "viewer")
    expect(page.locator("tr[data-execution]")).to_have_count(1)
    for control in ("select-execution", "select-all", "bulk-stop", "bulk-redrive"):
        expect(page.get_by_test_id(control)).to_have_count(0)


def test_an_operator_bulk_stops_two_running_executions_after_confirming(
    page: Page, baton_server: BatonServer, make_user: Callable[[str], User]
) -> None:
    make_user("operator")
    hold = publish_version("hold", LONG)
    chosen = [str(start_execution(hold, {})[0].id) for _ in range(2)]
    spared = str(start_execution(hold, {})[0].id)
    open_live_list(page, "operator")

    for execution_id in chosen:
        page.locator(f'tr[data-execution="{execution_id}"]').get_by_test_id(
            "select-execution"
        ).check()
    page.get_by_test_id("bulk-stop").click()
    dialog = page.get_by_test_id("bulk-confirm")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Stop 2 executions?")
    shot(page, "live-list-bulk-confirm")
    with page.expect_navigation():
        dialog.get_by_test_id("bulk-confirm-submit").click()

    expect(page.get_by_role("status").first).to_contain_text("Stopped 2.")
    for execution_id in chosen:
        row = page.locator(f'tr[data-execution="{execution_id}"]')
        expect(row).to_have_attribute("data-status", "ABORTED")
    expect(page.locator(f'tr[data-execution="{spared}"]')).to_have_attribute(
        "data-status", "RUNNING"
    )
