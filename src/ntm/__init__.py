"""ntm: software for Vietnam's national target programme for New Rural Development (NTM)."""

__version__ = "0.1.0"
