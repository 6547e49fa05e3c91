"""Task functions that log with `from baton import log`, for tests/engine/test_task_log.py.

Imported by the test itself (the engine it runs in-process) and, through PYTHONPATH and
BATON_FUNCTION_MODULES, by the `runengine` and `qcluster` subprocesses it starts.
"""

from __future__ import annotations

import logging
from typing import Any

from baton import function, log
from engine import tasklocal


class PaymentDeclined(Exception):
    """Raised by task-log-declined after it logged why."""


def _ran_inline() -> bool:
    return tasklocal.current_token() == tasklocal.INLINE


@function("task-log-pay")
def pay(payload: dict[str, Any]) -> dict[str, Any]:
    log.info("waiting on payment", order_id=payload["order"], amount=12.5)
    return {"paid": payload["order"], "inline": _ran_inline()}


@function("task-log-queued-pay", queue=True)
def queued_pay(payload: dict[str, Any]) -> dict[str, Any]:
    log.info("waiting on payment", order_id=payload["order"])
    return {"paid": payload["order"]}


@function("task-log-chatty")
def chatty(payload: dict[str, Any]) -> int:
    for n in range(int(payload["lines"])):
        log.debug(f"line {n + 1}", n=n + 1)
    return int(payload["lines"])


@function("task-log-odd")
def odd(payload: Any) -> None:
    """A long message, a value JSON cannot hold, text Postgres cannot, fields too big to keep."""
    log.warning("x" * 5000, when=object(), count=3, raw={"k\x00": ["nul\x00here"]})
    log.error("a big order", lines=["item"] * 3000)
    log.info("a NUL\x00in the message")


@function("task-log-declined")
def declined(payload: dict[str, Any]) -> None:
    log.warning("card declined", order_id=payload["order"])
    raise PaymentDeclined(f"order {payload['order']} was declined")


@function("task-log-refund")
def refund(payload: dict[str, Any]) -> dict[str, Any]:
    """Logs a line with the order, then an exception with its traceback (JSON log test)."""
    log.info("refunding", order_id=payload["order"])
    try:
        raise ValueError(f"no card on file for order {payload['order']}")
    except ValueError:
        logging.getLogger("orders").exception("refund failed")
    return {"refunded": False}
