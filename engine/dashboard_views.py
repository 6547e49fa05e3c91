"""The dashboard page /dashboard/: a time range and a workflow chosen in the URL, the figures
rendered on the server, the charts drawn by the bundle from /api/dashboard/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from baton.api.permissions import READ
from baton.web.roles import requires
from designer.models import Workflow

from .dashboard import automatic_bucket, figures, page


@require_GET
@requires(READ)
def dashboard(request: HttpRequest) -> HttpResponse:
    range_key = page.chosen_range(request.GET.get("range", ""))
    workflow = request.GET.get("workflow", "").strip()[:80]
    now = timezone.now()
    since = now - page.RANGES[range_key][1]
    query = {"since": since, "until": now, "bucket": automatic_bucket(since, now)}
    found = figures({**query, "workflow": workflow}, now)  # 404 for a workflow not there
    context = page.context(found, range_key) | {
        "workflow": workflow,
        "workflow_names": Workflow.objects.order_by("name").values_list("name", flat=True)[:500],
        "ranges": page.range_links(range_key, workflow),
    }
    return render(request, "engine/dashboard.html", context)
