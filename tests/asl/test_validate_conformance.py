"""No false alarms: every definition AWS Step Functions accepted (shared/conformance/cases)
must validate without a single error-severity diagnostic."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from engine.asl.validate import validate

CASES = Path(__file__).resolve().parents[2].parent / "shared" / "conformance" / "cases"


def _false_alarms(case: Path) -> list[str]:
    definition = json.loads(case.read_text())["definition"]
    name = case.relative_to(CASES)
    found = validate(definition) + validate(json.dumps(definition))
    return [
        f"{name}: {d.code} at {d.location}: {d.message}" for d in found if d.severity == "error"
    ]


def test_every_conformance_definition_validates_without_errors() -> None:
    cases = sorted(CASES.glob("**/*.json"))
    if not cases:
        message = f"no conformance cases at {CASES}; this test checked nothing"
        print(message)
        warnings.warn(message, stacklevel=1)
        return
    alarms = [alarm for case in cases for alarm in _false_alarms(case)]
    assert alarms == [], f"{len(alarms)} false alarms in {len(cases)} cases:\n" + "\n".join(alarms)
