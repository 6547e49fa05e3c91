"""GET /api/functions/: the Python functions Task states can call, for the designer's picker.

The list is this web process's registry (engine/functions.py), filled from
BATON_FUNCTION_MODULES at start-up as the engine's is, so both see the same names."""

from __future__ import annotations

import inspect

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from baton.api.permissions import READ

from .. import functions
from ..conf import engine_setting


class FunctionSerializer(serializers.Serializer):
    name = serializers.CharField()
    resource = serializers.CharField(help_text="The Task Resource that calls it.")
    queued = serializers.BooleanField(help_text="Runs on the job queue (long-running).")
    description = serializers.CharField(help_text="The first line of its docstring.")


def describe(entry: functions.RegisteredFunction) -> dict[str, object]:
    region, account = engine_setting("REGION"), engine_setting("ACCOUNT_ID")
    doc = inspect.getdoc(entry.handler) or ""
    return {
        "name": entry.name,
        "resource": f"arn:aws:lambda:{region}:{account}:function:{entry.name}",
        "queued": entry.queue,
        "description": doc.splitlines()[0] if doc else "",
    }


class FunctionsView(APIView):
    capabilities = {"GET": READ}

    @extend_schema(operation_id="functions_list", responses={200: FunctionSerializer(many=True)})
    def get(self, request: Request) -> Response:
        found = [functions.lookup(name) for name in functions.registered_names()]
        rows = [describe(entry) for entry in found if entry is not None]
        return Response(FunctionSerializer(rows, many=True).data)
