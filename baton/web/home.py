"""The landing page after logging in: the workflows for people with a role, the inbox for
approvers who have none (every other page would answer them 403)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from baton.api.permissions import READ, capabilities_of


def home(request: HttpRequest) -> HttpResponse:
    if READ in capabilities_of(request.user):
        return redirect("workflow-list")
    return redirect("inbox")
