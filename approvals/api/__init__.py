"""The human tasks API under /api/human-tasks/."""
