"""The shared ASL conformance cases, run through the engine as `asl_conformance` runs them.

The cases sit beside the repository (../shared/conformance/cases) on developer machines and in
CI, not in a user's clone: without them this test says plainly that it ran nothing.
"""

from __future__ import annotations

import io
import warnings

import pytest
from django.core.management import call_command

from tests.conformance import stand_ins

CASES = stand_ins.CASES


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_every_conformance_case_gives_the_result_aws_recorded() -> None:
    if not CASES.is_dir():
        message = f"conformance: {CASES} is absent, so no conformance case ran"
        print(message)
        warnings.warn(message, stacklevel=1)
        return
    out = io.StringIO()
    try:
        call_command("asl_conformance", str(CASES), "--jobs", "4", stdout=out)
    except SystemExit:
        pass  # the command exits 1 on failures; the summary line below says which
    lines = out.getvalue().strip().splitlines()
    total = len(list(CASES.rglob("*.json")))
    assert lines[-1] == f"{total} passed, 0 failed", "\n".join(lines[-40:])
