"""How /aws/ answers the services' domain exceptions: Step Functions' error codes, one table.

Step Functions names the resource a request was about in its messages, so the table's messages
take the ARN of that resource (`{arn}`) or the exception's own text (`{message}`). An archived
workflow is a deleted state machine to Step Functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from engine import execution_services as executions
from engine import workflows

from .actions import AwsError

NO_MACHINE = ("StateMachineDoesNotExist", "State Machine Does Not Exist: '{arn}'")

REFUSALS: dict[type[Exception], tuple[str, str]] = {
    workflows.WorkflowNotFound: NO_MACHINE,
    workflows.VersionNotFound: NO_MACHINE,
    workflows.WorkflowArchived: NO_MACHINE,
    workflows.AliasNotFound: ("ResourceNotFound", "Resource not found: '{arn}'"),
    executions.ExecutionNotFound: ("ExecutionDoesNotExist", "Execution Does Not Exist: '{arn}'"),
    executions.ExecutionAlreadyExists: ("ExecutionAlreadyExists", "{message}"),
    executions.InputTooLarge: ("InvalidExecutionInput", "{message}"),
    executions.CannotRedrive: ("ExecutionNotRedrivable", "{message}"),
}


@contextmanager
def about(arn: str) -> Iterator[None]:
    """Raise the domain exceptions of the block as AwsErrors about the resource `arn`."""
    try:
        yield
    except tuple(REFUSALS) as exc:
        raise translated(exc, arn) from None


def translated(exc: Exception, arn: str) -> AwsError:
    code, message = next(REFUSALS[kind] for kind in type(exc).__mro__ if kind in REFUSALS)
    return AwsError(code, message.format(arn=arn, message=exc))
