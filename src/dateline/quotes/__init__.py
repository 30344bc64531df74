"""Quotes: direct quotes between quote marks and reported (indirect) speech, with cue and speaker.

`find_quotes` is the stage's pure function; `marks` pairs quote marks, `speakers` finds and resolves who
speaks, `rules` holds the knowledge from data/quotes.yaml.
"""

from .find import find_quotes

__all__ = ["find_quotes"]
