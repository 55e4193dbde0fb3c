"""Alerts in the background: scans on each network's schedule, and delivery by webhook and email.

`scan` turns the neglect, overuse and expectations reports into alerts; `deliver_pending` is the
outbox worker that delivers what the alert events say is not delivered yet; `SchedulerService`
runs both under APScheduler in the one process that holds the scheduler leadership.
"""
