"""What the state machine, alias and tag actions share: arguments, paging, lookups."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError

from baton.models import AwsTags
from designer import services
from designer.models import Workflow, WorkflowVersion
from engine.conf import engine_setting

from .. import arns, revisions
from . import AwsError

ALIAS_NAME = re.compile(r"^(?=.*[A-Za-z_-])[A-Za-z0-9_-]{1,80}$")
MAX_RESULTS = 1000


def _time(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment else None


def _role_arn() -> str:
    return f"arn:aws:iam::{engine_setting('ACCOUNT_ID')}:role/baton"


def _string(body: dict[str, Any], field: str, *, required: bool = True) -> str | None:
    value = body.get(field)
    if value is None:
        if required:
            raise AwsError(
                "ValidationException", f"1 validation error detected: '{field}' is required"
            )
        return None
    if not isinstance(value, str):
        raise AwsError("ValidationException", f"'{field}' must be a string")
    return value


def _page(body: dict[str, Any], items: list[Any]) -> tuple[list[Any], str | None]:
    """Items for this page and the nextToken for the next (an offset), if any."""
    size = body.get("maxResults") or 100
    token = body.get("nextToken")
    if not isinstance(size, int) or not 0 <= size <= MAX_RESULTS:
        raise AwsError("ValidationException", "'maxResults' must be from 0 to 1000")
    try:
        start = int(token) if token else 0
    except (TypeError, ValueError):
        raise AwsError(
            "InvalidToken", "Invalid Token: the nextToken is not one Baton gave"
        ) from None
    size = size or 100
    end = start + size
    return items[start:end], (str(end) if end < len(items) else None)


def _workflow(name: str, arn: str) -> Workflow:
    workflow = Workflow.objects.filter(name=name, archived_at=None).first()
    if workflow is None:
        raise AwsError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
    return workflow


def _machine(body: dict[str, Any], field: str = "stateMachineArn") -> tuple[Workflow, arns.Arn]:
    arn = _string(body, field)
    parsed = arns.parse(arn, "stateMachine")
    return _workflow(parsed.name, arn), parsed


def _version(workflow: Workflow, number: int, arn: str) -> WorkflowVersion:
    """A published version (a revision never published is no version to Step Functions)."""
    version = revisions.published(workflow).filter(number=number).first()
    if version is None:
        raise AwsError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
    return version


def _invalid(diagnostics: list[Any]) -> AwsError:
    first = diagnostics[0]
    where = f" at {first.location}" if first.location else ""
    return AwsError(
        "InvalidDefinition",
        f"Invalid State Machine Definition: '{first.code}: {first.message}{where}'",
    )


def _check_name(name: str) -> None:
    try:
        services.check_name(name)
    except ValidationError as exc:
        raise AwsError("InvalidName", f"Invalid Name: '{name}': {exc.messages[0]}") from None


def _tags(body: dict[str, Any]) -> dict[str, str]:
    tags = body.get("tags") or []
    if not isinstance(tags, list) or not all(
        isinstance(t, dict)
        and isinstance(t.get("key"), str)
        and isinstance(t.get("value", ""), str)
        for t in tags
    ):
        raise AwsError("ValidationException", "'tags' must be a list of {key, value}")
    return {t["key"]: t.get("value", "") for t in tags}


def _add_tags(arn: str, tags: dict[str, str]) -> None:
    if tags:
        row, _ = AwsTags.objects.get_or_create(arn=arn)
        row.tags = {**row.tags, **tags}
        if len(row.tags) > 50:
            raise AwsError("TooManyTags", "A resource can have at most 50 tags.")
        row.save(update_fields=["tags"])
