"""Times: the TIMEX3 layer. The work is done by `dateline.times.find_times`; this adds it to the document."""

from __future__ import annotations

from ..model import Document
from ..times import find_times


class TimeStage:
    name = "times"
    needs: tuple[str, ...] = ("parse", "sentences")
    adds: tuple[str, ...] = ("times",)

    def __call__(self, document: Document) -> None:
        document.times = find_times(document.text, document.sentences, document.anchor, document.doc)
