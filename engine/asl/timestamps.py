"""RFC 3339 timestamps as ASL uses them (Wait Timestamp, Timestamp comparisons, context times)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_RFC3339 = re.compile(
    r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE
)


def parse(text: object) -> datetime | None:
    """A timezone-aware datetime, or None when `text` is not an RFC 3339 timestamp.

    Fractions beyond microseconds (AWS accepts nanoseconds) are truncated. The result is in
    UTC; a time whose offset takes it outside years 1..9999 (9999-12-31T23:59:59-01:00) is
    clamped to the first or last moment a datetime holds, which compares the same way.
    """
    if not isinstance(text, str):
        return None
    match = _RFC3339.match(text)
    if not match:
        return None
    day, clock, fraction, zone = match.groups()
    micro = (fraction or ".0")[1:7].ljust(6, "0")
    zone = "+00:00" if zone.upper() == "Z" else zone
    try:
        moment = datetime.fromisoformat(f"{day}T{clock}.{micro}{zone}")
    except ValueError:
        return None
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        edge = datetime.min if moment.year == 1 else datetime.max
        return edge.replace(tzinfo=UTC)


def format(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as AWS writes context-object times."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
