"""Approval models (HumanTask, Decision, Reminder) land here."""
