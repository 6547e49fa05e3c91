"""Read-only admin pages for executions and the engine's work.

Executions change only through the engine (DESIGN.md §3.1), so nothing here can edit, add or
delete them: an operator looks, the engine acts. Schedules are the exception: operators own them.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .models import Connection, Execution, HistoryEvent, Schedule, TaskRun, Timer


def pretty_json(value: Any) -> SafeString:
    """`value` as indented JSON in a <pre> block (escaped)."""
    return format_html(
        '<pre class="baton-json">{}</pre>', json.dumps(value, indent=2, ensure_ascii=False)
    )


class ReadOnlyMixin:
    """No add, change or delete; the view permission still shows every page."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class HistoryEventInline(ReadOnlyMixin, admin.TabularInline):
    model = HistoryEvent
    fields = ["event_id", "type", "previous_event_id", "timestamp", "details"]
    readonly_fields = fields
    ordering = ["event_id"]
    extra = 0


@admin.register(Execution)
class ExecutionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["workflow", "name", "status", "started_at", "stopped_at"]
    list_filter = ["status", "test_run", "workflow"]
    list_select_related = ["workflow"]
    search_fields = ["name"]
    date_hierarchy = "started_at"
    fields = [
        "workflow",
        "version",
        "name",
        "status",
        "started_at",
        "stopped_at",
        "redrive_count",
        "test_run",
        "input_json",
        "output_json",
        "error",
        "cause",
    ]
    readonly_fields = fields
    inlines = [HistoryEventInline]

    @admin.display(description="input")
    def input_json(self, execution: Execution) -> SafeString:
        return pretty_json(execution.input)

    @admin.display(description="output")
    def output_json(self, execution: Execution) -> SafeString:
        return pretty_json(execution.output)


@admin.register(HistoryEvent)
class HistoryEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["execution", "event_id", "type", "previous_event_id", "timestamp"]
    list_filter = ["type"]
    list_select_related = ["execution__workflow"]
    search_fields = ["execution__name", "type"]


@admin.register(Timer)
class TimerAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["execution", "key", "fire_at"]
    list_select_related = ["execution__workflow"]
    ordering = ["fire_at"]


@admin.register(TaskRun)
class TaskRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "execution",
        "state",
        "resource",
        "attempt",
        "created_at",
        "lease_expires_at",
        "claimed_by",
    ]
    list_select_related = ["execution__workflow"]
    search_fields = ["execution__name", "state", "resource"]


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "workflow",
        "cron",
        "time_zone",
        "enabled",
        "last_run_at",
        "next_run_at",
        "last_execution",
    ]
    list_filter = ["enabled", "workflow"]
    list_select_related = ["workflow", "last_execution"]
    search_fields = ["name", "workflow__name"]
    fields = [
        "name",
        "workflow",
        "version",
        "cron",
        "time_zone",
        "input",
        "enabled",
        "last_run_at",
        "next_run_at",
        "last_execution",
        "last_error",
    ]
    readonly_fields = ["last_run_at", "next_run_at", "last_execution", "last_error"]
    actions = ["enable", "disable"]

    def save_model(
        self, request: HttpRequest, obj: Schedule, form: ModelForm, change: bool
    ) -> None:
        if {"cron", "time_zone", "enabled"} & set(form.changed_data):
            obj.reschedule(timezone.now())
        super().save_model(request, obj, form, change)

    @admin.action(description="Enable selected schedules")
    def enable(self, request: HttpRequest, queryset: Any) -> None:
        for schedule in queryset.filter(enabled=False):
            schedule.set_enabled(True, timezone.now())

    @admin.action(description="Disable selected schedules")
    def disable(self, request: HttpRequest, queryset: Any) -> None:
        for schedule in queryset.filter(enabled=True):
            schedule.set_enabled(False, timezone.now())


SECRET_FIELDS = ["api_key_value", "password", "client_secret"]
REQUIRED_BY_TYPE = {
    "API_KEY": ["api_key_name", "api_key_value"],
    "BASIC": ["username", "password"],
    "OAUTH_CLIENT_CREDENTIALS": ["token_url", "client_id", "client_secret"],
}


class ConnectionForm(ModelForm):
    """Secrets are write-only: the inputs start empty, and an empty input keeps the stored value."""

    token_url = forms.URLField(max_length=2048, required=False, assume_scheme="https")
    new_api_key_value = forms.CharField(
        label="API key value", required=False, widget=forms.PasswordInput(render_value=False)
    )
    new_password = forms.CharField(
        label="Password", required=False, widget=forms.PasswordInput(render_value=False)
    )
    new_client_secret = forms.CharField(
        label="Client secret", required=False, widget=forms.PasswordInput(render_value=False)
    )

    class Meta:
        model = Connection
        exclude = list(SECRET_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in REQUIRED_BY_TYPE.get(data.get("authorization_type", ""), []):
            if name in SECRET_FIELDS:
                present = bool(data.get(f"new_{name}")) or bool(getattr(self.instance, name))
                if not present:
                    self.add_error(f"new_{name}", "Required for this authorization type.")
            elif not data.get(name):
                self.add_error(name, "Required for this authorization type.")
        return data

    def save(self, commit: bool = True) -> Connection:
        for name in SECRET_FIELDS:
            if self.cleaned_data.get(f"new_{name}"):
                setattr(self.instance, name, self.cleaned_data[f"new_{name}"])
        return super().save(commit)


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    form = ConnectionForm
    list_display = ["name", "authorization_type", "updated_at"]
    list_filter = ["authorization_type"]
    search_fields = ["name", "description"]
    fieldsets = [
        (None, {"fields": ["name", "description", "authorization_type"]}),
        ("API key", {"fields": ["api_key_name", "new_api_key_value"]}),
        ("Basic", {"fields": ["username", "new_password"]}),
        (
            "OAuth client credentials",
            {
                "fields": [
                    "token_url",
                    "client_id",
                    "new_client_secret",
                    "scope",
                    "oauth_body_parameters",
                    "oauth_header_parameters",
                ]
            },
        ),
        (
            "Invocation HTTP parameters",
            {
                "fields": [
                    "invocation_headers",
                    "invocation_query_parameters",
                    "invocation_body_parameters",
                ]
            },
        ),
    ]
