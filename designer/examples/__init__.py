"""Example workflows shipped with Baton, loaded by `manage.py bootstrap` on a fresh install.

Each example is an ASL definition beside this file (`<workflow name>.json`) that calls the Python
functions in `functions.py`, under Lambda ARNs, so the same definitions run on AWS. On a fresh
install a few sample executions start too, some meant to succeed and some to fail.

`expense-approval` also waits on people (`baton:approval`, so it is Baton's own and does not run
on AWS): loading it creates the groups it names, and on a fresh install the first admin joins
"approvers" and one small expense waits in the inbox. That sample is started by no one
(started_by ""), so the admin is not its requester and may approve it: self-approval is refused
by default, and a fresh install has no second user to approve it otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from designer.models import Workflow
from designer.services import publish_version
from engine.executions import start_execution
from engine.models import Execution

HERE = Path(__file__).resolve().parent
EXAMPLES = ("order-saga", "map-fanout", "notify-router")
APPROVAL_EXAMPLES = ("expense-approval",)  # they wait on people: Baton only, not AWS
APPROVAL_GROUPS = ("approvers", "finance")  # whom expense-approval assigns and escalates to


def _order(order_id: str, amount: float, country: str) -> dict[str, Any]:
    return {
        "orderId": order_id,
        "items": [{"sku": "BOOK-42", "quantity": 2}, {"sku": "MUG-7", "quantity": 1}],
        "amount": amount,
        "card": "4242424242424242",
        "address": {"street": "1 Main St", "city": "Springfield", "country": country},
    }


def _notification(channel: str, priority: int, recipient: str, message: str) -> dict[str, Any]:
    return {
        "channel": channel,
        "priority": priority,
        "recipient": recipient,
        "subject": "db-1",
        "message": message,
    }


_PHOTOS = [{"key": f"photos/IMG_{n:04}.jpg", "sizeKb": 1800 + 137 * n} for n in range(1, 8)]

# (workflow, execution name, input): what a new user sees running within a minute.
SAMPLES: list[tuple[str, str, Any]] = [
    ("order-saga", "sample-order-shipped", _order("A-1001", 59.90, "US")),
    ("order-saga", "sample-order-declined", _order("A-1002", 1450.00, "US")),
    ("order-saga", "sample-order-undeliverable", _order("A-1003", 35.00, "AQ")),
    (
        "map-fanout",
        "sample-thumbnails",
        {
            "batchId": "photos-2024-06",
            "failFirstAttempt": True,
            "failureRate": 0,  # every image fails once, then succeeds: the same demo each time
            "items": _PHOTOS,
        },
    ),
    (
        "notify-router",
        "sample-disk-alert-sms",
        _notification("sms", 3, "+15550100", "disk 91% full"),
    ),
    ("notify-router", "sample-fax-request", _notification("fax", 1, "+15550199", "disk 60% full")),
]


def expense(expense_id: str, employee: str, amount: float, purpose: str) -> dict[str, Any]:
    """An input of expense-approval."""
    return {
        "expenseId": expense_id,
        "employee": employee,
        "amount": amount,
        "currency": "EUR",
        "purpose": purpose,
    }


# Started by no one, so the admin (in "approvers") may approve it: see the module docstring.
APPROVAL_SAMPLES: list[tuple[str, str, Any]] = [
    (
        "expense-approval",
        "sample-expense-train-tickets",
        expense("EXP-1001", "Jane Doe", 420.50, "Train tickets to the Lyon customer workshop"),
    ),
]


def definition(name: str) -> dict[str, Any]:
    """The example's ASL definition, as stored beside this module."""
    return json.loads((HERE / f"{name}.json").read_text())


def load_examples() -> int:
    """Publish the examples (unchanged ones keep their version); return how many workflows were
    created. On a fresh install (no execution yet) also start the sample executions."""
    with transaction.atomic():
        is_fresh = not Execution.objects.exists()
        created = 0
        versions = {}
        for name in EXAMPLES + APPROVAL_EXAMPLES:
            created += not Workflow.objects.filter(name=name).exists()
            source = definition(name)
            versions[name] = publish_version(name, source, reuse_unchanged=True)
            described = Workflow.objects.filter(name=name, description="")
            described.update(description=source.get("Comment", ""))
        groups = _ensure_groups(APPROVAL_GROUPS)
        if is_fresh:
            _join_first_admin(groups["approvers"])
            for workflow, execution_name, value in SAMPLES + APPROVAL_SAMPLES:
                start_execution(versions[workflow], value, name=execution_name)
    return created


def _ensure_groups(names: tuple[str, ...]) -> dict[str, Group]:
    """The groups the approval examples assign to: a task naming a missing group fails."""
    return {name: Group.objects.get_or_create(name=name)[0] for name in names}


def _join_first_admin(approvers: Group) -> None:
    """The admin `manage.py bootstrap` created can work the sample's task out of the box."""
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is not None:
        admin.groups.add(approvers)
