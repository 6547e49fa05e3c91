"""The live execution page /executions/<id>/ in Chromium, with daphne and runengine in their own
processes: states change without a reload, a dropped socket or a restarted web server catches
up to what a fresh load shows, a viewer gets no controls, and a failed run's summary leads to a
redrive that finishes it. Task functions: tests/browser/live_functions.py."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect

from designer.services import publish_version
from engine.executions import start_execution
from engine.models import Execution
from tests.browser.harness import BatonServer, login, shot
from tests.processes import Process, free_port, function_env

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:"
ITEMS = list(range(1, 21))

JOURNEY = {
    "StartAt": "Pause",
    "States": {
        "Pause": {"Type": "Wait", "Seconds": 3, "Next": "Flaky"},
        "Flaky": {
            "Type": "Task",
            "Resource": f"{LAMBDA}live-flaky",
            "Parameters": {"attempt.$": "$$.State.RetryCount"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "BackoffRate": 1.5}],
            "ResultPath": "$.flaky",
            "Next": "Items",
        },
        "Items": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "MaxConcurrency": 5,
            "ItemProcessor": {
                "StartAt": "Hold",
                "States": {"Hold": {"Type": "Wait", "Seconds": 1, "End": True}},
            },
            "ResultPath": "$.held",
            "End": True,
        },
    },
}
STATES = ["Pause", "Flaky", "Items", "Hold"]

NEEDS_FLAG = {
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Next": "Check"},
        "Check": {"Type": "Task", "Resource": f"{LAMBDA}live-needs-flag", "End": True},
    },
}

# Every data-status a state node takes, in order, from the moment this runs.
WATCH = """() => {
  window.__sameDocument = true;
  const seen = window.__seen = {};
  const note = (el) => {
    const list = seen[el.dataset.state] ??= [];
    if (list[list.length - 1] !== el.dataset.status) list.push(el.dataset.status);
  };
  document.querySelectorAll('[data-testid="graph"] [data-state][data-status]').forEach(note);
  const changed = (records) => records.forEach((r) => r.target.dataset?.state && note(r.target));
  const options = { subtree: true, attributes: true, attributeFilter: ['data-status'] };
  new MutationObserver(changed).observe(document.body, options);
}"""
PICTURE = """() => ({
  status: document.querySelector('[data-testid="execution-status"]').dataset.status,
  states: Object.fromEntries([...document.querySelectorAll('[data-testid="graph"] [data-state]')]
    .map((el) => [el.dataset.state, el.dataset.status])),
  events: [...document.querySelectorAll('[data-testid="history"] tr[data-event-id]')]
    .map((row) => Number(row.dataset.eventId)),
  progress: document.querySelector('[data-testid="graph"] [data-testid="map-progress"]')
    ?.textContent,
})"""


class Servers:
    """daphne and runengine for this module; daphne can be stopped and started on its port."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.env = {**function_env(HERE, "live_functions"), "BATON_LIVE_DIR": str(folder)}
        self.engine = Process.manage(
            "runengine", "--concurrency", "4", log=folder / "engine.log", env=self.env
        )
        self.web = self.start_web()
        self.engine.wait_for("running, concurrency")

    def start_web(self) -> Process:
        web = Process.daphne(self.port, log=self.folder / f"daphne-{time.monotonic_ns()}.log")
        return web.wait_listening(self.port)

    def restart_web(self) -> None:
        self.web.stop()
        self.web = self.start_web()

    def stop(self) -> None:
        for process in (self.web, self.engine):
            process.stop()
            print(process.tail())


