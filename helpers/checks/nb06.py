"""Notebook 06: its exercise checks (to come)."""
