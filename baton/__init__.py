"""Baton, a self-hosted workflow orchestrator.

Kept light on purpose: `from baton import function` (the function registry) must be importable
without loading Django models.
"""

from engine.functions import function

__all__ = ["function"]
