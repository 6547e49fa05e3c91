"""E-mail and webhooks for task events, sent off the deciding request's thread.

Placeholder wiring: approvals/mail.py and approvals/webhooks.py do the sending.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

log = logging.getLogger(__name__)

_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="baton-approvals-delivery")


def deliver(mails: list[Any], events: list[dict[str, Any]]) -> None:
    """After commit: queue the e-mails and webhook posts; a failure is logged, never raised."""
    if mails or events:
        _pool.submit(_send, mails, events)


def _send(mails: list[Any], events: list[dict[str, Any]]) -> None:
    from django.db import connection

    try:
        pass
    except Exception:
        log.exception("approvals: e-mail or webhook delivery failed")
    finally:
        connection.close()
