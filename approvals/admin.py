"""Admin pages for approvals: webhooks and group owners are configured here; human tasks are
read-only, since they change only through their rules (decisions.py, services.py, timers.py)."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from engine.admin import ReadOnlyMixin

from .models import Approval, AuditEntry, GroupOwner, HumanTask, Webhook


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """The secret signs each request (approvals/webhooks.py); a new one is offered at random."""

    list_display = ["workflow", "url", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["workflow", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {**super().get_changeform_initial_data(request), "secret": secrets.token_hex(24)}


@admin.register(GroupOwner)
class GroupOwnerAdmin(admin.ModelAdmin):
    list_display = ["group", "user"]
    list_select_related = ["group", "user"]
    search_fields = ["group__name", "user__username"]
    autocomplete_fields = ["group", "user"]


class ApprovalInline(ReadOnlyMixin, admin.TabularInline):
    model = Approval
    fields = ["user", "at", "comment", "data"]
    readonly_fields = fields
    extra = 0


class AuditEntryInline(ReadOnlyMixin, admin.TabularInline):
    model = AuditEntry
    fields = ["at", "action", "actor", "address", "text"]
    readonly_fields = fields
    extra = 0


@admin.register(HumanTask)
class HumanTaskAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "workflow", "status", "requested_by", "created_at", "due_at"]
    list_filter = ["status", "priority", "workflow"]
    search_fields = ["title", "requested_by", "claimed_by", "decided_by"]
    date_hierarchy = "created_at"
    exclude = ["token"]  # the engine's task token answers the task: not for display
    inlines = [ApprovalInline, AuditEntryInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in HumanTask._meta.fields if f.name != "token"]
