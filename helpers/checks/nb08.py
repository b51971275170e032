"""Notebook 08: its exercise checks (to come)."""
