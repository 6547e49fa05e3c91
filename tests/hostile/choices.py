"""Choice rules: StringMatches patterns that backtrack, huge numbers."""

from __future__ import annotations

from .common import (
    NO_CHOICE,
    Case,
    choice,
)

CASES = [
    Case(
        "string_matches_ten_stars_over_ten_thousand_characters",
        choice(StringMatches="*a*a*a*a*a*a*a*a*a*a*b"),
        {"v": "a" * 10000},
        NO_CHOICE,
    ),
    Case(
        "string_matches_escaped_stars",
        choice(StringMatches="*\\**\\**\\**\\**\\**\\**\\**\\*b"),
        {"v": "*" * 50000},
        NO_CHOICE,
    ),
    Case(
        "numeric_less_than_with_10_to_the_400",
        choice(NumericLessThan=1e308),
        {"v": 10**400},
        NO_CHOICE,
    ),
    Case(
        "timestamps_whose_offsets_leave_the_calendar",
        choice(TimestampLessThanPath="$.w"),
        {"v": "9999-12-31T23:59:59-23:59", "w": "0001-01-01T00:00:00+23:59"},
        NO_CHOICE,
    ),
]
