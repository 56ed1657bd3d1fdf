"""Bytes → text: the first step of every document.

A corpus collected from hundreds of provincial sites arrives in every encoding
they ever used; everything after this module may assume NFC Unicode text.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from indexer.normalize import nfc

MAX_BYTES = 20 * 1024 * 1024  # larger files are not reports; see README "Corpus format"
HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".txt"}
DOCUMENT_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


class SkipFile(Exception):
    """A file that cannot be indexed; the message is the reason shown in the build report."""


@dataclass
class Loaded:
    text: str
    encoding: str
    is_html: bool


def decode(data: bytes, is_html: bool = False) -> tuple[str, str]:
    """Decode bytes, trying declared encodings before guessing."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc
    candidates = []
    if is_html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            candidates.append(m.group(1).decode("ascii").lower())
    candidates += ["utf-8", "cp1258"]
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            continue
    raise SkipFile("undecodable text (not UTF-8, UTF-16 or Windows-1258)")


def load_bytes(data: bytes, is_html: bool) -> Loaded:
    if not data.strip():
        raise SkipFile("empty file")
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SkipFile("binary file (NUL bytes)")
    text, enc = decode(data, is_html)
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SkipFile("no text after decoding")
    return Loaded(text=text, encoding=enc, is_html=is_html)


def load_file(path: Path) -> Loaded:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise SkipFile(f"cannot read file: {e.strerror}") from e
    if size > MAX_BYTES:
        raise SkipFile(f"file too large ({size} bytes, limit {MAX_BYTES})")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SkipFile(f"cannot read file: {e.strerror}") from e
    return load_bytes(data, path.suffix.lower() in HTML_SUFFIXES)
