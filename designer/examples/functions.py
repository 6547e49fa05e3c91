"""The Python functions the example workflows call, registered as Lambda functions by name.

They stand in for real services (a warehouse, a payment provider, a carrier, an image service,
messaging gateways): each does a little arithmetic, returns a record of what it would have done,
and fails the way the real service would, so the examples show both outcomes. Results derive
from the input, so retried attempts give the same answer.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

from baton import function

CARD_LIMIT = 1000.00
DECLINED_CARDS = {"declined", "4000000000000002"}  # the usual test-card number for a decline
SHIPPING_COUNTRIES = {"US", "CA", "GB", "DE", "FR", "NL"}
THUMBNAIL_FORMATS = {"jpg", "jpeg", "png", "webp"}


class OutOfStock(Exception):
    """The warehouse cannot reserve the quantity asked for."""


class PaymentDeclined(Exception):
    """The payment provider refused the charge; nothing was captured."""


class ShippingUnavailable(Exception):
    """The carrier does not deliver to the address."""


class ImageServiceBusy(Exception):
    """A transient failure of the image service: worth a retry."""


class UnsupportedImage(Exception):
    """A permanent failure: retrying will not help."""


class InvalidRecipient(Exception):
    """The recipient cannot be reached on the channel."""


def _reference(prefix: str, *parts: Any) -> str:
    """A stable id for the same input, as an idempotent service would hand back."""
    digest = hashlib.sha256("/".join(str(part) for part in parts).encode()).hexdigest()
    return f"{prefix}_{digest[:12]}"


# -- order-saga ---------------------------------------------------------------------------------


@function("reserve-inventory")
def reserve_inventory(event: dict[str, Any]) -> dict[str, Any]:
    for item in event["items"]:
        if item["quantity"] > 100:
            raise OutOfStock(f"only 100 of {item['sku']} are in stock, {item['quantity']} asked")
    return {
        "reservationId": _reference("res", event["orderId"]),
        "units": sum(item["quantity"] for item in event["items"]),
    }


@function("charge-payment")
def charge_payment(event: dict[str, Any]) -> dict[str, Any]:
    amount = round(float(event["amount"]), 2)
    if str(event["card"]) in DECLINED_CARDS:
        raise PaymentDeclined(f"card declined by the issuer for {amount:.2f}")
    if amount > CARD_LIMIT:
        raise PaymentDeclined(f"amount {amount:.2f} exceeds the card limit of {CARD_LIMIT:.2f}")
    return {"chargeId": _reference("ch", event["orderId"], amount), "amount": amount}


@function("ship-order")
def ship_order(event: dict[str, Any]) -> dict[str, Any]:
    country = str(event["address"].get("country", "")).upper()
    if country not in SHIPPING_COUNTRIES:
        raise ShippingUnavailable(f"no carrier delivers to country '{country}'")
    return {"trackingNumber": _reference("1Z", event["orderId"]).upper(), "carrier": "UPS"}


@function("refund-payment")
def refund_payment(event: dict[str, Any]) -> dict[str, Any]:
    return {"refundId": _reference("re", event["orderId"]), "amount": event["amount"]}


@function("release-inventory")
def release_inventory(event: dict[str, Any]) -> dict[str, Any]:
    return {"released": event["reservationId"]}


# -- map-fanout ---------------------------------------------------------------------------------


@function("make-thumbnail")
def make_thumbnail(event: dict[str, Any]) -> dict[str, Any]:
    image, attempt = event["image"], event.get("attempt", 0)
    key = image["key"]
    extension = key.rsplit(".", 1)[-1].lower()
    if extension not in THUMBNAIL_FORMATS:
        raise UnsupportedImage(f"cannot make a thumbnail of '{key}': .{extension} is not supported")
    if image.get("failFirstAttempt") and attempt == 0:
        raise ImageServiceBusy(f"image service busy, try '{key}' again")
    if random.random() < float(image.get("failureRate", 0)):
        raise ImageServiceBusy(f"image service timed out on '{key}'")
    return {
        "key": key,
        "thumbnail": f"thumbnails/{key.rsplit('/', 1)[-1]}",
        "sizeKb": image["sizeKb"],
        "thumbnailKb": max(1, image["sizeKb"] // 20),
        "attempts": attempt + 1,
    }


@function("summarize-thumbnails")
def summarize_thumbnails(event: dict[str, Any]) -> dict[str, Any]:
    thumbnails = event["thumbnails"]
    original = sum(item["sizeKb"] for item in thumbnails)
    smaller = sum(item["thumbnailKb"] for item in thumbnails)
    return {
        "batchId": event["batchId"],
        "images": len(thumbnails),
        "originalKb": original,
        "thumbnailKb": smaller,
        "savedKb": original - smaller,
        "retriedImages": sum(1 for item in thumbnails if item["attempts"] > 1),
        "thumbnails": [item["thumbnail"] for item in thumbnails],
    }


# -- notify-router ------------------------------------------------------------------------------


@function("send-email")
def send_email(event: dict[str, Any]) -> dict[str, Any]:
    if "@" not in str(event["to"]):
        raise InvalidRecipient(f"'{event['to']}' is not an e-mail address")
    return {
        "channel": "email",
        "to": event["to"],
        "subject": event["subject"],
        "body": event["body"],
    }


@function("send-sms")
def send_sms(event: dict[str, Any]) -> dict[str, Any]:
    if not str(event["to"]).startswith("+"):
        raise InvalidRecipient(f"'{event['to']}' is not a phone number in +E.164 form")
    return {"channel": "sms", "to": event["to"], "text": event["text"][:160]}


@function("send-page")
def send_page(event: dict[str, Any]) -> dict[str, Any]:
    return {
        "channel": "pager",
        "incidentKey": _reference("inc", event["dedupKey"]),
        "severity": event["severity"],
        "summary": event["summary"],
        "requestedBy": event["requestedBy"],
    }


# -- expense-approval ---------------------------------------------------------------------------


@function("expense-pay")
def expense_pay(event: dict[str, Any]) -> dict[str, Any]:
    """Pay what every approver agreed to: the smallest approved amount (four-eyes: neither
    approver meant more), to the deciding approver's cost centre."""
    approval = event["approval"]
    approvals = approval.get("approvals") or [{"user": approval["decidedBy"], **approval}]
    amount = min(float(a["data"]["approvedAmount"]) for a in approvals)
    return {
        "paymentId": _reference("pay", event["expenseId"], amount),
        "amount": round(amount, 2),
        "currency": event["currency"],
        "costCentre": approval["data"].get("costCentre", "Unassigned"),
        "approvedBy": [a["user"] for a in approvals],
    }


@function("expense-notify-rejection")
def expense_notify_rejection(event: dict[str, Any]) -> dict[str, Any]:
    """Tell the employee the expense will not be paid, and why."""
    expired = event["error"] == "States.Timeout"
    why = "no one decided in time" if expired else (event.get("reason") or "no reason given")
    verb = "expired" if expired else "was rejected"
    message = (
        f"Expense {event['expenseId']} of {event['amount']} {event['currency']} "
        f"for {event['employee']} {verb}: {why}"
    )
    return {"notified": event["employee"], "message": message}
