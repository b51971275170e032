"""Notebook 03: its exercise checks (to come)."""
