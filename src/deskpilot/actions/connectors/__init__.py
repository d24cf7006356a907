"""Connectors: the business systems that implement actions (Python, HTTP, retail)."""
