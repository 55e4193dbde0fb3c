"""HTTP API, dashboard, command line, settings and the one composition root."""
