"""The time range a dashboard reads and how it is cut into buckets (pure: no database).

Buckets start on multiples of their size counted from the Unix epoch (Postgres' date_bin with
that origin), so a day's bucket starts at midnight UTC and the same bucket has the same start
in every answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_BUCKETS = 1000  # what a chart can draw, and what one answer carries
DAY = 86400
MIN_BUCKET_SECONDS = 60
MAX_BUCKET_SECONDS = 366 * DAY
# Windows stay within these years: bucket arithmetic near datetime's own limits would overflow.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
# (longest range, bucket) in seconds: the first row whose range holds the window wins.
AUTOMATIC = [
    (2 * 3600, 60),
    (6 * 3600, 300),
    (3 * DAY, 3600),
    (14 * DAY, 6 * 3600),
]


@dataclass(frozen=True)
class Window:
    """[since, until) cut into buckets of bucket_seconds."""

    since: datetime
    until: datetime
    bucket_seconds: int

    @property
    def bucket(self) -> timedelta:
        return timedelta(seconds=self.bucket_seconds)

    def bucket_starts(self) -> list[datetime]:
        """The start of every bucket the window touches, the first one's before `since`."""
        start = bucket_start(self.since, self.bucket_seconds)
        count = bucket_count(self.since, self.until, self.bucket_seconds)
        return [start + i * self.bucket for i in range(count)]


def bucket_start(moment: datetime, bucket_seconds: int) -> datetime:
    """The start of the bucket holding `moment` (as date_bin(bucket, moment, EPOCH))."""
    offset = (moment - EPOCH).total_seconds()
    return EPOCH + timedelta(seconds=math.floor(offset / bucket_seconds) * bucket_seconds)


def automatic_bucket(since: datetime, until: datetime) -> int:
    """A bucket that gives a readable chart: minutes for hours, hours for days, days beyond
    (several days each past MAX_BUCKETS of them)."""
    span = (until - since).total_seconds()
    for longest, bucket in AUTOMATIC:
        if span <= longest:
            return bucket
    return DAY * max(1, math.ceil(span / DAY / (MAX_BUCKETS - 1)))


def bucket_count(since: datetime, until: datetime, bucket_seconds: int) -> int:
    """How many buckets [since, until) touches."""
    start = bucket_start(since, bucket_seconds)
    return math.ceil((until - start).total_seconds() / bucket_seconds)


def parse_bucket(text: str) -> int:
    """Seconds from "300", "300s", "5m", "1h" or "1d"; ValueError when it is none of those."""
    units = {"s": 1, "m": 60, "h": 3600, "d": DAY}
    text = text.strip().lower()
    unit = units.get(text[-1:], 0)
    number = text[:-1] if unit else text
    if not number.isdigit():
        raise ValueError(text)
    return int(number) * (unit or 1)
