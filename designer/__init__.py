"""Workflow definitions, immutable versions and aliases; the graph designer."""
