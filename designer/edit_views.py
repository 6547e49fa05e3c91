"""Workflow pages that change something: new / import, the JSON editor, aliases, archive.

Each needs the designer role, as the API does, and turns the services' refusals into form errors
or a flash message on the page the user came from. A form with errors comes back with 200, as
Django's own views answer, not a 4xx that the browser would log as a failed load."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from baton.api.permissions import DESIGN, READ, capabilities_of
from baton.web.roles import requires

from . import pages, services
from .forms import STARTER, AliasForm, DefinitionForm, WorkflowForm
from .models import Workflow
from .views import LIST_CRUMB, crumbs, find

MODES = {
    "new": ("New workflow", "Start from a small example and change it into yours."),
    "import": ("Import ASL", "Paste an Amazon States Language definition or choose its file."),
}


@require_http_methods(["GET", "POST"])
@requires(DESIGN)
def workflow_create(request: HttpRequest, mode: str) -> HttpResponse:
    """New: the designer on a starter definition (its first save creates the workflow); the
    form below is what the page shows before its script runs, and what a POST comes from."""
    title, lead = MODES[mode]
    if mode == "new" and request.method == "GET":
        return _designer_page(request, None, json.dumps(STARTER, indent=2), title)
    initial = {"definition": json.dumps(STARTER, indent=2)} if mode == "new" else {}
    form = WorkflowForm(request.POST or None, request.FILES or None, initial=initial)
    problems = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_workflow(
                data["name"],
                data["definition"],
                description=data["description"],
                author=request.user,
            )
        except services.WorkflowExists:
            form.add_error("name", f"A workflow named '{data['name']}' exists already.")
        except services.DefinitionInvalid as invalid:
            problems = invalid.diagnostics
        else:
            messages.success(request, f"Workflow '{data['name']}' created as version 1.")
            return redirect("workflow-detail", data["name"])
    context = {
        "form": form,
        "problems": problems,
        "title": title,
        "lead": lead,
        "mode": mode,
        "crumbs": [LIST_CRUMB, (title, None)],
    }
    return render(request, "designer/workflow_form.html", context)


@require_http_methods(["GET", "POST"])
@requires(READ)
def workflow_design(request: HttpRequest, name: str) -> HttpResponse:
    """The designer on the latest version (read-only for a role that cannot design). A POST
    comes from the plain JSON form the page shows before its script runs: it publishes the
    next version as the designer's Save does."""
    workflow = find(name)
    latest = workflow.latest_version()
    if request.method == "GET":
        return _designer_page(request, workflow, latest.source if latest else "", "Design")
    if DESIGN not in capabilities_of(request.user):
        raise PermissionDenied("Your role does not allow this (design).")
    initial = {"definition": json.dumps(pages.as_written(latest), indent=2)} if latest else {}
    form = DefinitionForm(request.POST or None, initial=initial)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish_next(
                workflow,
                form.cleaned_data["definition"],
                author=request.user,
                description=form.cleaned_data["comment"],
            )
        except services.DefinitionInvalid as invalid:
            problems = invalid.diagnostics
        except services.WorkflowArchived:
            messages.error(request, f"'{name}' is archived; restore it to publish a version.")
            return redirect("workflow-detail", name)
        else:
            messages.success(request, f"Published version {version.number}.")
            return redirect(reverse("workflow-detail", args=[name]) + f"?version={version.number}")
    context = {
        "workflow": workflow,
        "latest": latest,
        "form": form,
        "problems": problems,
        "crumbs": crumbs(workflow, ("Edit", None)),
    }
    return render(request, "designer/workflow_design.html", context)


def _designer_page(
    request: HttpRequest, workflow: Workflow | None, source: str, title: str
) -> HttpResponse:
    can_design = DESIGN in capabilities_of(request.user)
    context = {
        "workflow": workflow,
        "title": title,
        "config": pages.designer_config(workflow, source, can_design=can_design),
        "form": DefinitionForm(initial={"definition": source})
        if workflow
        else WorkflowForm(initial={"definition": source}),
        "crumbs": crumbs(workflow, (title, None)) if workflow else [LIST_CRUMB, (title, None)],
    }
    return render(request, "designer/designer.html", context)


@require_POST
@requires(DESIGN)
def workflow_archive(request: HttpRequest, name: str) -> HttpResponse:
    workflow = find(name)
    archive = request.POST.get("archived", "true") != "false"
    services.update_workflow(workflow, archived=archive)
    if archive:
        messages.success(
            request,
            f"'{name}' is archived: it starts no new executions. "
            "Its versions and executions are kept.",
        )
    else:
        messages.success(request, f"'{name}' is restored.")
    return redirect("workflow-detail", name)


@require_POST
@requires(DESIGN)
def alias_put(request: HttpRequest, name: str) -> HttpResponse:
    workflow = find(name)
    form = AliasForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"Alias {field.replace('_', ' ')}: {errors[0]}")
        return redirect(_aliases(name))
    try:
        alias, created = services.put_alias(
            workflow,
            form.cleaned_data["name"],
            form.routes(),
            description=form.cleaned_data["description"],
        )
    except (services.AliasInvalid, ValidationError) as refused:
        messages.error(request, str(refused))
    else:
        routes = ", ".join(f"v{r['version']} {r['weight']}%" for r in alias.routes)
        verb = "created" if created else "moved"
        messages.success(request, f"Alias '{alias.name}' {verb}: {routes}.")
    return redirect(_aliases(name))


@require_POST
@requires(DESIGN)
def alias_delete(request: HttpRequest, name: str, alias: str) -> HttpResponse:
    deleted, _ = find(name).aliases.filter(name=alias).delete()
    if deleted:
        messages.success(request, f"Alias '{alias}' deleted.")
    else:
        messages.error(request, f"'{name}' has no alias '{alias}'.")
    return redirect(_aliases(name))


def _aliases(name: str) -> str:
    return reverse("workflow-detail", args=[name]) + "#aliases"
