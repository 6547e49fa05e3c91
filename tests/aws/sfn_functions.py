"""Task functions for tests/aws/test_clients.py, imported by its `runengine` subprocess.

They stand in for the Lambda functions a Step Functions user already has: one hands its task
token to the outside world (a line in BATON_SFN_DIR/tokens.jsonl, as a Lambda would post it to
a queue), one fails until the test creates the file BATON_SFN_DIR/fixed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from baton import function


def _dir() -> Path:
    return Path(os.environ["BATON_SFN_DIR"])


@function("sfn-hand-out-token")
def hand_out_token(payload: dict[str, Any]) -> None:
    line = json.dumps(payload) + "\n"
    fd = os.open(_dir() / "tokens.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


@function("sfn-needs-fixing")
def needs_fixing(payload: Any) -> dict[str, bool]:
    if not (_dir() / "fixed").exists():
        raise RuntimeError("the downstream service is down")
    return {"fixed": True}
