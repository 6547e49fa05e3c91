"""Shapes of the designer API's requests and responses. Validation of meaning (definitions,
alias routes, name clashes) happens in designer.services; these check shape only."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designer.models import NAME_RULE, Alias, Workflow, WorkflowVersion
from designer.services import execution_counts


@extend_schema_field(
    {
        "oneOf": [
            {"type": "object", "additionalProperties": True},
            {"type": "string", "description": "the definition as JSON text, kept exactly"},
        ],
        "description": "An Amazon States Language definition: an object, or JSON text.",
    }
)
class DefinitionField(serializers.JSONField):
    default_error_messages = {"type": "A definition is a JSON object, or JSON text."}

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        if not isinstance(value, (dict, str)):
            self.fail("type")
        return value


class WorkflowCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80, validators=[NAME_RULE])
    description = serializers.CharField(allow_blank=True, required=False, default="")
    definition = DefinitionField()
    comment = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="what version 1 is"
    )


class WorkflowUpdateSerializer(serializers.Serializer):
    description = serializers.CharField(allow_blank=True, required=False)
    archived = serializers.BooleanField(
        required=False, help_text="false restores an archived workflow; true archives it"
    )


class VersionPublishSerializer(serializers.Serializer):
    definition = DefinitionField()
    description = serializers.CharField(allow_blank=True, required=False, default="")


class ValidateRequestSerializer(serializers.Serializer):
    definition = DefinitionField()


class DiagnosticSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    location = serializers.CharField(allow_blank=True, help_text="a JSON pointer")
    severity = serializers.ChoiceField(choices=["error", "warning"])


class ValidateResultSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    diagnostics = DiagnosticSerializer(many=True)


class RouteSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    weight = serializers.IntegerField(
        min_value=0, max_value=100, required=False, help_text="optional with a single route"
    )


class AliasPutSerializer(serializers.Serializer):
    description = serializers.CharField(allow_blank=True, required=False, default="")
    routes = RouteSerializer(many=True, help_text="one version, or two with weights summing to 100")


class AliasSerializer(serializers.ModelSerializer):
    routes = RouteSerializer(many=True)

    class Meta:
        model = Alias
        fields = ["name", "description", "routes", "created_at", "updated_at"]


class VersionSummarySerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", default=None, allow_null=True)

    class Meta:
        model = WorkflowVersion
        fields = ["number", "description", "created_at", "author"]


class VersionSerializer(VersionSummarySerializer):
    workflow = serializers.CharField(source="workflow.name")
    definition = serializers.JSONField()

    class Meta:
        model = WorkflowVersion
        fields = ["workflow", "number", "description", "created_at", "author", "definition"]


class LatestVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkflowVersion
        fields = ["number", "created_at"]


class WorkflowSummarySerializer(serializers.ModelSerializer):
    archived = serializers.SerializerMethodField()
    latest_version = serializers.SerializerMethodField()

    class Meta:
        model = Workflow
        fields = ["name", "description", "archived", "archived_at", "created_at", "latest_version"]

    def get_archived(self, workflow: Workflow) -> bool:
        return workflow.archived_at is not None

    @extend_schema_field(LatestVersionSerializer(allow_null=True))
    def get_latest_version(self, workflow: Workflow) -> dict[str, Any] | None:
        if hasattr(workflow, "latest_number"):  # annotated by services.list_workflows
            latest = None
            if workflow.latest_number is not None:
                latest = WorkflowVersion(
                    number=workflow.latest_number, created_at=workflow.latest_created_at
                )
        else:
            latest = workflow.latest_version()
        return LatestVersionSerializer(latest).data if latest else None


class ExecutionCountsSerializer(serializers.Serializer):
    RUNNING = serializers.IntegerField()
    SUCCEEDED = serializers.IntegerField()
    FAILED = serializers.IntegerField()
    TIMED_OUT = serializers.IntegerField()
    ABORTED = serializers.IntegerField()


class WorkflowSerializer(WorkflowSummarySerializer):
    aliases = AliasSerializer(many=True)
    executions = serializers.SerializerMethodField(help_text="counts of executions by status")

    class Meta:
        model = Workflow
        fields = [*WorkflowSummarySerializer.Meta.fields, "aliases", "executions"]

    @extend_schema_field(ExecutionCountsSerializer)
    def get_executions(self, workflow: Workflow) -> dict[str, int]:
        return execution_counts(workflow)