@pytest.fixture(scope="module")
def servers(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    started = Servers(tmp_path_factory.mktemp("live-execution"))
    yield started
    started.stop()


@pytest.fixture(scope="module")
def baton_processes(servers: Servers) -> BatonServer:
    return BatonServer(f"http://127.0.0.1:{servers.port}", servers.folder, 0.0)


def start(definition: dict, value: dict, name: str) -> str:
    version = publish_version(name, definition)
    execution, _ = start_execution(version, value)
    return str(execution.id)


def node(page: Page, state: str) -> Locator:
    """A state's node in the execution's graph."""
    return page.get_by_test_id("graph").locator(f'[data-state="{state}"]')


def open_execution(page: Page, execution_id: str) -> None:
    page.goto(f"/executions/{execution_id}/")
    expect(page.get_by_test_id("graph")).to_have_attribute("data-graph-ready", "true")
    expect(page.get_by_test_id("live")).to_have_attribute("data-connected", "true")


def wait_for_end(page: Page, timeout: float = 60_000) -> None:
    status = page.get_by_test_id("execution-status")
    expect(status).not_to_have_attribute("data-status", "RUNNING", timeout=timeout)


def api_picture(page: Page, execution_id: str) -> tuple[str, list[int]]:
    record = page.request.get(f"/api/executions/{execution_id}/").json()
    history = page.request.get(f"/api/executions/{execution_id}/history/?limit=1000").json()
    return record["status"], [event["id"] for event in history["events"]]


def assert_final_picture(page: Page, execution_id: str) -> dict:
    picture = page.evaluate(PICTURE)
    status, ids = api_picture(page, execution_id)
    assert picture["status"] == status == "SUCCEEDED"
    assert picture["events"] == ids, "the history table lists every event once, in order"
    assert picture["states"] == dict.fromkeys(STATES, "succeeded")
    assert picture["progress"] == "20/20"
    return picture


def fresh_picture(page: Page, execution_id: str) -> dict:
    fresh = page.context.new_page()
    open_execution(fresh, execution_id)
    expect(fresh.get_by_test_id("execution-status")).to_have_attribute("data-status", "SUCCEEDED")
    picture = fresh.evaluate(PICTURE)
    fresh.close()
    return picture


def test_the_page_shows_each_state_change_without_a_reload_and_ends_as_the_api_says(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("operator")
    login(page, "operator")
    execution_id = start(JOURNEY, {"items": ITEMS}, "live-journey")
    open_execution(page, execution_id)
    page.evaluate(WATCH)
    expect(node(page, "Flaky")).to_have_attribute("data-status", "retrying", timeout=20_000)
    expect(node(page, "Flaky")).to_contain_text("attempt 2 of 4")
    shot(page, "execution-running")
    wait_for_end(page)
    expect(page.get_by_test_id("map-progress")).to_have_text("20/20")
    seen = page.evaluate("window.__seen")
    assert seen["Pause"][-2:] == ["waiting", "succeeded"]
    assert seen["Flaky"][0] in ("not-started", "running") and seen["Flaky"][-1] == "succeeded"
    assert "retrying" in seen["Flaky"] and "running" in seen["Items"]
    assert seen["Items"][-1] == seen["Hold"][-1] == "succeeded"
    assert page.evaluate("window.__sameDocument") is True, "the page was reloaded"
    assert_final_picture(page, execution_id)


def test_a_dropped_socket_catches_up_to_what_a_fresh_load_shows(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("operator")
    login(page, "operator")
    execution_id = start(JOURNEY, {"items": ITEMS}, "live-drop")
    open_execution(page, execution_id)
    expect(node(page, "Pause")).to_have_attribute("data-status", "waiting")
    page.evaluate("window.batonLive.drop()")
    expect(page.get_by_test_id("live")).to_have_attribute("data-connected", "false")
    expect(page.get_by_test_id("live")).to_have_attribute("data-connected", "true")
    expect(node(page, "Flaky")).to_have_attribute("data-status", "retrying", timeout=20_000)
    page.evaluate("window.batonLive.drop()")
    wait_for_end(page)
    expect(page.get_by_test_id("map-progress")).to_have_text("20/20")
    picture = assert_final_picture(page, execution_id)
    assert len(set(picture["events"])) == len(picture["events"])
    assert fresh_picture(page, execution_id) == picture


def test_a_restarted_web_server_is_caught_up_with(
    page: Page, make_user: Callable[[str], User], servers: Servers, console_errors: list[str]
) -> None:
    make_user("operator")
    login(page, "operator")
    execution_id = start(JOURNEY, {"items": ITEMS}, "live-restart")
    open_execution(page, execution_id)
    expect(node(page, "Pause")).to_have_attribute("data-status", "waiting")
    servers.web.stop()
    expect(page.get_by_test_id("live")).to_have_attribute("data-connected", "false", timeout=30_000)
    expect(page.get_by_test_id("live")).to_contain_text("Reconnecting")
    while Execution.objects.filter(id=execution_id, status="RUNNING").exists():
        page.wait_for_timeout(200)  # the engine goes on while the web server is down
    servers.web = servers.start_web()
    expect(page.get_by_test_id("live")).to_have_attribute("data-connected", "true", timeout=30_000)
    wait_for_end(page, timeout=30_000)
    expect(page.get_by_test_id("map-progress")).to_have_text("20/20")
    picture = assert_final_picture(page, execution_id)
    assert fresh_picture(page, execution_id) == picture
    # what the browser said while the server was away is expected, nothing else
    console_errors[:] = [
        e
        for e in console_errors
        if "ERR_CONNECTION_REFUSED" not in e
        and "WebSocket" not in e
        and "Failed to load resource" not in e
    ]


def test_a_viewer_sees_no_stop_redrive_or_run_again(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("viewer")
    login(page, "viewer")
    running = start(
        {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 3600, "End": True}}},
        {},
        "live-hold",
    )
    failed = start(NEEDS_FLAG, {"flag": "never"}, "live-viewer-failed")
    for execution_id, status in ((running, "RUNNING"), (failed, "FAILED")):
        open_execution(page, execution_id)
        expect(page.get_by_test_id("execution-status")).to_have_attribute("data-status", status)
        expect(page.locator("[data-execution-page]")).to_have_attribute("data-live", "mounted")
        for control in (
            "stop-execution",
            "redrive-execution",
            "rerun-execution",
            "failure-redrive",
            "failure-rerun",
        ):
            expect(page.get_by_test_id(control)).to_have_count(0)
    expect(page.get_by_test_id("failure-summary")).to_have_attribute("data-state", "Check")


def test_a_failed_run_names_where_it_broke_and_redrive_from_there_finishes_it(
    page: Page, make_user: Callable[[str], User], servers: Servers
) -> None:
    make_user("operator")
    login(page, "operator")
    execution_id = start(NEEDS_FLAG, {"flag": "check-flag"}, "live-redrive")
    open_execution(page, execution_id)
    summary = page.get_by_test_id("failure-summary")
    expect(summary).to_have_attribute("data-state", "Check")
    expect(summary.get_by_test_id("failure-error")).to_have_text("FlagMissing")
    expect(summary.get_by_test_id("failure-cause")).to_contain_text("no flag file 'check-flag' yet")
    expect(node(page, "Check")).to_have_attribute("data-status", "failed")
    expect(node(page, "Prepare")).to_have_attribute("data-status", "succeeded")
    shot(page, "execution-failed")
    (servers.folder / "check-flag").write_text("go")
    with page.expect_navigation():
        summary.get_by_test_id("failure-redrive").click()
    expect(page.get_by_test_id("execution-status")).to_have_attribute(
        "data-status", "SUCCEEDED", timeout=20_000
    )
    expect(node(page, "Check")).to_have_attribute("data-status", "succeeded")
    expect(page.get_by_test_id("failure-summary")).to_have_count(0)
    assert Execution.objects.get(id=execution_id).redrive_count == 1
