"""The views, each an `eventsourcing` Projection writing SQLAlchemy tables with its own tracking."""
