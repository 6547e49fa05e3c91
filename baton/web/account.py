"""The user's own API tokens and access keys: list, create (the secret shown once), revoke.

Anyone with a role manages their own, as /api/tokens/ and /api/access-keys/ allow; the secret is
rendered into the response that creates it and never again."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from baton.api.permissions import READ
from baton.aws.keys import issue as issue_access_key
from baton.models import AccessKey, ApiToken

from .roles import requires

TOKENS = [("API tokens", None)]
KEYS = [("Access keys", None)]


@require_http_methods(["GET", "POST"])
@requires(READ)
def tokens(request: HttpRequest) -> HttpResponse:
    issued, error = None, ""
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        if not name or len(name) > 100:
            error = "Give the token a name of 1 to 100 characters (what uses it)."
        else:
            issued = ApiToken.issue(request.user, name)
    rows = ApiToken.objects.filter(user=request.user)
    context = {"rows": rows, "issued": issued, "error": error, "crumbs": TOKENS}
    return render(request, "account/tokens.html", context)


@require_POST
@requires(READ)
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    _revoke(ApiToken.objects.filter(user=request.user, pk=pk))
    messages.success(request, "The token is revoked; requests with it are refused from now on.")
    return redirect("account-tokens")


@require_http_methods(["GET", "POST"])
@requires(READ)
def access_keys(request: HttpRequest) -> HttpResponse:
    issued = issue_access_key(request.user) if request.method == "POST" else None
    rows = AccessKey.objects.filter(user=request.user)
    context = {"rows": rows, "issued": issued, "crumbs": KEYS}
    return render(request, "account/access_keys.html", context)


@require_POST
@requires(READ)
def revoke_access_key(request: HttpRequest, pk: int) -> HttpResponse:
    _revoke(AccessKey.objects.filter(user=request.user, pk=pk))
    messages.success(request, "The access key is revoked; /aws/ refuses it from now on.")
    return redirect("account-access-keys")


def _revoke(rows: object) -> None:
    row = rows.filter(revoked_at=None).first()  # type: ignore[attr-defined]
    if row is None:
        raise Http404("You have no such active token or key.")
    row.revoked_at = timezone.now()
    row.save(update_fields=["revoked_at"])
