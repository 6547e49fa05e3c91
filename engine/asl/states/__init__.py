"""The state types, by their ASL `Type` name (a registry, not a match ladder)."""

from __future__ import annotations

from .base import State
from .choice import ChoiceState
from .fail import FailState
from .map_ import MapState
from .parallel import ParallelState
from .pass_ import PassState
from .succeed import SucceedState
from .task import TaskState
from .wait import WaitState

STATE_TYPES: dict[str, State] = {
    "Pass": PassState(),
    "Task": TaskState(),
    "Choice": ChoiceState(),
    "Wait": WaitState(),
    "Succeed": SucceedState(),
    "Fail": FailState(),
    "Parallel": ParallelState(),
    "Map": MapState(),
}
