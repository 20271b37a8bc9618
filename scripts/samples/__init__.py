"""Helpers of ``scripts/make_samples.py``: the scripted sample calls and how they are rendered."""
