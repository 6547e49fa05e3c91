"""Static checks of ASL definitions; the implementation lives in engine.asl.validation."""

from __future__ import annotations

from engine.asl.validation import ERROR, WARNING, Diagnostic, validate

__all__ = ["ERROR", "WARNING", "Diagnostic", "validate"]
