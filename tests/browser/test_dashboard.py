"""The dashboard /dashboard/ in Chromium after a real run: executions advanced by a `runengine`
of their own (one of them failing in its Charge state after a retry), then the page's figures
equal /api/dashboard/'s for the same window, both charts are drawn on a canvas from the data,
and the failing state's row links to the execution that failed there.
Task function: live-flaky in tests/browser/live_functions.py."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from designer.services import publish_version
from engine.executions import start_execution
from engine.models import Execution, Status
from tests.browser.harness import BatonServer, login, shot
from tests.processes import function_env, running_baton

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:"
QUICK = {
    "StartAt": "Greet",
    "States": {"Greet": {"Type": "Pass", "Next": "Done"}, "Done": {"Type": "Succeed"}},
}
# live-flaky fails while its `attempt` is below 2: with 0 given it always fails.
CHECKOUT = {
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": f"{LAMBDA}live-flaky",
            "Parameters": {"attempt": 0},
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 1}],
            "End": True,
        }
    },
}
FIGURES = {
    "figure-started": lambda api: api["executions"]["started"],
    "figure-succeeded": lambda api: api["executions"]["by_status"]["SUCCEEDED"],
    "figure-failed": lambda api: api["executions"]["by_status"]["FAILED"],
    "figure-success-rate": lambda api: api["executions"]["success_rate"],
    "figure-p50": lambda api: api["duration"]["p50_seconds"],
    "figure-p95": lambda api: api["duration"]["p95_seconds"],
    "figure-open-tasks": lambda api: api["human_tasks"]["open"],
    "figure-due-timers": lambda api: api["timers"]["due"],
}
# Whether any pixel of the chart's canvas was painted.
PAINTED = """(holder) => {
  const canvas = holder.querySelector('canvas');
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
  return false;
}"""


@pytest.fixture(scope="module")
def baton_processes(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BatonServer]:
    """daphne and an engine that knows live_functions."""
    folder = tmp_path_factory.mktemp("dashboard")
    env = {**function_env(HERE, "live_functions"), "BATON_LIVE_DIR": str(folder)}
    started = time.monotonic()
    with running_baton(folder, engine_env=env) as url:
        yield BatonServer(url, folder, time.monotonic() - started)


def run_and_wait(page: Page) -> str:
    """Three quick successes and one checkout that fails in Charge; the failed one's id."""
    quick = publish_version("dash-quick", QUICK)
    started = [start_execution(quick, {"n": n})[0] for n in range(3)]
    failing, _ = start_execution(publish_version("dash-checkout", CHECKOUT), {})
    ids = [e.id for e in [*started, failing]]
    while Execution.objects.filter(id__in=ids, status=Status.RUNNING).exists():
        page.wait_for_timeout(100)
    assert Execution.objects.get(id=failing.id).status == Status.FAILED
    return str(failing.id)


def shown_value(page: Page, testid: str) -> float | None:
    text = page.get_by_test_id(testid).get_attribute("data-value")
    return float(text) if text else None


def test_the_dashboard_shows_the_apis_figures_charts_and_a_link_to_the_failure(
    page: Page, baton_server: BatonServer, make_user: Callable[[str], User]
) -> None:
    make_user("viewer")
    failed_id = run_and_wait(page)
    login(page, "viewer")

    page.goto("/dashboard/")
    config: dict[str, Any] = page.evaluate(
        "JSON.parse(document.getElementById('dashboard-config').textContent)"
    )
    api = page.request.get(config["dataUrl"]).json()

    # The same window, the same figures
    assert (api["since"], api["until"]) == (config["since"], config["until"])
    assert api["executions"]["started"] == 4
    for testid, figure in FIGURES.items():
        assert shown_value(page, testid) == pytest.approx(figure(api)), testid
    expect(page.get_by_test_id("figure-success-rate")).to_contain_text("75%")

    # Both charts drawn: a painted canvas, from buckets holding executions
    for testid in ("chart-executions", "chart-duration"):
        chart = page.get_by_test_id(testid)
        expect(chart).to_have_attribute("data-chart-ready", "true")
        expect(chart.locator("canvas")).to_have_count(1)
        assert int(chart.get_attribute("data-points") or 0) >= 1
        assert chart.evaluate(PAINTED), f"{testid} painted nothing"

    # The state that failed: the API's row, its link to the execution that failed there
    failing = [row for row in api["failing_states"] if row["state"] == "Charge"]
    assert [(r["workflow"], r["count"]) for r in failing] == [("dash-checkout", 1)]
    assert failing[0]["last_execution"] == failed_id
    row = page.get_by_test_id("failing-states").locator('tr[data-state="Charge"]')
    expect(row).to_have_attribute("data-error", failing[0]["error"])
    expect(row.get_by_test_id("state-count")).to_have_text("1")
    retried = page.get_by_test_id("retries").locator('tr[data-state="Charge"]')
    expect(retried.get_by_test_id("state-count")).to_have_text("1")
    shot(page, "dashboard-after-a-run")

    link = row.get_by_test_id("state-execution")
    expect(link).to_have_attribute("href", f"/executions/{failed_id}/")
    linked = page.request.get(f"/api/executions/{failed_id}/").json()
    assert (linked["workflow"], linked["status"]) == ("dash-checkout", "FAILED")


def test_choosing_a_workflow_and_a_range_keeps_both_in_the_url(
    page: Page, baton_server: BatonServer, make_user: Callable[[str], User]
) -> None:
    make_user("viewer")
    run_and_wait(page)
    login(page, "viewer")
    page.goto("/dashboard/?range=7d")

    with page.expect_navigation():
        page.get_by_test_id("workflow-picker").select_option("dash-quick")
    expect(page).to_have_url(f"{baton_server.url}/dashboard/?range=7d&workflow=dash-quick")
    expect(page.get_by_test_id("figure-started")).to_have_attribute("data-value", "3")
    expect(page.get_by_test_id("figure-success-rate")).to_contain_text("100%")
    expect(page.get_by_test_id("chart-executions")).to_have_attribute("data-chart-ready", "true")

    page.get_by_test_id("range-picker").get_by_role("link", name="Last hour").click()
    expect(page).to_have_url(f"{baton_server.url}/dashboard/?range=1h&workflow=dash-quick")
    expect(page.get_by_test_id("figure-started")).to_have_attribute("data-value", "3")
