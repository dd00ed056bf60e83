"""envstrap stage 1: finalise and audit standalone conda environments (standard library only)."""

__version__ = "0.1.0"
