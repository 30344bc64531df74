"""Intake: any source to `Article`s (body text + metadata)."""

from .sources import IntakeOptions, article_from_text, read_source

__all__ = ["IntakeOptions", "article_from_text", "read_source"]
