"""The example workflows: valid, loaded once, and each one runs end to end through the engine."""

from __future__ import annotations

from typing import Any

import pytest

from designer.examples import (
    APPROVAL_EXAMPLES,
    APPROVAL_SAMPLES,
    EXAMPLES,
    SAMPLES,
    definition,
    load_examples,
)
from designer.models import Workflow, WorkflowVersion
from designer.services import publish_version
from engine.asl.validate import validate
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, Status

LAMBDA_ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def run(workflow: str, value: Any) -> Execution:
    """Publish the example, start it with `value` and serve it until it ends."""
    version = publish_version(workflow, definition(workflow), reuse_unchanged=True)
    execution, _ = start_execution(version, value)
    run_until_ended([execution.id])
    execution.refresh_from_db()
    return execution


def order(amount: float = 59.90, card: str = "4242424242424242", country: str = "US") -> dict:
    return {
        "orderId": "T-1",
        "items": [{"sku": "BOOK-42", "quantity": 2}],
        "amount": amount,
        "card": card,
        "address": {"country": country},
    }


def state_names(execution: Execution, event_type: str) -> list[str]:
    events = execution.events.filter(type=event_type).order_by("event_id")
    return [event.details["name"] for event in events]


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_is_valid_and_calls_lambda_resources(name: str) -> None:
    source = definition(name)
    assert [d for d in validate(source) if d.severity == "error"] == []
    # Every Task runs unchanged on AWS: a Lambda ARN, or lambda:invoke with one
    tasks = _tasks(source["States"])
    assert tasks
    for task in tasks:
        target = task["Resource"]
        if target.startswith("arn:aws:states:::lambda:invoke"):
            target = task["Parameters"]["FunctionName"]
        assert target.startswith(LAMBDA_ARN)


