"""Dateline: read news into a sourced, time-resolved record of what happened."""

from __future__ import annotations

__version__ = "0.1.0"
