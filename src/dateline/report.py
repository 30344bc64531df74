"""The readable terminal report of a read article: title, time, agency, then each layer present."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .intake.language import is_english
from .model import Document


def print_report(document: Document, console: Console) -> None:
    a = document.article
    console.rule(Text(a.title or a.source or "(untitled)", style="bold"))
    facts = [
        ("published", a.published.isoformat() if a.published else "unknown"),
        ("agency", a.agency),
        ("section", a.section),
        ("author", a.author),
        ("url", a.url),
        ("source", a.source),
    ]
    for label, value in facts:
        if value:
            console.print(f"[dim]{label:>9}[/dim]  {value}", highlight=False, markup=True)
    words = len(document.text.split())
    sentences = f", {len(document.sentences)} sentences" if "sentences" in document.layers else ""
    console.print(f"[dim]{'body':>9}[/dim]  {words} words{sentences}")
    if not is_english(a.language):
        console.print(
            f"[dim]{'language':>9}[/dim]  [bold yellow]{a.language}: not English.[/bold yellow] Dateline's "
            "reading stages are English-only: the text and metadata are kept, no times, entities, "
            "amounts, quotes or events were read.",
            highlight=False,
            markup=True,
        )
    if "times" in document.layers and document.times:
        table = Table("time", "type", "value", "anchor", title="Times", title_justify="left")
        for t in document.times:
            table.add_row(Text(t.text), t.type, t.value, t.anchor or "")
        console.print(table)
    if "entities" in document.layers and document.entities:
        table = Table("entity", "type", "code", "role", "mentions", title="Entities", title_justify="left")
        for e in document.entities:
            table.add_row(Text(e.name), e.type, e.code or "", Text(e.role or ""), str(len(e.mentions)))
        console.print(table)
    if "amounts" in document.layers and document.amounts:
        table = Table("amount", "value", "unit", "object", title="Amounts", title_justify="left")
        for m in document.amounts:
            table.add_row(Text(m.text), f"{m.value:,}", m.unit or "", Text(m.object or ""))
        console.print(table)
    names = {e.id: e.name for e in document.entities}
    if "quotes" in document.layers and document.quotes:
        table = Table("speaker", "kind", "quote", title="Quotes", title_justify="left")
        for q in document.quotes:
            table.add_row(Text(names.get(q.speaker or "", q.speaker_text or "?")), q.kind, Text(q.text))
        console.print(table)
    if "events" in document.layers and document.events:
        table = Table(
            "type", "status", "date", "actors", "recipients", "trigger", title="Events", title_justify="left"
        )
        for ev in document.events:
            table.add_row(
                ev.type,
                ev.status,
                ev.date or "",
                Text(", ".join(names.get(i, i) for i in ev.actors)),
                Text(", ".join(names.get(i, i) for i in ev.recipients)),
                Text(ev.trigger.text),
            )
        console.print(table)
