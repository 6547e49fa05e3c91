"""`manage.py validate`: for a team's own CI; exit status 1 when any file has errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.core.management import call_command

VALID = {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}
INVALID = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("validate", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_validate_json_prints_one_line_per_file_and_exits_1_on_errors(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(VALID))
    bad.write_text(json.dumps(INVALID))

    status, out = run(str(good), str(bad), "--json")

    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert lines[0] == {"file": str(good), "valid": True, "diagnostics": []}
    assert lines[1]["valid"] is False
    problem = lines[1]["diagnostics"][0]
    assert (problem["code"], problem["location"], problem["severity"]) == (
        "next_missing_state",
        "/States/A/Next",
        "error",
    )
    assert "Nowhere" in problem["message"]


def test_validate_exits_0_when_every_file_is_valid(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(VALID))

    status, out = run(str(good))

    assert status == 0
    assert "valid" in out


def test_validate_reports_malformed_json_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"StartAt": "A",\n "States": {')

    status, out = run(str(broken), "--json")

    assert status == 1
    assert json.loads(out)["diagnostics"][0]["code"] == "invalid_json"
