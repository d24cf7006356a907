"""Channels: one package per way customers reach DeskPilot (web chat first)."""

from deskpilot.channels._limits import PublicLimits, SlidingWindow

__all__ = ["PublicLimits", "SlidingWindow"]
