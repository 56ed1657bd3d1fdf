"""Vietnamese text normalisation shared by loading, analysis and search.

The same syllable reaches us in several encodings (NFC/NFD, old/new tone-mark
placement, with or without diacritics); index and query must agree on one form.
"""
from __future__ import annotations

import re
import unicodedata

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng

# Old-style placement puts the tone on the last vowel of open "oa", "oe", "uy"
# ("hoà", "khoá", "thuý"); the new style, which underthesea also outputs, puts it
# on the first ("hòa", "khóa", "thúy"). "qu" + y keeps the tone on y ("quý").
_OLD_TONE = re.compile(
    r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_])"
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _move_tone(m: re.Match) -> str:
    first, second, tone = m.group(1), m.group(2), m.group(3)
    if first in "uU" and second not in "yY":
        return m.group(0)
    if first in "oO" and second in "yY":
        return m.group(0)
    return first + tone + second


def normalize_tones(text: str) -> str:
    """NFC text with tone marks placed the new way ("hoà" → "hòa")."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OLD_TONE.sub(_move_tone, decomposed))


def fold(text: str) -> str:
    """Remove all diacritics, đ→d: what a user types without Vietnamese input."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D")


def has_diacritics(text: str) -> bool:
    return fold(text) != unicodedata.normalize("NFC", text)


def index_form(text: str) -> str:
    """The form a token is indexed under: NFC, new tone placement, lower case."""
    return normalize_tones(text).lower()
