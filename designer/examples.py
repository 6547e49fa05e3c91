"""Example workflows shipped with Baton, loaded by `manage.py bootstrap` on a fresh install.

The example definitions (and the Python functions they call) land here; until then there is
nothing to load.
"""

from __future__ import annotations


def load_examples() -> int:
    """Create the example workflows that do not exist yet; return how many were created."""
    return 0
