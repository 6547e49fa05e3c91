"""A function's `log.info` in Chromium, against daphne and a `runengine` that writes JSON log
lines: the line appears on the open execution page without a reload, in the timeline (a mark on
the state's bar, its message on focus), in the state's step panel (the Log list) and in the
history table in words; and the engine's JSON line carries the execution id.
Task function: live-pay in tests/browser/live_functions.py."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from designer.services import publish_version
from engine.executions import start_execution
from tests.browser.harness import BatonServer, login, shot
from tests.processes import function_env, running_baton

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:"
CHECKOUT = {
    "StartAt": "Hold",
    "States": {
        "Hold": {"Type": "Wait", "Seconds": 2, "Next": "Pay"},
        "Pay": {"Type": "Task", "Resource": f"{LAMBDA}live-pay", "Next": "Done"},
        "Done": {"Type": "Pass", "End": True},
    },
}


@pytest.fixture(scope="module")
def baton_processes(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BatonServer]:
    """daphne and an engine that knows live_functions and logs in JSON."""
    folder = tmp_path_factory.mktemp("live-task-log")
    env = {
        **function_env(HERE, "live_functions"),
        "BATON_LIVE_DIR": str(folder),
        "BATON_LOG_FORMAT": "json",
    }
    started = time.monotonic()
    with running_baton(folder, engine_env=env) as url:
        yield BatonServer(url, folder, time.monotonic() - started)


def engine_lines(server: BatonServer) -> list[dict[str, Any]]:
    """The engine's JSON log lines (its command's own "running" lines are plain text)."""
    text = (server.logs / "engine.log").read_text()
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_a_function_log_line_shows_live_in_the_timeline_step_panel_and_history(
    page: Page, make_user: Callable[[str], User], baton_server: BatonServer
) -> None:
    make_user("viewer")
    login(page, "viewer")
    execution, _ = start_execution(publish_version("live-checkout", CHECKOUT), {"order": 42})
    page.goto(f"/executions/{execution.id}/")
    expect(page.get_by_test_id("live")).to_have_attribute("data-connected", "true")
    page.evaluate("window.__sameDocument = true")
    status = page.get_by_test_id("execution-status")
    expect(status).to_have_attribute("data-status", "SUCCEEDED", timeout=30_000)
    assert page.evaluate("window.__sameDocument") is True, "the page was reloaded"

    # The history table: the event in words, its type on hover, as the API numbers it
    api = page.request.get(f"/api/executions/{execution.id}/history/").json()["events"]
    logged = [event for event in api if event["type"] == "TaskLog"]
    assert [event["details"]["message"] for event in logged] == [
        "waiting on payment",
        "payment provider slow",
    ]
    row = page.get_by_test_id("history").locator(f'tr[data-event-id="{logged[0]["id"]}"]')
    expect(row).to_contain_text("Log, info: waiting on payment (order_id=42)")
    expect(row.locator('[title="TaskLog"]')).to_have_count(1)
    expect(row).to_contain_text("Pay")

    # The timeline: a mark on Pay's bar; focused, it shows the lines
    mark = page.get_by_test_id("timeline").get_by_test_id("timeline-log")
    expect(mark).to_have_count(1)  # both lines were written within a moment: one mark
    expect(mark).to_have_attribute("data-log-events", " ".join(str(e["id"]) for e in logged))
    mark.focus()
    tip = page.get_by_test_id("timeline-log-tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("waiting on payment (order_id=42)")
    expect(tip).to_contain_text("payment provider slow (seconds=2.5)")

    # The step panel of Pay: the Log list, time, level, message and fields
    mark.press("Enter")  # a mark opens its state
    panel = page.get_by_test_id("step-panel")
    expect(panel).to_have_attribute("data-step", "Pay")
    rows = panel.get_by_test_id("step-log").locator("tr[data-log-event]")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-level", "info")
    expect(rows.nth(0)).to_contain_text("waiting on payment")
    expect(rows.nth(0).get_by_test_id("step-log-fields")).to_have_text("order_id=42")
    expect(rows.nth(1)).to_have_attribute("data-level", "warning")
    expect(rows.nth(1)).to_contain_text("payment provider slow")
    expect(rows.nth(0).locator("time")).to_have_count(1)
    for width, scheme in ((1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")):
        page.set_viewport_size({"width": width, "height": 900})
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        mark.focus()
        expect(tip).to_be_visible()
        shot(page, f"task-log-{width}-{scheme}")

    # The engine's JSON line carries the execution it was written for
    lines = [line for line in engine_lines(baton_server) if line["message"] == "waiting on payment"]
    assert len(lines) == 1
    assert lines[0]["execution_id"] == str(execution.id) and lines[0]["state"] == "Pay"
    assert lines[0]["order_id"] == 42 and lines[0]["process"] == "engine"
