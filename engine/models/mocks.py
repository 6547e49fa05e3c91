"""What a test run answers its Task states with (engine/testruns.py)."""

from __future__ import annotations

from django.db import models

from .execution import Execution


class ExecutionMocks(models.Model):
    """The Step Functions Local mock configuration file a test run was started with, exactly as
    sent, and the StateMachines entry and test case chosen from it. The execution's program
    carries the chosen test case's answers (engine.asl.mockfile.mocks_for); this row is what a
    person reads back."""

    execution = models.OneToOneField(
        Execution, primary_key=True, on_delete=models.CASCADE, related_name="mocks"
    )
    config = models.JSONField()
    machine = models.CharField(max_length=200)
    test_case = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"mocks of {self.execution_id}: {self.machine}#{self.test_case}"
