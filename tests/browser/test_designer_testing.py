"""Trying a draft out from the designer, in Chromium: "test state" shows each stage of a Task's
data flow; a test run with a Step Functions Local mock file ends with the mocked output and never
calls the function the Task names."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from designer.services import publish_version
from engine.models import Execution, Status
from tests.browser.designer_steps import open_designer, select
from tests.browser.harness import BatonServer, login, shot
from tests.processes import function_env, running_baton

pytestmark = pytest.mark.browser

PROBE = '''
"""A function that leaves a file behind when it is called: a test run must never call it."""
from pathlib import Path
from baton import function

@function("probe-charge")
def probe_charge(event, context=None):
    Path(__file__).with_name("probe-called").write_text("called")
    return {"chargeId": "real"}
'''
RESOURCE = "arn:aws:lambda:us-east-1:000000000000:function:probe-charge"
CHARGING = {
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": RESOURCE,
            "InputPath": "$.order",
            "Parameters": {"amount.$": "$.total", "card.$": "$.card"},
            "ResultSelector": {"id.$": "$.chargeId"},
            "ResultPath": "$.charge",
            "OutputPath": "$.charge",
            "End": True,
        }
    },
}
ORDER = {"order": {"total": 12, "card": "visa"}, "other": 1}
MOCKS = {
    "StateMachines": {
        "charging": {"TestCases": {"HappyPath": {"Charge": "MockedCharge"}}},
    },
    "MockedResponses": {
        "MockedCharge": {"0": {"Return": {"chargeId": "ch_mocked", "fee": 0.3}}},
    },
}


@pytest.fixture(scope="module")
def probe_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("probe")
    (folder / "designer_probe.py").write_text(PROBE)
    return folder


@pytest.fixture(scope="module")
def baton_processes(
    django_db_setup: None, probe_folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BatonServer]:
    """The usual servers, with an engine that has the probe function registered."""
    folder = tmp_path_factory.mktemp("baton-server")
    started = time.monotonic()
    with running_baton(folder, function_env(probe_folder, "designer_probe")) as url:
        yield BatonServer(url, folder, time.monotonic() - started)


def stage(page: Page, key: str) -> object:
    text = page.locator(f'[data-stage="{key}"] pre').inner_text()
    return json.loads(text)


def test_test_state_shows_each_stage_of_a_tasks_data_flow(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("designer")
    publish_version("charging", CHARGING)
    login(page, "designer")
    page.set_viewport_size({"width": 1440, "height": 1000})
    open_designer(page, "/workflows/charging/design/")
    select(page, "Charge")
    page.get_by_test_id("test-state-tab").click()
    page.get_by_label("Input (JSON)").fill(json.dumps(ORDER))
    page.get_by_label("Result (JSON)").fill('{"chargeId": "ch_1", "fee": 0.3}')
    page.get_by_test_id("test-state-run").click()

    result = page.get_by_test_id("test-state-result")
    expect(result.locator('[data-status="SUCCEEDED"]')).to_be_visible()
    assert stage(page, "input") == ORDER
    assert stage(page, "afterInputPath") == {"total": 12, "card": "visa"}
    assert stage(page, "afterParameters") == {"amount": 12, "card": "visa"}
    assert stage(page, "result") == {"chargeId": "ch_1", "fee": 0.3}
    assert stage(page, "afterResultSelector") == {"id": "ch_1"}
    # ResultPath places the result into the state's own input (before InputPath), per the spec
    assert stage(page, "afterResultPath") == {**ORDER, "charge": {"id": "ch_1"}}
    assert stage(page, "output") == {"id": "ch_1"}  # after OutputPath
    # In data-flow order, as Step Functions' TestState shows them
    keys = result.locator("[data-stage]").evaluate_all("els => els.map(e => e.dataset.stage)")
    assert keys == [
        "input",
        "afterInputPath",
        "afterParameters",
        "result",
        "afterResultSelector",
        "afterResultPath",
        "output",
    ]
    shot(page, "designer-test-state")


def test_a_test_run_ends_with_the_mocked_output_and_calls_no_function(
    page: Page, make_user: Callable[[str], User], probe_folder: Path
) -> None:
    make_user("designer")
    publish_version("charging", CHARGING)
    login(page, "designer")
    open_designer(page, "/workflows/charging/design/")
    # An unsaved change: the test run takes the draft, not version 1
    select(page, "Charge")
    page.get_by_test_id("inspector").locator('[name="Comment"]').first.fill("draft only")

    page.get_by_test_id("test-run").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("Input (JSON)").fill(json.dumps(ORDER))
    dialog.get_by_label("Mock configuration (Step Functions Local format)").fill(json.dumps(MOCKS))
    shot(page, "designer-test-run-dialog")
    dialog.get_by_test_id("test-run-start").click()

    page.wait_for_url("**/executions/*/")
    execution = Execution.objects.get()
    assert execution.test_run
    assert execution.version.definition["States"]["Charge"]["Comment"] == "draft only"
    for _ in range(100):
        execution.refresh_from_db()
        if execution.status != Status.RUNNING:
            break
        time.sleep(0.1)
    assert execution.status == Status.SUCCEEDED
    assert execution.output == {"id": "ch_mocked"}
    assert not (probe_folder / "probe-called").exists()
    page.reload()
    expect(page.get_by_test_id("test-run-badge")).to_be_visible()
    expect(page.get_by_test_id("execution-output")).to_contain_text("ch_mocked")

    # Back in the designer, the unsaved draft is still there
    page.go_back()
    expect(page.get_by_test_id("designer")).to_have_attribute("data-graph-ready", "true")
    select(page, "Charge")
    expect(page.get_by_test_id("inspector").locator('[name="Comment"]').first).to_have_value(
        "draft only"
    )
