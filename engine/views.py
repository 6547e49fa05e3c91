"""The execution pages: the list with filters, one execution (a plain page until the live view
lands), and starting, stopping and redriving, with the API's roles."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baton.api.permissions import OPERATE, READ
from baton.web.roles import requires
from designer import pages
from designer.forms import StartForm
from designer.views import crumbs, find

from . import execution_services as executions
from . import workflows
from .executions import ExecutionAlreadyExists, InputTooLarge
from .models import Execution, Status
from .runtime import CannotRedrive

EXECUTIONS_CRUMB = ("Executions", "/executions/")
FILTERS = ("workflow", "status", "name", "since")


@require_GET
@requires(READ)
def execution_list(request: HttpRequest) -> HttpResponse:
    chosen = {key: request.GET.get(key, "").strip()[:80] for key in FILTERS}
    status = chosen["status"] if chosen["status"] in Status.values else None
    found = executions.list_executions(
        workflow=chosen["workflow"] or None,
        status=status,
        name=chosen["name"] or None,
        started_after=_since(chosen["since"]),
    )
    page = Paginator(found.order_by("-started_at", "-id"), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "chosen": chosen,
        "statuses": Status.values,
        "filtered": any(chosen.values()),
        "crumbs": [EXECUTIONS_CRUMB],
    }
    return render(request, "engine/execution_list.html", context)


SINCE = {"1h": 1, "24h": 24, "7d": 24 * 7, "30d": 24 * 30}


def _since(choice: str) -> datetime | None:
    hours = SINCE.get(choice)
    return timezone.now() - timezone.timedelta(hours=hours) if hours else None


def _execution(execution_id: str) -> Execution:
    try:
        return executions.get_execution(execution_id)
    except executions.ExecutionNotFound:
        raise Http404(f"No execution has the id '{execution_id}'.") from None


@require_GET
@requires(READ)
def execution_detail(request: HttpRequest, execution_id: str) -> HttpResponse:
    execution = _execution(execution_id)
    events, more = executions.history_page(execution, after=0, limit=500)
    definition = pages.as_written(execution.version)
    context = {
        "execution": execution,
        "events": events,
        "more_events": more,
        "definition": definition,
        "state_count": pages.state_count(definition),
        "crumbs": [EXECUTIONS_CRUMB, (execution.name, None)],
    }
    return render(request, "engine/execution_detail.html", context)


@require_POST
@requires(OPERATE)
def execution_stop(request: HttpRequest, execution_id: str) -> HttpResponse:
    execution = _execution(execution_id)
    try:
        executions.stop(
            execution,
            error=request.POST.get("error") or None,
            cause=request.POST.get("cause") or None,
        )
        messages.success(request, "The execution is stopped (ABORTED).")
    except executions.NotRunning:
        messages.error(request, f"The execution has already ended ({execution.status}).")
    return redirect("execution-detail", execution.id)


@require_POST
@requires(OPERATE)
def execution_redrive(request: HttpRequest, execution_id: str) -> HttpResponse:
    execution = _execution(execution_id)
    try:
        executions.redrive(execution)
        messages.success(request, "Redriven: the execution goes on from the state that failed.")
    except CannotRedrive as refused:
        messages.error(request, str(refused))
    return redirect("execution-detail", execution.id)


@require_http_methods(["GET", "POST"])
@requires(OPERATE)
def execution_start(request: HttpRequest, name: str) -> HttpResponse:
    workflow = find(name)
    form = StartForm(
        request.POST or None, targets=pages.start_targets(workflow), initial={"input": "{}"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            execution, _ = executions.start(
                workflow.name,
                name=form.cleaned_data["name"] or None,
                input_value=form.cleaned_data["input"],
                **form.version_or_alias(),
            )
        except workflows.WorkflowArchived:
            form.add_error(None, f"'{name}' is archived: it starts no new executions.")
        except (workflows.VersionNotFound, workflows.AliasNotFound) as missing:
            form.add_error("target", str(missing))
        except ExecutionAlreadyExists:
            form.add_error(
                "name",
                "An execution of this workflow already has this name, with "
                "another input. Choose another name or leave it empty.",
            )
        except InputTooLarge as refused:
            form.add_error("input", str(refused))
        else:
            return redirect("execution-detail", execution.id)
    context = {
        "workflow": workflow,
        "form": form,
        "crumbs": crumbs(workflow, ("Start execution", None)),
    }
    return render(request, "engine/execution_start.html", context)
