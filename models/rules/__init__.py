"""The hard rules of the scenario format, each declared once (models/rules/registry.py)."""
