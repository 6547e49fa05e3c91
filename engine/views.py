"""The execution pages: the list with filters (engine/list_filters.py) and its bulk actions, one
execution, and starting, stopping and redriving, with the API's roles."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baton.api.permissions import OPERATE, READ
from baton.web.roles import can, requires
from designer import pages
from designer.forms import StartForm
from designer.models import Workflow
from designer.views import crumbs, find

from . import bulk_actions, list_filters, workflows
from . import execution_services as executions
from .conf import engine_setting
from .executions import ExecutionAlreadyExists, InputTooLarge
from .models import Execution, Status
from .runtime import CannotRedrive

EXECUTIONS_CRUMB = ("Executions", "/executions/")


@require_GET
@requires(READ)
def execution_list(request: HttpRequest) -> HttpResponse:
    context = list_filters.page_context(request.GET)
    watched = Workflow.objects.filter(name=context["filters"].workflow).first()
    context |= {
        "statuses": Status.values,
        "workflow_names": Workflow.objects.order_by("name").values_list("name", flat=True)[:500],
        "watched_workflow": watched.id if watched else "",
        "crumbs": [EXECUTIONS_CRUMB],
    }
    return render(request, "engine/execution_list.html", context)


@require_GET
@requires(READ)
def execution_list_live(request: HttpRequest) -> HttpResponse:
    """The list's rows, counts and pager alone: what its script refreshes (same query)."""
    context = list_filters.page_context(request.GET)
    return render(request, "engine/execution_list_results.html", context)


@require_POST
@requires(OPERATE)
def execution_bulk(request: HttpRequest) -> HttpResponse:
    """Stop or redrive the chosen executions once confirmed (a confirmation page first when
    the list's script has not asked already), then back to the list as it was."""
    back = _list_url(request.POST.get("back", ""))
    action = bulk_actions.ACTIONS.get(request.POST.get("action", ""))
    ids = request.POST.getlist("ids")[: bulk_actions.MAX_IDS]
    if action is None or not ids:
        messages.error(request, "Choose one or more executions, then Stop or Redrive.")
        return redirect(back)
    if request.POST.get("confirmed") != "yes":
        context = {
            "action": request.POST["action"],
            "verb": action.verb,
            "ids": ids,
            "back": request.POST.get("back", ""),
            "back_url": back,
            "crumbs": [EXECUTIONS_CRUMB, (f"{action.verb} executions", None)],
        }
        return render(request, "engine/execution_bulk_confirm.html", context)
    outcome = bulk_actions.apply(request.POST["action"], ids)
    messages.success(request, outcome.message)
    return redirect(back)


def _list_url(query: str) -> str:
    """The list with the filters and page of `query` (only those: never another site)."""
    return f"{reverse('execution-list')}?{list_filters.list_query(QueryDict(query))}"


def _execution(execution_id: str) -> Execution:
    try:
        return executions.get_execution(execution_id)
    except executions.ExecutionNotFound:
        raise Http404(f"No execution has the id '{execution_id}'.") from None


@require_GET
@requires(READ)
def execution_detail(request: HttpRequest, execution_id: str) -> HttpResponse:
    """The live execution page; what the server renders is the page before its script runs."""
    execution = _execution(execution_id)
    events, more = executions.history_page(execution, after=0, limit=500)
    definition = pages.as_written(execution.version)
    context = {
        "execution": execution,
        "events": events,
        "more_events": more,
        "definition": definition,
        "state_count": pages.state_count(definition),
        "page_config": _page_config(request, execution),
        "crumbs": [EXECUTIONS_CRUMB, (execution.name, None)],
    }
    return render(request, "engine/execution_detail.html", context)


def _page_config(request: HttpRequest, execution: Execution) -> dict[str, object]:
    """What the live page's script reads (frontend/src/execution/config.ts)."""
    allowed = can(request)["can"]
    region, account = engine_setting("REGION"), engine_setting("ACCOUNT_ID")
    workflow = execution.workflow.name
    saved = not execution.test_run
    return {
        "id": str(execution.id),
        "name": execution.name,
        "workflow": workflow,
        "version": execution.version.number if saved else None,
        "arn": f"arn:aws:states:{region}:{account}:execution:{workflow}:{execution.name}",
        "test_run": execution.test_run,
        "definition": "definition",
        "can": {"operate": allowed["operate"], "design": allowed["design"]},
        "csrf": get_token(request),
        "urls": {
            "stop": reverse("execution-stop", args=[execution.id]),
            "redrive": reverse("execution-redrive", args=[execution.id]),
            "rerun": reverse("execution-rerun", args=[execution.id]),
            "workflow": (
                reverse("workflow-detail", args=[workflow]) + f"?version={execution.version.number}"
                if saved
                else None
            ),
            "designer": reverse("workflow-design", args=[workflow]) if saved else None,
            "list": reverse("execution-list"),
        },
    }


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


@require_POST
@requires(OPERATE)
def execution_rerun(request: HttpRequest, execution_id: str) -> HttpResponse:
    """Run the same version again with the same input: a new execution, shown next."""
    execution = _execution(execution_id)
    if execution.test_run:
        messages.error(request, "A test run cannot be run again here; start it from the designer.")
        return redirect("execution-detail", execution.id)
    try:
        again, _ = executions.start(
            execution.workflow.name,
            version=execution.version.number,
            input_value=execution.input,
            started_by=request.user.get_username(),
        )
    except workflows.WorkflowArchived:
        name = execution.workflow.name
        messages.error(request, f"'{name}' is archived: it starts no new executions.")
        return redirect("execution-detail", execution.id)
    messages.success(request, f"Started again with the same input, as {again.name}.")
    return redirect("execution-detail", again.id)


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
