"""The engine's models, one module per noun."""

from .activity import Activity
from .alarm import Alarm
from .connection import AuthorizationType, Connection, Secret
from .execution import Execution, HistoryEvent, Status
from .heartbeat import EngineHeartbeat
from .mocks import ExecutionMocks
from .rollup import RollupKind, StateRollup
from .schedule import Schedule
from .stop import StopRequest
from .work import TaskRun, TaskStatus, Timer

__all__ = [
    "Activity",
    "Alarm",
    "AuthorizationType",
    "Connection",
    "EngineHeartbeat",
    "Execution",
    "ExecutionMocks",
    "HistoryEvent",
    "RollupKind",
    "Schedule",
    "Secret",
    "StateRollup",
    "Status",
    "StopRequest",
    "TaskRun",
    "TaskStatus",
    "Timer",
]
