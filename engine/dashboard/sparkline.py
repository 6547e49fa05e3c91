"""A sparkline as an SVG path: the workflow page draws it on the server, no script needed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sparkline:
    path: str  # the line's "d", empty when there is no point
    dots: list[tuple[float, float]]  # lone points (no neighbour to join), drawn as dots
    width: int
    height: int


def sparkline(
    values: list[float | None], width: int = 120, height: int = 28, floor: float | None = None
) -> Sparkline:
    """The values left to right over the width, low to high over the height (from `floor`
    when given, so a rate can be drawn from 0); None leaves a gap."""
    known = [v for v in values if v is not None]
    if not known:
        return Sparkline("", [], width, height)
    low = min(known) if floor is None else min(floor, *known)
    high = max(known)
    span = (high - low) or 1.0
    step = width / max(1, len(values) - 1)
    pad = 2  # the stroke's half width: the line stays inside the box

    def point(index: int, value: float) -> tuple[float, float]:
        y = pad + (height - 2 * pad) * (1 - (value - low) / span)
        return round(index * step, 1), round(y, 1)

    return _draw([None if v is None else point(i, v) for i, v in enumerate(values)], width, height)


def _draw(points: list[tuple[float, float] | None], width: int, height: int) -> Sparkline:
    parts: list[str] = []
    dots: list[tuple[float, float]] = []
    for index, here in enumerate(points):
        if here is None:
            continue
        before = points[index - 1] if index else None
        after = points[index + 1] if index + 1 < len(points) else None
        if before is None and after is None:
            dots.append(here)
        else:
            parts.append(f"{'L' if before else 'M'}{here[0]},{here[1]}")
    return Sparkline(" ".join(parts), dots, width, height)
