"""AWS Signature Version 4, checked on the server: the key, the date window, the signature.

The server recomputes the signature from the request and the key's stored secret; any
difference (method, path, query, signed headers, body) makes it mismatch.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, quote

from django.http import HttpRequest

from engine.conf import engine_setting

from . import keys
from .actions import AwsError

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "states"
WINDOW = timedelta(minutes=15)
_AUTH = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=(?P<credential>[^,\s]+),\s*"
    r"SignedHeaders=(?P<signed>[^,\s]+),\s*Signature=(?P<signature>[0-9a-f]{64})\s*$"
)


def _missing(message: str) -> AwsError:
    return AwsError("MissingAuthenticationTokenException", message, 403)


def _bad(message: str) -> AwsError:
    return AwsError("InvalidSignatureException", message, 403)


def authenticate(request: HttpRequest, now: datetime | None = None) -> Any:
    """The user the request's valid SigV4 signature belongs to; AwsError otherwise."""
    header = request.headers.get("Authorization", "")
    if not header:
        raise _missing("Missing Authentication Token")
    match = _AUTH.match(header)
    if match is None:
        raise AwsError("IncompleteSignatureException", "Authorization header is malformed.", 400)
    scope = match["credential"].split("/")
    if len(scope) != 5 or scope[4] != "aws4_request":
        raise AwsError("IncompleteSignatureException", "Credential scope is malformed.", 400)
    key_id, day, region, service, _ = scope
    found = keys.find(key_id)
    if found is None:
        raise AwsError(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
            400,
        )
    stamp = request.headers.get("X-Amz-Date", "")
    try:
        signed_at = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise AwsError(
            "IncompleteSignatureException", "X-Amz-Date is missing or malformed.", 400
        ) from None
    now = now or datetime.now(UTC)
    if abs(now - signed_at) > WINDOW:
        raise _bad(
            f"Signature expired: {stamp} is now earlier or later than "
            f"{(now - WINDOW):%Y%m%dT%H%M%SZ} - {(now + WINDOW):%Y%m%dT%H%M%SZ}."
        )
    if day != stamp[:8] or service != SERVICE:
        raise _bad("Credential should be scoped to a valid date and the 'states' service.")
    if region != engine_setting("REGION"):
        raise _bad(f"Credential should be scoped to a valid region, not '{region}'.")
    signed = match["signed"].split(";")
    if "host" not in signed:
        raise _bad("'Host' must be a signed header.")
    key, secret = found
    expected = signature(secret, request, signed, stamp, f"{day}/{region}/{service}/aws4_request")
    if not hmac.compare_digest(expected, match["signature"]):
        raise _bad(
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method."
        )
    return key.user


def canonical_request(request: HttpRequest, signed: list[str]) -> str:
    path = quote(request.path, safe="/~")  # already decoded by Django; encode once again
    query = "&".join(
        f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}"
        for k, v in sorted(parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True))
    )
    headers = "".join(f"{name}:{_header(request, name)}\n" for name in signed)
    payload = hashlib.sha256(request.body).hexdigest()
    return "\n".join([request.method or "", path, query, headers, ";".join(signed), payload])


def _header(request: HttpRequest, name: str) -> str:
    if name == "host":
        value = request.META.get("HTTP_HOST", "")
    elif name == "content-type":
        value = request.META.get("CONTENT_TYPE", "")
    elif name == "content-length":
        value = request.META.get("CONTENT_LENGTH", "")
    else:
        value = request.headers.get(name, "")
    return " ".join(value.strip().split())


def signature(secret: str, request: HttpRequest, signed: list[str], stamp: str, scope: str) -> str:
    to_sign = "\n".join(
        [
            ALGORITHM,
            stamp,
            scope,
            hashlib.sha256(canonical_request(request, signed).encode()).hexdigest(),
        ]
    )
    day, region, service, terminal = scope.split("/")
    key = ("AWS4" + secret).encode()
    for part in (day, region, service, terminal):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
