"""Bytes → text: the first step of every document.

A corpus collected from hundreds of provincial sites arrives in every encoding
they ever used; everything after this module may assume NFC Unicode text.

Order of evidence, strongest first: a byte-order mark; valid UTF-8 (bytes that
decode as UTF-8 are practically never anything else, and many pages declare
ISO-8859-1 while serving UTF-8); the page's own ``<meta charset>`` or
``http-equiv`` declaration; then a guess between Windows-1258 and what
charset-normalizer proposes, scored by how Vietnamese the result looks.
Text in the legacy 8-bit *fonts* (TCVN3/ABC, VNI) decodes "successfully" as
Latin-1 garbage ("C«ng t¸c th«ng tin ®èi ngo¹i"); it is recognised by the
absence of any Vietnamese letter beyond Latin-1 together with the marker
characters of each font, and converted with the tables in data/legacy_fonts.json.

Files are limited to MAX_BYTES (20 MB): a report is a few tens of kilobytes,
and anything bigger is an archive, a dump or a mistake that would stall a worker.
"""
from __future__ import annotations

import codecs
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from indexer import data
from indexer.normalize import nfc

MAX_BYTES = 20 * 1024 * 1024  # larger files are not reports; see corpus/README.md
HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".txt"}
DOCUMENT_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)
_LOOKS_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_BINARY_MAGIC = {b"%PDF": "PDF document", b"PK\x03\x04": "ZIP/Office archive", b"\xd0\xcf\x11\xe0": "Word/Excel file",
                 b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image", b"{\\rtf": "RTF document"}
_ALIASES = {"windows-1258": "cp1258", "x-cp1258": "cp1258", "cp1258": "cp1258", "utf8": "utf-8",
            "unicode": "utf-8", "iso-8859-1": "latin-1", "iso8859-1": "latin-1", "latin1": "latin-1"}
# Letters only Vietnamese uses beyond Latin-1: at least one of them is in any real Vietnamese text.
_VIET_EXTRA = set("ăđĩũơưĂĐĨŨƠƯ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}
_VIET_EXTRA_RE = re.compile("[" + "".join(sorted(_VIET_EXTRA)) + "]")
_TCVN3_MARKERS = set("¸µ¶·¹«®¬­ª©¨§ÐÑÖÕËÊÇÈÞÝÜ")
_VNI_PAIR = re.compile(r"[aeiouyAEIOUYôöÔÖ][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


class SkipFile(Exception):
    """A file that cannot be indexed; the message is the reason shown in the build report."""


@dataclass
class Loaded:
    text: str
    encoding: str
    is_html: bool


def _codec(name: str) -> str | None:
    name = name.strip().lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _declared(data: bytes, is_html: bool) -> str | None:
    head = data[:4096]
    m = _XML_ENCODING.search(head) or (_META_CHARSET.search(head) if is_html else None)
    return _codec(m.group(1).decode("ascii")) if m else None


def vietnamese_score(text: str) -> float:
    """How Vietnamese a decoding looks: Vietnamese-only letters count for, stray Latin-1 letters against."""
    sample = unicodedata.normalize("NFC", text[:20000])
    good = sum(1 for ch in sample if ch in _VIET_EXTRA)
    bad = sum(1 for ch in sample if "\u00c0" <= ch <= "\u00ff" and ch not in "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Co", "Cn") or "\u0080" <= ch < "\u00a0")
    return good - 2 * bad - 5 * odd


def _guess(data: bytes) -> tuple[str, str]:
    """No declaration and not UTF-8: Windows-1258 or charset-normalizer's proposals, whichever reads as Vietnamese."""
    try:
        text = data.decode("cp1258")
        if vietnamese_score(text) >= 10:
            return text, "cp1258"  # clearly Vietnamese: spare the detector (50 ms on a page)
    except UnicodeDecodeError:
        pass
    candidates = ["cp1258"]
    try:
        from charset_normalizer import from_bytes

        for match in from_bytes(data[:65536], cp_isolation=None, threshold=0.4):
            if match.encoding and len(candidates) < 5:
                candidates.append(match.encoding)
    except Exception:  # a detector failure must not stop the build; cp1258 remains
        pass
    best = None
    for enc in dict.fromkeys(candidates):
        try:
            text = data.decode(enc)
        except (LookupError, UnicodeError):
            continue
        score = vietnamese_score(text)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is None:
        raise SkipFile("undecodable text (not UTF-8, UTF-16, Windows-1258 or a detectable encoding)")
    return best[1], best[2]


def decode(data: bytes, is_html: bool = False) -> tuple[str, str]:
    """Decode bytes, trusting a BOM, then valid UTF-8, then the declaration, then the best guess."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                raise SkipFile(f"undecodable text (broken {enc} after its byte-order mark)") from e
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared(data, is_html)
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeError):  # UnicodeError: codecs such as "undefined" or "idna" raise the base class
            pass
    return _guess(data)


def legacy_font(text: str) -> str | None:
    """'tcvn3' or 'vni' when Latin-1 characters stand for Vietnamese letters of a legacy 8-bit font."""
    if _VIET_EXTRA_RE.search(text):
        return None  # real Unicode Vietnamese is present
    latin = sum(1 for ch in text if "\u00a0" < ch <= "\u00ff")
    if latin < 5:
        return None
    tcvn = sum(1 for ch in text if ch in _TCVN3_MARKERS)
    vni = len(_VNI_PAIR.findall(text)) + sum(1 for ch in text if ch in "ñöÑÖ")
    if tcvn >= max(5, 0.6 * latin) and tcvn > vni:
        return "tcvn3"
    if vni >= max(5, 0.3 * latin):
        return "vni"
    return None


def convert_legacy(text: str, font: str) -> str:
    """Legacy font text → NFC Unicode."""
    table = data.load_json("legacy_fonts.json")
    if font == "tcvn3":
        mapping = table["tcvn3"]
        return nfc("".join(mapping.get(ch, ch) for ch in text))
    mods, single = table["vni_modifiers"], table["vni_single"]
    out: list[str] = []
    for ch in text:
        if ch in mods and out and unicodedata.normalize("NFD", out[-1])[0] in "aeiouyAEIOUY":
            out[-1] = nfc(out[-1] + mods[ch])
        else:
            out.append(single.get(ch, ch))
    return nfc("".join(out))


def _binary_reason(data: bytes) -> str | None:
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return f"binary file ({what}), not a text or HTML file type"
    head = data[:8192]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in head:
        return "binary file (NUL bytes)"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > len(head) * 0.05:
        return "binary file (control bytes)"
    return None


def _utf16_without_bom(data: bytes) -> bytes | None:
    """The byte-order mark that UTF-16 text saved without one lacks, or None.

    Such a file has a NUL in (nearly) every other byte, on one side only: the
    high bytes of ASCII letters, spaces and digits. It must not be taken for binary.
    """
    head = data[:8192]
    half = len(head) // 2
    if half < 32 or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # also the UTF-32 marks
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 0.3 * half and even < 0.02 * half:
        bom, enc = codecs.BOM_UTF16_LE, "utf-16-le"
    elif even > 0.3 * half and odd < 0.02 * half:
        bom, enc = codecs.BOM_UTF16_BE, "utf-16-be"
    else:
        return None
    try:
        sample = head[:half * 2].decode(enc, errors="strict")
    except UnicodeDecodeError:
        return None
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t")
    return bom if printable > 0.95 * len(sample) else None


def load_bytes(data: bytes, is_html: bool) -> Loaded:
    if not data.strip():
        raise SkipFile("empty file")
    bom = _utf16_without_bom(data)
    if bom:
        data = bom + data
    reason = _binary_reason(data)
    if reason:
        raise SkipFile(reason)
    if not is_html and _LOOKS_HTML.match(data[:2048]):
        is_html = True  # a saved page with the wrong extension
    text, enc = decode(data, is_html)
    if not _VIET_EXTRA_RE.search(text):
        # Legacy fonts are bytes read as Latin-1: look at them that way, whatever the guess was.
        raw = text if enc.startswith("utf") else data.decode("latin-1")
        font = legacy_font(raw)
        if font:
            text, enc = convert_legacy(raw, font), font
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise SkipFile("empty file (no text after decoding)")
    return Loaded(text=text, encoding=enc, is_html=is_html)


def load_file(path: Path) -> Loaded:
    path = Path(path)
    try:
        st = path.stat()
    except OSError as e:
        raise SkipFile(f"cannot read file: {e.strerror}") from e
    if not stat.S_ISREG(st.st_mode):  # a folder, a named pipe (reading it would wait forever), a device
        raise SkipFile("not a regular file")
    size = st.st_size
    if size > MAX_BYTES:
        raise SkipFile(f"file too large ({size} bytes, limit {MAX_BYTES})")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SkipFile(f"cannot read file: {e.strerror}") from e
    return load_bytes(data, path.suffix.lower() in HTML_SUFFIXES)
