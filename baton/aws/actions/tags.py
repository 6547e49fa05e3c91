"""Tag actions for state machines, aliases and activities."""

from __future__ import annotations

from typing import Any

from baton.models import AwsTags
from designer.models import Workflow
from engine.models import Activity

from .. import arns
from . import AwsError, Call, action
from .common import (
    _add_tags,
    _string,
    _tags,
)


def _resource(body: dict[str, Any]) -> str:
    """The ARN of an existing state machine or alias (tags live on those), else ResourceNotFound."""
    arn = _string(body, "resourceArn")
    parsed = arns.parse(arn, "stateMachine", "activity")
    if parsed.kind == "stateMachine" and parsed.version is None:
        workflow = Workflow.objects.filter(name=parsed.name, archived_at=None).first()
        if workflow is not None and (
            parsed.alias is None or workflow.aliases.filter(name=parsed.alias).exists()
        ):
            return arn
    if parsed.kind == "activity" and Activity.objects.filter(name=parsed.name).exists():
        return arn
    raise AwsError("ResourceNotFound", f"Resource not found: '{arn}'")


@action("TagResource")
def tag_resource(call: Call) -> dict[str, Any]:
    arn = _resource(call.body)
    _add_tags(arn, _tags(call.body))
    return {}


@action("UntagResource")
def untag_resource(call: Call) -> dict[str, Any]:
    arn = _resource(call.body)
    keys = call.body.get("tagKeys")
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise AwsError("ValidationException", "'tagKeys' must be a list of strings")
    row = AwsTags.objects.filter(arn=arn).first()
    if row is not None:
        row.tags = {k: v for k, v in row.tags.items() if k not in keys}
        row.save(update_fields=["tags"])
    return {}


@action("ListTagsForResource")
def list_tags_for_resource(call: Call) -> dict[str, Any]:
    arn = _resource(call.body)
    row = AwsTags.objects.filter(arn=arn).first()
    tags = row.tags if row else {}
    return {"tags": [{"key": k, "value": v} for k, v in sorted(tags.items())]}
