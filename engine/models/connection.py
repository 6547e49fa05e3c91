"""Connections: the credentials an HTTP Task (`arn:aws:states:::http:invoke`) calls an API with.

Modelled on EventBridge connections: an authorization type with its credentials, plus default
invocation parameters (headers, query string, body). A definition names a connection by ARN
(`arn:aws:events:REGION:ACCOUNT:connection/NAME/ID`); Baton resolves it by NAME. Secrets are
encrypted at rest (Fernet keyed from SECRET_KEY) and wrapped in Secret, which never prints.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models
from django.db.models.query_utils import DeferredAttribute


class Secret:
    """A stored secret: decrypted only by reveal(); str()/repr() never show it."""

    def __init__(self, ciphertext: str) -> None:
        self._ciphertext = ciphertext

    @classmethod
    def seal(cls, plaintext: str) -> Secret:
        return cls(_fernet().encrypt(plaintext.encode()).decode() if plaintext else "")

    @property
    def ciphertext(self) -> str:
        return self._ciphertext

    def reveal(self) -> str:
        if not self._ciphertext:
            return ""
        try:
            return _fernet().decrypt(self._ciphertext.encode()).decode()
        except InvalidToken as exc:
            raise ValueError("cannot decrypt a connection secret: was SECRET_KEY changed?") from exc

    def __bool__(self) -> bool:
        return bool(self._ciphertext)

    def __repr__(self) -> str:
        return "Secret(****)" if self else "Secret(empty)"

    __str__ = __repr__


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"baton.connection:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class SecretAttribute(DeferredAttribute):
    """Seals plain strings as they are assigned, so an instance never holds a bare secret."""

    def __set__(self, instance: Any, value: Any) -> None:
        if not isinstance(value, Secret):
            value = Secret.seal(value or "")
        instance.__dict__[self.field.attname] = value


class SecretField(models.TextField):
    """A TextField holding Fernet ciphertext; Python code sees a Secret, assigns str or Secret."""

    descriptor_class = SecretAttribute

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Secret:
        return Secret(value or "")

    def to_python(self, value: Any) -> Secret:
        if isinstance(value, Secret):
            return value
        return Secret.seal(value or "")

    def get_prep_value(self, value: Any) -> str:
        if isinstance(value, Secret):
            return value.ciphertext
        return Secret.seal(value or "").ciphertext

    def value_to_string(self, obj: Any) -> str:
        return ""  # dumpdata and serializers never carry secrets


class AuthorizationType(models.TextChoices):
    API_KEY = "API_KEY"
    BASIC = "BASIC"
    OAUTH_CLIENT_CREDENTIALS = "OAUTH_CLIENT_CREDENTIALS"


class Connection(models.Model):
    """An API's authorization and default invocation parameters, referenced by name."""

    name = models.CharField(max_length=64, unique=True)
    description = models.CharField(max_length=512, blank=True)
    authorization_type = models.CharField(max_length=32, choices=AuthorizationType.choices)
    # API_KEY: a header sent with every request.
    api_key_name = models.CharField(max_length=256, blank=True)
    api_key_value = SecretField(blank=True, default="")
    # BASIC
    username = models.CharField(max_length=512, blank=True)
    password = SecretField(blank=True, default="")
    # OAUTH_CLIENT_CREDENTIALS: client credentials grant against token_url.
    token_url = models.URLField(max_length=2048, blank=True)
    client_id = models.CharField(max_length=512, blank=True)
    client_secret = SecretField(blank=True, default="")
    scope = models.CharField(max_length=1024, blank=True)
    oauth_body_parameters = models.JSONField(default=dict, blank=True)
    oauth_header_parameters = models.JSONField(default=dict, blank=True)
    # Invocation HTTP parameters merged into every request (the connection wins on conflict).
    invocation_headers = models.JSONField(default=dict, blank=True)
    invocation_query_parameters = models.JSONField(default=dict, blank=True)
    invocation_body_parameters = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Connection {self.name} {self.authorization_type}>"

    def secret_values(self) -> list[str]:
        """The plaintext secrets, for scrubbing them out of anything Baton records."""
        secrets = (self.api_key_value, self.password, self.client_secret)
        return [value for value in (s.reveal() for s in secrets if s) if value]
