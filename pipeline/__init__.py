"""pipeline room."""
