"""Fixtures of the engine tests that start engine subprocesses (tests/engine/engines.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.engine.engines import Engines


@pytest.fixture
def engines(tmp_path: Path) -> Iterator[Engines]:
    pool = Engines(tmp_path)
    try:
        yield pool
    finally:
        pool.stop_all()
        print(pool.logs())  # shown when the test fails
