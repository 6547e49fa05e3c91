"""Which Baton versions Step Functions would call published versions.

Baton saves every definition as a numbered, immutable version. Step Functions keeps a state
machine's current definition as a revision and makes versions only when asked (`publish`, or
PublishStateMachineVersion). A version saved through /aws/ without `publish` is therefore marked
unpublished (baton.models.UnpublishedRevision) until it is published; versions made in Baton's
own designer or REST API are published from the start. Numbers keep Baton's sequence, so
published versions can skip the numbers of revisions that never were.
"""

from __future__ import annotations

from django.db.models import QuerySet

from baton.models import UnpublishedRevision
from designer.models import Workflow, WorkflowVersion


def mark_unpublished(version: WorkflowVersion) -> None:
    """Keep a version saved through /aws/ without `publish` as the unpublished current revision
    (or take a version back: DeleteStateMachineVersion)."""
    UnpublishedRevision.objects.get_or_create(version=version)


def publish(version: WorkflowVersion, description: str | None = None) -> None:
    """Publish the version; a description given now becomes its own if it has none yet."""
    UnpublishedRevision.objects.filter(version=version).delete()
    if description and not version.description:
        # The definition never changes; only the label it is published under is set here.
        WorkflowVersion.objects.filter(pk=version.pk).update(description=description)
        version.description = description


def published(workflow: Workflow) -> QuerySet[WorkflowVersion]:
    return workflow.versions.filter(unpublished__isnull=True)


def is_published(version: WorkflowVersion) -> bool:
    """Free when the version was loaded with select_related("version__unpublished")."""
    try:
        version.unpublished  # noqa: B018 - the reverse one-to-one raises when absent
    except UnpublishedRevision.DoesNotExist:
        return True
    return False
