"""Notebook 04: its exercise checks (to come)."""
