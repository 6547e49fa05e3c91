"""The engine's models, one module per noun."""

from .activity import Activity
from .execution import Execution, HistoryEvent, Status
from .schedule import Schedule
from .work import TaskRun, TaskStatus, Timer

__all__ = [
    "Activity",
    "Execution",
    "HistoryEvent",
    "Schedule",
    "Status",
    "TaskRun",
    "TaskStatus",
    "Timer",
]
