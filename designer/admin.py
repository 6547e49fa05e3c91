"""Admin pages for workflows and their versions.

Versions are immutable and come only from designer.services.publish_version, so the admin
shows them and never adds, changes or deletes one.
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.http import HttpRequest
from django.utils.safestring import SafeString

from engine.admin import ReadOnlyMixin, pretty_json

from .models import Workflow, WorkflowVersion


class WorkflowVersionInline(ReadOnlyMixin, admin.TabularInline):
    model = WorkflowVersion
    fields = ["number", "created_at", "author", "description"]
    readonly_fields = fields
    show_change_link = True
    extra = 0


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "created_at", "archived_at"]
    search_fields = ["name", "description"]
    list_filter = ["archived_at"]
    fields = ["name", "description", "created_at", "archived_at"]
    # The name is how definitions and ARNs refer to a workflow: it never changes.
    readonly_fields = ["name", "created_at"]
    inlines = [WorkflowVersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a workflow comes into being with its first published version


@admin.register(WorkflowVersion)
class WorkflowVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["workflow", "number", "created_at", "author", "description"]
    list_filter = ["workflow"]
    list_select_related = ["workflow", "author"]
    fields = ["workflow", "number", "created_at", "author", "description", "definition_json"]
    readonly_fields = fields

    @admin.display(description="definition")
    def definition_json(self, version: WorkflowVersion) -> SafeString:
        # The submitted text keeps the author's key order (jsonb sorts keys).
        return pretty_json(json.loads(version.source))
