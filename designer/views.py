"""The workflow pages a person reads: the list, one workflow with its graph, a diff, export.

Pages that change something are in designer/edit_views.py; both check the API's roles."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from baton.api.permissions import READ
from baton.web.roles import requires
from engine.dashboard.summary import workflow_summary
from engine.models import Status

from . import diffs, pages
from .models import Workflow, WorkflowVersion

LIST_CRUMB = ("Workflows", "/workflows/")


@require_GET
@requires(READ)
def workflow_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    show = request.GET.get("show", "active")
    show = show if show in pages.SHOW else "active"
    status = request.GET.get("status", "")
    rows = pages.workflow_rows(query, show, status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for row in page:
        row.recent = pages.recent_counts(row)
    context = {
        "page": page,
        "query": query,
        "show": show,
        "status": status,
        "statuses": Status.values,
        "filtered": bool(query or status or show != "active"),
    }
    return render(request, "designer/workflow_list.html", context)


def find(name: str) -> Workflow:
    return get_object_or_404(Workflow, name=name)


def find_version(workflow: Workflow, number: object) -> WorkflowVersion:
    try:
        wanted = int(str(number))
    except ValueError:
        raise Http404(f"'{workflow.name}' has no version '{number}'.") from None
    return get_object_or_404(WorkflowVersion, workflow=workflow, number=wanted)


def crumbs(workflow: Workflow, *rest: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    here = reverse("workflow-detail", args=[workflow.name])
    return [LIST_CRUMB, (workflow.name, here if rest else None), *rest]


@require_GET
@requires(READ)
def workflow_detail(request: HttpRequest, name: str) -> HttpResponse:
    workflow = find(name)
    versions = list(workflow.versions.select_related("author").order_by("-number"))
    if not versions:
        raise Http404(f"'{name}' has no versions.")
    chosen = (
        find_version(workflow, request.GET["version"]) if "version" in request.GET else versions[0]
    )
    definition = pages.as_written(chosen)
    context = {
        "workflow": workflow,
        "versions": versions,
        "chosen": chosen,
        "definition": definition,
        "state_count": pages.state_count(definition),
        "aliases": workflow.aliases.all(),
        "executions": pages.recent_executions(workflow),
        "archived": workflow.archived_at is not None,
        "crumbs": crumbs(workflow),
        "stats": workflow_summary(workflow, timezone.now()),  # success rate, p95, sparklines
    }
    return render(request, "designer/workflow_detail.html", context)


@require_GET
@requires(READ)
def workflow_diff(request: HttpRequest, name: str) -> HttpResponse:
    workflow = find(name)
    latest = workflow.latest_version()
    if latest is None:
        raise Http404(f"'{name}' has no versions.")
    new = find_version(workflow, request.GET.get("b", latest.number))
    old = find_version(workflow, request.GET.get("a", max(new.number - 1, 1)))
    before, after = pages.as_written(old), pages.as_written(new)
    context = {
        "workflow": workflow,
        "old": old,
        "new": new,
        "before": before,
        "after": after,
        "rows": diffs.side_by_side(before, after),
        "changes": diffs.state_changes(before, after),
        "same": before == after,
        "old_count": pages.state_count(before),
        "new_count": pages.state_count(after),
        "numbers": list(workflow.versions.order_by("-number").values_list("number", flat=True)),
        "crumbs": crumbs(workflow, (f"Compare v{old.number} and v{new.number}", None)),
    }
    return render(request, "designer/workflow_diff.html", context)


@require_GET
@requires(READ)
def workflow_export(request: HttpRequest, name: str, number: int) -> HttpResponse:
    """The definition exactly as it was submitted, byte for byte, as a download."""
    version = find_version(find(name), number)
    response = HttpResponse(version.source, content_type="application/json; charset=utf-8")
    filename = f"{version.workflow.name}-v{version.number}.asl.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
