"""Notebook 00: its exercise checks (to come)."""
