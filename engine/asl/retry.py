"""Retry and Catch matching and back-off (states-language.net — Error Handling).

Pure functions: the caller passes the attempt counts and the random source.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from typing import Any

from . import errors
from .limits import MAX_RETRY_DELAY_SECONDS

# Terminal errors (AWS developer guide, "Error names"). States.Runtime "isn't retriable, and
# will always cause the execution to fail": no retrier or catcher matches it, not even one that
# names it. States.DataLimitExceeded "cannot be caught by the States.ALL error type": only a
# retrier or catcher that names it matches. Neither wildcard (States.ALL, States.TaskFailed)
# matches either. Every failure goes through error_matches, so this is the one place the rule
# lives (docs/architecture.md, "Which errors are terminal for States.ALL").
NEVER_MATCHED = frozenset({errors.RUNTIME})
MATCHED_ONLY_BY_NAME = frozenset({errors.DATA_LIMIT_EXCEEDED})


def error_matches(patterns: Sequence[str], error: str | None) -> bool:
    """True when `error` is named by `patterns` (ErrorEquals) or caught by a wildcard."""
    name = error or ""
    if name in NEVER_MATCHED:
        return False
    if name in patterns:
        return True
    if name in MATCHED_ONLY_BY_NAME:
        return False
    if errors.ALL in patterns:
        return True
    return errors.TASK_FAILED in patterns and name != errors.TIMEOUT


def next_retry(
    retriers: Sequence[Mapping[str, Any]],
    error: str | None,
    counts: Mapping[str, int],
    rng: random.Random,
) -> tuple[int, float] | None:
    """Which retrier applies and how long to wait, or None when no retry is left.

    The first retrier whose ErrorEquals matches decides: once its MaxAttempts are used up the
    error goes to Catch, even when a later retrier would also match.
    """
    for index, retrier in enumerate(retriers):
        if not error_matches(retrier.get("ErrorEquals", []), error):
            continue
        attempt = counts.get(str(index), 0)
        if attempt >= int(retrier.get("MaxAttempts", 3)):
            return None
        return index, backoff_seconds(retrier, attempt, rng)
    return None


def backoff_seconds(retrier: Mapping[str, Any], attempt: int, rng: random.Random) -> float:
    """IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, with FULL jitter.

    Never more than limits.MAX_RETRY_DELAY_SECONDS (366 days): the power is taken in
    logarithms, so a BackoffRate of 1e300 or 10**400 after many attempts caps the delay
    instead of overflowing a float or a timedelta.
    """
    cap = MAX_RETRY_DELAY_SECONDS
    if "MaxDelaySeconds" in retrier:
        cap = min(cap, retrier["MaxDelaySeconds"])
    delay = _grown(retrier.get("IntervalSeconds", 1), retrier.get("BackoffRate", 2.0), attempt, cap)
    if retrier.get("JitterStrategy") == "FULL":
        delay = rng.uniform(0, delay)
    return delay


def _grown(interval: Any, rate: Any, attempt: int, cap: float) -> float:
    """min(interval × rate^attempt, cap), computed without overflow for any sizes."""
    if interval <= 0:
        return 0.0
    if interval >= cap or (attempt > 0 and rate >= cap):
        return float(cap)
    if attempt == 0 or rate <= 1:
        return float(interval)
    if math.log(interval) + attempt * math.log(rate) >= math.log(cap):
        return float(cap)
    return min(float(cap), float(interval) * float(rate) ** attempt)


def find_catcher(
    catchers: Sequence[Mapping[str, Any]], error: str | None
) -> Mapping[str, Any] | None:
    """The first Catch entry whose ErrorEquals matches `error`."""
    for catcher in catchers:
        if error_matches(catcher.get("ErrorEquals", []), error):
            return catcher
    return None
