"""DeskPilot: a customer-service automation engine that resolves requests, not deflects them."""

__version__ = "0.1.0"
