"""Notebook 02: its exercise checks (to come)."""
