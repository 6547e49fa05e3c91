"""The JSON parser of every view under /api/ (REST_FRAMEWORK's DEFAULT_PARSER_CLASSES).

DRF's own, plus what baton.jsontext refuses: a body nested deeper than MAX_DEPTH (Python's json
raises RecursionError long before the limits of Postgres jsonb; either was a 500) and lone
surrogates, which Postgres cannot store. Both are a 400 parse_error naming the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from baton import jsontext


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            value = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"The request body {jsontext.TOO_DEEP}.") from None
        why = jsontext.problem(value)
        if why:
            raise ParseError(f"The request body {why}.")
        return value
