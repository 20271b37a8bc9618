"""transcribe room."""
