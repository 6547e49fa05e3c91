"""Webhooks for task events: each workflow may have one (a Webhook row); Baton POSTs every
event of that workflow's human tasks to it, signed so the receiver can trust it.

How a receiver verifies a request (the Stripe and Slack scheme):

    POST <url>
    Content-Type: application/json
    X-Baton-Event: task.created            (task.reminded, task.decided, task.rejected, …)
    X-Baton-Delivery: <uuid>               (the same on every retry of one event)
    X-Baton-Timestamp: 1718000000          (Unix seconds when this attempt was signed)
    X-Baton-Signature: sha256=<hex>

    <hex> = HMAC-SHA256(key=secret, message=f"{timestamp}.{raw body}")

Compute it over the raw body bytes, compare with `hmac.compare_digest`, and reject a timestamp
more than a few minutes from your clock: a replayed request then fails either the signature or
the age check. The body is compact UTF-8 JSON with sorted keys (announce.webhook_event).

Delivery: a 5 s timeout; a connection error or a 5xx is retried up to 3 times with backoff;
another status (a 4xx, a redirect) is given up at once. Failures are logged, never raised.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

from .models import Webhook

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5
RETRIES = 3
BACKOFF_SECONDS = 0.5  # doubled after each failed attempt: 0.5, 1, 2
USER_AGENT = "Baton-Webhook/1"


def post_events(events: list[dict[str, Any]]) -> int:
    """POST each event whose workflow has an active webhook; the number delivered."""
    names = {event.get("workflow") for event in events}
    hooks = {h.workflow: h for h in Webhook.objects.filter(workflow__in=names, is_active=True)}
    delivered = 0
    for event in events:
        hook = hooks.get(event.get("workflow", ""))
        if hook is not None:
            delivered += post(hook.url, hook.secret, event)
    return delivered


def encode(event: dict[str, Any]) -> bytes:
    text = json.dumps(event, separators=(",", ":"), sort_keys=True, ensure_ascii=False, default=str)
    return text.encode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The X-Baton-Signature value for `body` sent at `timestamp` (see the module docstring)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def post(url: str, secret: str, event: dict[str, Any]) -> bool:
    """Deliver one event, retrying what may pass on a second try; True when it was accepted."""
    body, delivery = encode(event), str(uuid.uuid4())
    for attempt in range(RETRIES + 1):
        if attempt:
            time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
        status, why = _attempt(url, secret, event.get("event", ""), delivery, body)
        if 200 <= status < 300:
            return True
        if status and status < 500:
            break  # the receiver refuses it: another try would be refused too
    log.warning("approvals: webhook %s for %s gave up: %s", url, event.get("event"), why)
    return False


def _attempt(url: str, secret: str, kind: str, delivery: str, body: bytes) -> tuple[int, str]:
    """One POST: (HTTP status, or 0 when there was none; why it failed)."""
    timestamp = str(int(time.time()))  # signed anew per attempt, so retries pass an age check
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Baton-Event": kind,
        "X-Baton-Delivery": delivery,
        "X-Baton-Timestamp": timestamp,
        "X-Baton-Signature": signature(secret, timestamp, body),
    }
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return 0, str(getattr(error, "reason", error))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a detour: urllib would turn the POST into a bodiless GET."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)
