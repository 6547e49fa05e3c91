"""The dashboard's pure parts: buckets of a window, bucket lengths as written, and figures in
words (the same cases as frontend/src/dashboard/dashboard.test.ts: the charts and the server
must say a figure the same way)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engine.dashboard.sparkline import sparkline
from engine.dashboard.text import rate_text, seconds_text
from engine.dashboard.window import Window, automatic_bucket, parse_bucket

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_buckets_start_on_whole_multiples_of_their_length() -> None:
    window = Window(NOON + timedelta(minutes=7), NOON + timedelta(minutes=21), 300)

    starts = [f"{s:%H:%M}" for s in window.bucket_starts()]

    assert starts == ["12:05", "12:10", "12:15", "12:20"]


def test_a_day_bucket_starts_at_midnight_utc() -> None:
    window = Window(NOON, NOON + timedelta(days=2), 86400)

    assert [s.isoformat() for s in window.bucket_starts()] == [
        "2026-03-02T00:00:00+00:00",
        "2026-03-03T00:00:00+00:00",
        "2026-03-04T00:00:00+00:00",
    ]


def test_very_long_ranges_get_buckets_of_several_days() -> None:
    assert automatic_bucket(NOON, NOON + timedelta(days=3000)) == 4 * 86400


@pytest.mark.parametrize(
    ("text", "seconds"), [("300", 300), ("300s", 300), ("5m", 300), ("1h", 3600), ("2d", 172800)]
)
def test_a_bucket_length_reads_as_seconds_or_with_a_unit(text: str, seconds: int) -> None:
    assert parse_bucket(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "1.5h", "-5m", "5 weeks"])
def test_other_bucket_lengths_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_bucket(text)


def test_durations_read_as_a_person_would_say_them() -> None:
    cases = [None, 0.42, 4.23, 12.4, 59.6, 192, 7500, 3600, 273605]

    assert [seconds_text(s) for s in cases] == [
        "—",
        "420 ms",
        "4.2 s",
        "12 s",
        "1 min",
        "3 min 12 s",
        "2 h 5 min",
        "1 h",
        "3 d 4 h",
    ]


def test_rates_read_as_percentages_without_trailing_zeros() -> None:
    assert [rate_text(r) for r in [0.875, 1, 0, 2 / 3, None]] == [
        "87.5%",
        "100%",
        "0%",
        "66.7%",
        "—",
    ]


def test_a_sparkline_leaves_gaps_and_dots_lone_points() -> None:
    line = sparkline([1.0, None, 0.5, 0.0, None, 1.0], width=100, height=24, floor=0.0)

    assert line.path == "M40.0,12.0 L60.0,22.0"
    assert line.dots == [(0.0, 2.0), (100.0, 2.0)]
