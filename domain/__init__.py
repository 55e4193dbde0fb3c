"""linkingpin's domain: the facts a prevention coordinator records, as event-sourced aggregates.

Imports only the standard library and `eventsourcing`.
"""
