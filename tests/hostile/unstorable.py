"""Values Postgres cannot store: NUL characters and lone surrogates."""

from __future__ import annotations

from .common import (
    RUNTIME,
    Case,
    jsonata,
    parameters,
)

CASES = [
    Case(
        "string_to_json_of_a_nul",
        parameters("States.StringToJson($.text)"),
        {"text": '"\\u0000"'},
        RUNTIME,
    ),
    Case("base64_decode_to_a_nul", parameters("States.Base64Decode('AA==')"), {}, RUNTIME),
    Case("decode_url_component_to_a_nul", jsonata("$decodeUrlComponent('%00')"), {}, RUNTIME),
    Case(
        "string_to_json_of_a_lone_surrogate",
        parameters("States.StringToJson($.text)"),
        {"text": '"\\ud800"'},
        RUNTIME,
    ),
]
