"""Human tasks: the `baton:approval` resource, the inbox, reminders and escalation."""
