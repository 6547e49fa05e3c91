"""What /api/human-tasks/ reads and writes: the list's query, tasks (as a list item and in
full), and the bodies of the actions. Serializers check shape only; the rules are the
services'."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from baton.api.paging import limit_field
from engine.api.serializers import JsonValue
from engine.asl.approval_spec import PRIORITIES

from ..decisions import APPROVE, REJECT
from ..markdown import render
from ..models import Approval, AuditEntry, HumanTask, TaskStatus
from ..queries import VIEWS
from .listing import SORTS

NAME_MAX = 150  # usernames and group names (auth's max_length)
TEXT_MAX = 10_000


class HumanTaskQuerySerializer(serializers.Serializer):
    view = serializers.ChoiceField(
        choices=VIEWS,
        required=False,
        help_text="mine, groups (claimable), overdue, done, all (admins: every task). "
        "Absent: everything you may see.",
    )
    status = serializers.ChoiceField(choices=TaskStatus.choices, required=False)
    workflow = serializers.CharField(max_length=80, required=False, help_text="Workflow name.")
    execution = serializers.UUIDField(required=False)
    search = serializers.CharField(max_length=300, required=False, help_text="In the title.")
    priority = serializers.ChoiceField(choices=PRIORITIES, required=False)
    requested_by = serializers.CharField(max_length=NAME_MAX, required=False)
    sort = serializers.ChoiceField(
        choices=tuple(SORTS), default="-created", help_text="due sorts tasks without one last."
    )
    cursor = serializers.CharField(max_length=2000, required=False, help_text="From `next`.")
    limit = limit_field(50)


class HumanTaskSerializer(serializers.ModelSerializer):
    """A task as the inbox lists it."""

    execution = serializers.UUIDField(source="execution_id", read_only=True)
    approvals_count = serializers.IntegerField(read_only=True)  # set by listing.count_approvals
    url = serializers.SerializerMethodField(help_text="The task's page.")

    class Meta:
        model = HumanTask
        fields = [
            "id",
            "status",
            "title",
            "execution",
            "state",
            "workflow",
            "assignees",
            "groups",
            "claimed_by",
            "requested_by",
            "priority",
            "created_at",
            "due_at",
            "deadline_at",
            "required_approvals",
            "approvals_count",
            "url",
        ]
        read_only_fields = fields

    def get_url(self, task: HumanTask) -> str:
        return reverse("inbox-task", args=[task.id])


class HumanTaskPageSerializer(serializers.Serializer):
    results = HumanTaskSerializer(many=True)
    next = serializers.URLField(allow_null=True, help_text="The next page; null on the last.")


class ApprovalSerializer(serializers.ModelSerializer):
    data = serializers.JSONField()

    class Meta:
        model = Approval
        fields = ["user", "comment", "data", "at"]
        read_only_fields = fields


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = ["action", "actor", "at", "text", "address"]
        read_only_fields = fields


class AbilitiesSerializer(serializers.Serializer):
    """What the caller may do to the task now."""

    claim = serializers.BooleanField()
    decide = serializers.BooleanField()
    unclaim = serializers.BooleanField()
    reassign = serializers.BooleanField()


class CallerAbilities(AbilitiesSerializer):
    """The caller's abilities, which the view puts in the context as "can"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return super().to_representation(self.context["can"])


class HumanTaskDetailSerializer(HumanTaskSerializer):
    """A task in full, with what the caller may do to it."""

    description_html = serializers.SerializerMethodField(help_text="The description, rendered.")
    form = serializers.JSONField(help_text="The Form fields: name, type, label, required, …")
    approvals = ApprovalSerializer(many=True, read_only=True)
    audit = AuditEntrySerializer(many=True, read_only=True)
    result = serializers.JSONField(allow_null=True, help_text="What the state continued with.")
    can = CallerAbilities()

    class Meta(HumanTaskSerializer.Meta):
        fields = [
            *HumanTaskSerializer.Meta.fields,
            "description",
            "description_html",
            "form",
            "approvals",
            "audit",
            "result",
            "comment",
            "decided_by",
            "decided_at",
            "can",
        ]
        read_only_fields = fields

    def get_description_html(self, task: HumanTask) -> str:
        return render(task.description)


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=(APPROVE, REJECT))
    comment = serializers.CharField(max_length=TEXT_MAX, allow_blank=True, default="")
    data = JsonValue(required=False, allow_null=True, help_text="The form's values by name.")

    def validate_data(self, value: Any) -> Any:
        if value is not None and not isinstance(value, dict):
            raise serializers.ValidationError("An object of form values by field name.")
        return value


class ReassignSerializer(serializers.Serializer):
    users = serializers.ListField(
        child=serializers.CharField(max_length=NAME_MAX), max_length=100, default=list
    )
    groups = serializers.ListField(
        child=serializers.CharField(max_length=NAME_MAX), max_length=100, default=list
    )


class DelegateSerializer(serializers.Serializer):
    to = serializers.CharField(max_length=NAME_MAX, help_text="The username to hand it to.")


class CommentSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX)
