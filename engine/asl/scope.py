"""What a path or expression sees while a state runs: its input, the context object, variables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Scope:
    input: Any  # "$" in JSONPath, $states.input in JSONata
    context: Any = None  # "$$" in JSONPath, $states.context in JSONata
    variables: Mapping[str, Any] = field(default_factory=dict)  # "$name" in both flavours
