"""Notebook 05: its exercise checks (to come)."""
