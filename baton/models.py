"""Personal API tokens (shown once, stored as a SHA-256 digest) and the AWS-style access keys
and tags of the Step Functions API at /aws/ (baton.aws)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from engine.models.connection import SecretField

from . import auth_cache

PREFIX = "bt_"
USE_RECORD_INTERVAL = timedelta(seconds=60)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)  # the first characters, to tell tokens apart
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} / {self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user: object, name: str) -> tuple[ApiToken, str]:
        """A new token for `user`: (the row, the token text — shown once, never stored)."""
        text = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=digest(text), hint=text[:10])
        return token, text

    @classmethod
    def authenticate(cls, text: str) -> ApiToken | None:
        """The active token of an active user with this text, or None; remembered per process
        for BATON_AUTH_CACHE_SECONDS (baton/auth_cache.py)."""
        token = auth_cache.tokens.get(digest(text), lambda: cls._active(digest(text)))
        if token is not None:
            token._record_use()
        return token

    @classmethod
    def _active(cls, key: str) -> ApiToken | None:
        token = cls.objects.select_related("user").filter(digest=key, revoked_at=None).first()
        return token if token is not None and token.user.is_active else None

    def _record_use(self) -> None:
        # At most one write a minute per token and process: not a commit on every request.
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > USE_RECORD_INTERVAL:
            self.last_used_at = now
            ApiToken.objects.filter(id=self.id).update(last_used_at=now)


class AccessKey(models.Model):
    """An AWS-style access key (id + secret) for the Step Functions API at /aws/.

    The server must recompute SigV4 signatures, so the secret is kept, encrypted at rest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_keys"
    )
    access_key_id = models.CharField(max_length=32, unique=True)
    secret = SecretField()
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} / {self.access_key_id}"


class AwsTags(models.Model):
    """Tags set through the Step Functions API's TagResource, by resource ARN."""

    arn = models.CharField(max_length=512, unique=True)
    tags = models.JSONField(default=dict)

    def __str__(self) -> str:
        return self.arn


class UnpublishedRevision(models.Model):
    """A version saved through the Step Functions API without `publish`.

    Baton numbers every definition it saves; Step Functions keeps such a definition as the state
    machine's current revision, not as a version. Until PublishStateMachineVersion publishes
    it, the version is left out of ListStateMachineVersions and cannot be routed to by an alias.
    """

    version = models.OneToOneField(
        "designer.WorkflowVersion", on_delete=models.CASCADE, related_name="unpublished"
    )

    def __str__(self) -> str:
        return f"{self.version} (unpublished)"
