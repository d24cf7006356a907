"""Channels: one package per way customers reach DeskPilot (web chat first)."""