def _tasks(states: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for state in states.values():
        if state["Type"] == "Task":
            found.append(state)
        if state["Type"] == "Map":
            found += _tasks(state["ItemProcessor"]["States"])
    return found


ALL_EXAMPLES = EXAMPLES + APPROVAL_EXAMPLES
ALL_SAMPLES = SAMPLES + APPROVAL_SAMPLES


def test_load_examples_creates_every_workflow_and_starts_samples(db: None) -> None:
    assert load_examples() == len(ALL_EXAMPLES)
    assert sorted(Workflow.objects.values_list("name", flat=True)) == sorted(ALL_EXAMPLES)
    assert WorkflowVersion.objects.count() == len(ALL_EXAMPLES)
    # A fresh install also gets the sample executions, waiting for the engine
    assert Execution.objects.filter(status=Status.RUNNING).count() == len(ALL_SAMPLES)
    assert Workflow.objects.get(name="order-saga").description.startswith("Order saga")


def test_load_examples_twice_creates_nothing_new(db: None) -> None:
    load_examples()
    # A second run: no workflow, no version, no execution more
    assert load_examples() == 0
    assert WorkflowVersion.objects.count() == len(ALL_EXAMPLES)
    assert Execution.objects.count() == len(ALL_SAMPLES)


def test_load_examples_starts_no_samples_once_executions_exist(db: None) -> None:
    version = publish_version("something-else", definition("notify-router"))
    start_execution(version, {})
    load_examples()
    assert Execution.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_sample_executions_end_as_intended() -> None:
    load_examples()
    # The expense sample waits for a person (tests/approvals/test_example.py decides it)
    automatic = Execution.objects.filter(name__in=[name for _, name, _ in SAMPLES])
    run_until_ended(automatic.values_list("id", flat=True))
    statuses = dict(Execution.objects.values_list("name", "status"))
    assert statuses == {
        "sample-expense-train-tickets": Status.RUNNING,
        "sample-order-shipped": Status.SUCCEEDED,
        "sample-order-declined": Status.FAILED,
        "sample-order-undeliverable": Status.FAILED,
        "sample-thumbnails": Status.SUCCEEDED,
        "sample-disk-alert-sms": Status.SUCCEEDED,
        "sample-fax-request": Status.FAILED,
    }


@pytest.mark.django_db(transaction=True)
def test_order_saga_ships_a_paid_order() -> None:
    execution = run("order-saga", order())
    assert execution.status == Status.SUCCEEDED
    output = execution.output
    assert output["status"] == "COMPLETED" and output["amount"] == 59.9
    assert output["reservationId"].startswith("res_") and output["chargeId"].startswith("ch_")
    assert output["trackingNumber"].startswith("1Z_")


@pytest.mark.django_db(transaction=True)
def test_order_saga_releases_the_inventory_when_the_card_is_declined() -> None:
    execution = run("order-saga", order(card="declined"))
    assert execution.status == Status.FAILED
    assert execution.error == "OrderFailed"
    assert execution.cause == (
        "Order T-1 was not completed (PaymentDeclined: card declined by the issuer for 59.90);"
        " compensations ran and the inventory was released."
    )
    # Nothing was captured, so only the reservation is compensated
    entered = state_names(execution, "TaskStateEntered")
    assert entered == ["ReserveInventory", "ChargePayment", "ReleaseInventory"]


@pytest.mark.django_db(transaction=True)
def test_order_saga_declines_amounts_over_the_limit() -> None:
    execution = run("order-saga", order(amount=1450))
    assert execution.status == Status.FAILED
    assert "PaymentDeclined: amount 1450.00 exceeds the card limit of 1000.00" in execution.cause


@pytest.mark.django_db(transaction=True)
def test_order_saga_refunds_and_releases_when_shipping_fails() -> None:
    execution = run("order-saga", order(country="AQ"))
    assert execution.status == Status.FAILED
    assert execution.error == "OrderFailed"
    assert "ShippingUnavailable: no carrier delivers to country 'AQ'" in execution.cause
    entered = state_names(execution, "TaskStateEntered")
    assert entered[-2:] == ["RefundPayment", "ReleaseInventory"]
    # The compensations saw what the earlier steps stored (ResultPath accumulates)
    release = execution.events.filter(type="TaskStateExited").order_by("event_id").last()
    stored = set(release.details["output"])
    assert stored >= {"reservation", "payment", "failure", "refund", "release"}


@pytest.mark.django_db(transaction=True)
def test_map_fanout_retries_every_image_once_and_sums_up() -> None:
    images = [{"key": f"photos/{n}.jpg", "sizeKb": 2000} for n in range(4)]
    value = {"batchId": "b-1", "failFirstAttempt": True, "failureRate": 0, "items": images}
    execution = run("map-fanout", value)
    assert execution.status == Status.SUCCEEDED
    assert execution.output == {
        "batchId": "b-1",
        "images": 4,
        "originalKb": 8000,
        "thumbnailKb": 400,
        "savedKb": 7600,
        "retriedImages": 4,
        "thumbnails": [f"thumbnails/{n}.jpg" for n in range(4)],
    }
    # Each image failed once with the transient error, then succeeded on its retry
    failures = execution.events.filter(type="LambdaFunctionFailed")
    assert [event.details["error"] for event in failures] == ["ImageServiceBusy"] * 4


@pytest.mark.django_db(transaction=True)
def test_map_fanout_fails_on_an_image_it_cannot_handle() -> None:
    images = [{"key": "photos/ok.jpg", "sizeKb": 100}, {"key": "scans/page.tiff", "sizeKb": 900}]
    execution = run("map-fanout", {"batchId": "b-2", "failureRate": 0, "items": images})
    assert execution.status == Status.FAILED
    assert execution.error == "UnsupportedImage"
    assert execution.cause == "cannot make a thumbnail of 'scans/page.tiff': .tiff is not supported"


def notification(channel: str, priority: Any, recipient: str = "+15550100") -> dict[str, Any]:
    return {
        "channel": channel,
        "priority": priority,
        "recipient": recipient,
        "subject": "db-1",
        "message": "disk full",
    }


@pytest.mark.django_db(transaction=True)
def test_notify_router_texts_urgent_sms() -> None:
    execution = run("notify-router", notification("sms", 3))
    assert execution.status == Status.SUCCEEDED
    assert execution.output["delivery"] == {
        "channel": "sms",
        "to": "+15550100",
        "text": "[P3] db-1: disk full",
    }


@pytest.mark.django_db(transaction=True)
def test_notify_router_downgrades_minor_sms_to_email() -> None:
    execution = run("notify-router", notification("sms", 1, "ops@example.org"))
    assert execution.status == Status.SUCCEEDED
    delivery = execution.output["delivery"]
    assert delivery["statusCode"] == 200
    assert delivery["record"] == {
        "channel": "email",
        "to": "ops@example.org",
        "subject": "[P1] db-1",
        "body": "disk full",
    }


@pytest.mark.django_db(transaction=True)
def test_notify_router_pages_on_critical_priority_whatever_the_channel() -> None:
    execution = run("notify-router", notification("email", 5, "ops@example.org"))
    assert execution.status == Status.SUCCEEDED
    delivery = execution.output["delivery"]
    assert delivery["channel"] == "pager" and delivery["summary"] == "P5 db-1: disk full"


@pytest.mark.django_db(transaction=True)
def test_notify_router_fails_on_an_unknown_channel() -> None:
    execution = run("notify-router", notification("fax", 2))
    assert execution.status == Status.FAILED
    assert execution.error == "UnknownChannel"
    assert execution.cause == "No route for channel 'fax' at priority 2; use email, sms or pager."


@pytest.mark.django_db(transaction=True)
def test_notify_router_rejects_a_request_without_a_numeric_priority() -> None:
    execution = run("notify-router", notification("sms", "high"))
    assert execution.status == Status.FAILED
    assert execution.error == "InvalidRequest"
