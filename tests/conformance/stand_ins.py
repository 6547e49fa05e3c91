"""The conformance cases' Lambda stand-ins, for an engine process to import.

`runengine` started with BATON_FUNCTION_MODULES=tests.conformance.stand_ins registers every
function the cases name (`echo`, `const:<json>`; shared/conformance/README.md) on start-up.
"""

from __future__ import annotations

from pathlib import Path

from engine.conformance import load_cases, register_stand_ins

CASES = Path(__file__).resolve().parents[2].parent / "shared" / "conformance" / "cases"
MODULE = __name__

if CASES.is_dir():
    for case in load_cases(CASES):
        register_stand_ins(case.data.get("functions", {}))
