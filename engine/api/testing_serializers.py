"""What test-state and test runs read and write (engine/api/testing.py). Response fields keep
the TestState API's camelCase names (inspectionData, afterInputPath, nextState…)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from designer.api.serializers import DefinitionField

from .serializers import CAUSE_MAX, ERROR_MAX, MAX_INT, JsonValue


class MockSerializer(serializers.Serializer):
    """TestState's mock: the state's result, or the error (and cause) it fails with."""

    result = JsonValue(required=False, allow_null=True, help_text="The state's result.")
    error = serializers.CharField(max_length=ERROR_MAX, required=False)
    cause = serializers.CharField(max_length=CAUSE_MAX, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("result" in attrs) == ("error" in attrs) or ("cause" in attrs and "error" not in attrs):
            raise serializers.ValidationError("A mock holds a result, or an error and its cause.")
        return attrs


class VariablesField(JsonValue):
    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        if not isinstance(value, dict):
            raise serializers.ValidationError("Variables are a JSON object: name → value.")
        return value


class StateTestSerializer(serializers.Serializer):
    definition = DefinitionField()
    state = serializers.CharField(max_length=80, help_text="The state to run, at any depth.")
    input = JsonValue(required=False, allow_null=True, default=dict)
    mock = MockSerializer(required=False, help_text="Required for Task, Map and Parallel.")
    variables = VariablesField(required=False, help_text="Variables in scope ($name).")
    retry_count = serializers.IntegerField(
        min_value=0,
        max_value=MAX_INT,
        default=0,
        help_text="Retries already made (TestState's retrierRetryCount).",
    )


class ErrorDetailsSerializer(serializers.Serializer):
    retryIndex = serializers.IntegerField(required=False)
    retryBackoffIntervalSeconds = serializers.FloatField(required=False)
    catchIndex = serializers.IntegerField(required=False)


class InspectionDataSerializer(serializers.Serializer):
    """Each stage of the state's data flow, under TestState's inspectionData names."""

    input = serializers.JSONField(required=False, allow_null=True)
    afterInputPath = serializers.JSONField(required=False, allow_null=True)
    afterParameters = serializers.JSONField(required=False, allow_null=True)
    afterArguments = serializers.JSONField(required=False, allow_null=True)
    afterItemsPath = serializers.JSONField(required=False, allow_null=True)
    afterItemSelector = serializers.JSONField(required=False, allow_null=True)
    afterItemBatcher = serializers.JSONField(required=False, allow_null=True)
    maxConcurrency = serializers.IntegerField(required=False)
    toleratedFailureCount = serializers.IntegerField(required=False)
    toleratedFailurePercentage = serializers.FloatField(required=False)
    result = serializers.JSONField(required=False, allow_null=True)
    afterResultSelector = serializers.JSONField(required=False, allow_null=True)
    afterResultPath = serializers.JSONField(required=False, allow_null=True)
    variables = serializers.JSONField(required=False)
    errorDetails = ErrorDetailsSerializer(required=False)


class StateTestResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["SUCCEEDED", "FAILED", "CAUGHT_ERROR", "RETRIABLE"])
    output = serializers.JSONField(required=False, allow_null=True)
    nextState = serializers.CharField(required=False)
    error = serializers.CharField(required=False, allow_null=True)
    cause = serializers.CharField(required=False, allow_null=True)
    inspectionData = InspectionDataSerializer()


class TestRunSerializer(serializers.Serializer):
    workflow = serializers.CharField(
        max_length=80, required=False, help_text="An existing workflow; none for a new draft."
    )
    definition = DefinitionField()
    input = JsonValue(required=False, allow_null=True)
    mocks = JsonValue(help_text="A Step Functions Local mock configuration file, unchanged.")
    test_case = serializers.CharField(
        max_length=200, required=False, help_text="Needed when the machine has several."
    )
