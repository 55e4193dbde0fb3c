"""Read models (SQLAlchemy tables) kept by tracked projections of the event log."""
