"""Reports computed from the view tables at a moment T (now, or an as-of replay's T)."""
