"""Notebook 07: its exercise checks (to come)."""
