"""What the actions share: arguments and their checks, paging, lookups, tags."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError

from baton import jsontext
from baton.models import AwsTags
from designer import services
from designer.models import Workflow, WorkflowVersion
from engine import workflows
from engine.api.serializers import CAUSE_MAX, ERROR_MAX, unstorable
from engine.conf import engine_setting

from .. import arns, refusals, revisions
from . import AwsError, Call

ALIAS_NAME = re.compile(r"^(?=.*[A-Za-z_-])[A-Za-z0-9_-]{1,80}$")
MAX_RESULTS = 1000
NAME_FORBIDDEN = set('<>{}[]?*"#%\\^|~`$&,;:/')  # besides whitespace and control characters
DEFAULT_RESULTS = 100
MAX_OFFSET = 2**31 - 1


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


def _max_results(body: dict[str, Any]) -> int:
    """maxResults: 1 to 1000, with 0 or none meaning the default of 100."""
    size = body.get("maxResults") or DEFAULT_RESULTS
    if isinstance(size, bool) or not isinstance(size, int) or not 0 < size <= MAX_RESULTS:
        raise AwsError("ValidationException", "'maxResults' must be from 0 to 1000")
    return size


def _listing(
    body: dict[str, Any], field: str, rows: Any, shape: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    """One page of `rows` (an ordered queryset or list) as `{field: [...], "nextToken": …}`.

    The token is the next page's offset, opaque to the client."""
    offset, size = _offset(body), _max_results(body)
    found = list(rows[offset : offset + size + 1])
    answer: dict[str, Any] = {field: [shape(row) for row in found[:size]]}
    if len(found) > size:
        answer["nextToken"] = base64.urlsafe_b64encode(str(offset + size).encode()).decode()
    return answer


def _offset(body: dict[str, Any]) -> int:
    token = body.get("nextToken")
    if not token:
        return 0
    try:
        offset = int(base64.urlsafe_b64decode(str(token).encode()).decode())
    except (ValueError, UnicodeError):
        raise AwsError("InvalidToken", f"Invalid Token: '{token}'") from None
    if not 0 <= offset <= MAX_OFFSET:  # Baton never gives out more; Postgres's OFFSET is bigint
        raise AwsError("InvalidToken", f"Invalid Token: '{token}'")
    return offset


def _workflow(name: str, arn: str) -> Workflow:
    """The workflow of a state machine ARN; an archived one is a deleted state machine."""
    with refusals.about(arn):
        workflow = workflows.find_workflow(name)
        if services.is_archived(workflow):
            raise services.WorkflowArchived(name)
    return workflow


def _machine(body: dict[str, Any], field: str = "stateMachineArn") -> tuple[Workflow, arns.Arn]:
    arn = _string(body, field)
    parsed = arns.parse(arn, "stateMachine")
    return _workflow(parsed.name, arn), parsed


def _version(workflow: Workflow, number: int, arn: str) -> WorkflowVersion:
    """A published version (a revision never published is no version to Step Functions)."""
    return _resolved(workflow, arn, version=number)


def _resolved(
    workflow: Workflow, arn: str, *, version: int | None = None, alias: str | None = None
) -> WorkflowVersion:
    """The version a start of `arn` runs, by the engine's one resolver under the /aws/ rule:
    a version number names a published version; no qualifier, the latest revision."""
    with refusals.about(arn):
        return workflows.resolve_version(
            workflow, version=version, alias=alias, numbered=revisions.published(workflow)
        )


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
        and jsontext.is_storable_text(t["key"] + t.get("value", ""))
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


# -- fields of execution and task requests --------------------------------------------------
def _validation(message: str) -> AwsError:
    return AwsError("ValidationException", message)


def _required(call: Call, field: str) -> Any:
    value = call.body.get(field)
    if value is None or value == "":
        raise _validation(f"1 validation error detected: '{field}' must not be null.")
    return value


def _json(text: Any, field: str) -> Any:
    if text is None:
        return {}
    if not isinstance(text, str):
        raise _validation(f"'{field}' must be a string.")
    code = "InvalidExecutionInput" if field == "input" else "InvalidOutput"
    try:
        value = jsontext.loads(text)
    except jsontext.Refused as refused:
        raise AwsError(code, f"'{field}' {refused}.") from None
    except ValueError:
        what = "State Machine Execution Input" if field == "input" else "Output"
        raise AwsError(code, f"Invalid {what}: '{field}' is not JSON") from None
    problem = unstorable(value)
    if problem:
        raise AwsError(code, f"'{field}': {problem}")
    return value


def _error_and_cause(call: Call) -> tuple[str | None, str | None]:
    """The optional `error` and `cause` of a failure or a stop, within Step Functions' limits."""
    found = []
    for field, limit in (("error", ERROR_MAX), ("cause", CAUSE_MAX)):
        value = call.body.get(field)
        if value is not None and (
            not isinstance(value, str) or len(value) > limit or "\x00" in value
        ):
            raise _validation(f"'{field}' must be a string of at most {limit} characters.")
        found.append(value)
    return found[0], found[1]


def _text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _name(value: Any) -> str:
    """An execution or activity name as Step Functions allows it: 1-80 characters, none of them
    whitespace, control characters, brackets, wildcards or the special characters it lists."""
    if (
        not isinstance(value, str)
        or not 1 <= len(value) <= 80
        or any(c in NAME_FORBIDDEN or c.isspace() or not c.isprintable() for c in value)
    ):
        raise AwsError("InvalidName", f"Invalid Name: '{str(value)[:100]}'")
    return value
