"""Sentences: spaCy's sentence boundaries, trimmed of whitespace and never crossing a paragraph break."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..model import Document, Sentence

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def find_sentences(text: str, doc: Doc) -> list[Sentence]:
    """Sentence spans over `text`: spaCy's sentences, split again at blank lines, whitespace trimmed."""
    out: list[Sentence] = []
    for sent in doc.sents:
        start = sent.start_char
        for piece in PARAGRAPH_BREAK.split(text[start : sent.end_char]):
            offset = text.index(piece, start) if piece else start
            stripped_start = offset + (len(piece) - len(piece.lstrip()))
            stripped_end = offset + len(piece.rstrip())
            if stripped_end > stripped_start:
                out.append(Sentence(stripped_start, stripped_end))
            start = offset + len(piece)
    return out


class SentenceStage:
    name = "sentences"
    needs: tuple[str, ...] = ("parse",)
    adds: tuple[str, ...] = ("sentences",)

    def __call__(self, document: Document) -> None:
        assert document.doc is not None
        document.sentences = find_sentences(document.text, document.doc)
