"""Publishing versions: validated, numbered per workflow, immutable."""

from __future__ import annotations

import pytest

from designer.models import ImmutableVersionError, Workflow
from designer.services import DefinitionInvalid, publish_version

pytestmark = pytest.mark.django_db

ONE = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}


def test_versions_are_numbered_one_two_three_per_workflow() -> None:
    numbers = [publish_version("orders", ONE).number for _ in range(3)]
    other = publish_version("refunds", ONE).number

    assert numbers == [1, 2, 3]
    assert other == 1


def test_a_saved_version_cannot_change() -> None:
    version = publish_version("orders", ONE)
    version.definition = {"StartAt": "B", "States": {}}

    with pytest.raises(ImmutableVersionError):
        version.save()


def test_an_invalid_definition_is_refused_with_its_problems_and_nothing_is_saved() -> None:
    broken = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Gone"}}}

    with pytest.raises(DefinitionInvalid) as refused:
        publish_version("orders", broken)

    assert [(d.code, d.location) for d in refused.value.diagnostics] == [
        ("next_missing_state", "/States/A/Next")
    ]
    assert not Workflow.objects.exists()


def test_the_definition_text_is_kept_exactly_as_submitted() -> None:
    text = '{"StartAt":"A",\n  "States":{"A":{"Type":"Pass","End":true}}}'

    version = publish_version("orders", text)

    assert version.source == text
    assert version.definition == ONE


def test_reuse_unchanged_returns_the_latest_version_for_the_same_definition() -> None:
    first = publish_version("orders", ONE)

    again = publish_version("orders", ONE, reuse_unchanged=True)

    assert again.pk == first.pk
