"""A read document as TimeML: the DCT and the text with inline TIMEX3 tags (`dateline read --format timeml`)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .model import Document


def _dct_value(document: Document) -> str | None:
    anchor = document.anchor
    return anchor.date().isoformat() if anchor is not None else None


def to_timeml(document: Document) -> str:
    """TimeML 1.2.1 with TIMEX3s only; tids are t1.. in text order, t0 is the DCT."""
    text = document.text
    dct = _dct_value(document)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<TimeML>"]
    if document.article.id:
        parts.append(f"<DOCID>{escape(document.article.id)}</DOCID>")
    if dct:
        parts.append(
            f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" temporalFunction="false" '
            f'functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>'
        )
    tids: dict[str, str] = {}
    body: list[str] = []
    pos = 0
    for i, t in enumerate(sorted(document.times, key=lambda t: (t.start, t.end)), start=1):
        if t.start < pos:  # overlapping spans cannot nest in TimeML; keep the first
            continue
        tid = f"t{i}"
        attrs = f'tid="{tid}" type={quoteattr(t.type)} value={quoteattr(t.value)}'
        if t.mod:
            attrs += f" mod={quoteattr(t.mod)}"
        if t.anchor == "DCT" and dct:
            attrs += ' anchorTimeID="t0"'
        elif t.anchor and t.anchor in tids:
            attrs += f' anchorTimeID="{tids[t.anchor]}"'
        body.append(escape(text[pos : t.start]))
        body.append(f"<TIMEX3 {attrs}>{escape(text[t.start : t.end])}</TIMEX3>")
        tids[t.text] = tid
        pos = t.end
    body.append(escape(text[pos:]))
    parts.append("<TEXT>" + "".join(body) + "</TEXT>")
    parts.append("</TimeML>")
    return "\n".join(parts) + "\n"
