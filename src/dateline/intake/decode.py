"""Bytes to text: size limit, binary detection, UTF-8 first, then a detected encoding."""

from __future__ import annotations

import codecs

from ..errors import BinaryInput, EmptyInput, InputTooLarge, UndecodableInput

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Control bytes that never occur in text (tab, newline, carriage return and form feed are fine).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


# Browsers read pages labelled Latin-1 or ASCII as windows-1252 (WHATWG Encoding Standard), and pages
# labelled so use its curly quotes and dashes (bytes 0x80-0x9F) all the time.
WHATWG_ALIASES = {
    name: "cp1252"
    for name in (
        "iso-8859-1",
        "iso8859-1",
        "latin1",
        "latin-1",
        "l1",
        "us-ascii",
        "ascii",
        "iso_8859-1",
        "cp819",
    )
}


def check_size(source: str, size: int, limit: int = DEFAULT_MAX_BYTES) -> None:
    if size > limit:
        raise InputTooLarge(
            source,
            f"{size:,} bytes is over the limit of {limit:,} bytes; raise it with --max-bytes if this is an article",
        )


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control bytes in the first 8 KB, mean this is not text."""
    head = data[:8192]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = sum(head.count(bytes([b])) for b in _CONTROL)
    return controls > max(8, len(head) // 100)


def decode(data: bytes, source: str, declared: str | None = None, limit: int = DEFAULT_MAX_BYTES) -> str:
    """Decode article bytes: BOM, then UTF-8, then a declared charset, then detection. Raises InputError."""
    check_size(source, len(data), limit)
    if not data:
        raise EmptyInput(source, "the input is empty (0 bytes); give a file with the article's text or HTML")
    if not data.strip():
        raise EmptyInput(
            source, "the input holds only whitespace; give a file with the article's text or HTML"
        )
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if looks_binary(data):
        raise BinaryInput(source, "the input is binary, not text or HTML; give the article's text or HTML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(WHATWG_ALIASES.get(declared.lower(), declared))
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UndecodableInput(
            source,
            "the bytes are in no encoding we could detect; convert the file to UTF-8 (e.g. with iconv)",
        )
    return str(best)
