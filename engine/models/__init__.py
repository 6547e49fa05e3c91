"""The engine's models, one module per noun."""

from .execution import Execution, HistoryEvent, Status
from .work import TaskRun, TaskStatus, Timer

__all__ = ["Execution", "HistoryEvent", "Status", "TaskRun", "TaskStatus", "Timer"]
