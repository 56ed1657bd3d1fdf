"""The analyzers' output for highlighting, computed without a Whoosh Token per syllable.

Why: snippets tokenize every shown report again (~850 syllables each, ten per
page), and through the analyzer chain that costs ~20 µs a syllable (a Token
object, a sentence-break search for pairs, NFD/NFC per syllable): most of a
query's time. The forms depend only on the syllable, and a corpus has few
distinct syllables, so one regex pass plus a memo gives the same
(form, start, end) triples. tests/perf/test_fasttext.py checks the equality
against the real analyzers on varied text (NFD input, old tone placement,
document numbers, abbreviations).
"""
from __future__ import annotations

import re
import unicodedata

from indexer.analysis import SYLLABLE
from indexer.normalize import fold, index_form

_MEMO_LIMIT = 200_000
_forms: dict[tuple[str, bool], str] = {}
_marked_chars: dict[str, bool] = {}
_SPACE = re.compile(r"\s")
SEPARATOR = ("\x00", -1, -1)  # between two windows of tokens_for(): matches no form and no prefix


def form(raw: str, folded: bool) -> str:
    """syllable_analyzer's (or folded_analyzer's) form of one matched syllable."""
    key = (raw, folded)
    f = _forms.get(key)
    if f is None:
        f = index_form(raw)
        if folded:
            f = fold(f)
        if len(_forms) >= _MEMO_LIMIT:
            _forms.clear()
        _forms[key] = f
    return f


def tokens(text: str, folded: bool) -> list[tuple[str, int, int]]:
    """(form, startchar, endchar) of each syllable, as syllable_analyzer()/folded_analyzer() with chars=True."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    forms = _forms
    out = []
    for m in SYLLABLE.finditer(text):
        raw = m.group(0)
        f = forms.get((raw, folded))
        if f is None:
            f = form(raw, folded)
        out.append((f, m.start(), m.end()))
    return out


def _is_marked(c: str) -> bool:
    v = _marked_chars.get(c)
    if v is None:
        v = _marked_chars[c] = fold(c) != c
    return v


def is_unaccented(text: str, sample: int = 20000, min_letters: int = 80) -> bool:
    """schema.is_unaccented counted per distinct character: (almost) no letter carries a diacritic."""
    text = text[:sample]
    letters = marked = 0
    for c in set(text):
        if c.isalpha():
            n = text.count(c)
            letters += n
            if _is_marked(c):
                marked += n
    if letters < min_letters:
        return False
    return marked / letters < 0.01


class _KeyTable(dict):
    """ord(c) → c folded and lower-cased when that is one character, else _BAD; filled as
    characters are met, so str.translate does the lookups in C."""

    def __missing__(self, code: int) -> str:
        m = fold(chr(code)).lower()
        value = m if len(m) == 1 else _BAD
        if len(self) < _MEMO_LIMIT:
            self[code] = value
        return value


_BAD = "\uffff"  # a noncharacter: stands for a character whose key is not one character
_KEYS = _KeyTable()


def _keyed(text: str) -> str | None:
    """text folded and lower-cased character by character (same length), or None when that cannot be."""
    if _BAD in text:
        return None
    keyed = text.translate(_KEYS)
    return None if _BAD in keyed else keyed


def tokens_for(text: str, folded: bool, forms, prefixes) -> list[tuple[str, int, int]]:
    """The tokens of `text` that can take part in a mark, as tokens() gives them, SEPARATOR between runs.

    A mark starts at a token whose form is the first syllable of a form, or starts with a
    prefix; such a token, folded and lower-cased, is spelled like the folded first syllable
    there. So: find those spellings in the folded text (every position, overlapping), and
    tokenize only from the whitespace before each to the longest form's length after it.
    Starting after whitespace gives the same tokens as a scan from the beginning (no token
    holds whitespace). Runs that do not touch are kept apart by SEPARATOR, so a form can
    match only on consecutive syllables, as in the whole list.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    needles = {f[0] for f in forms if f} | set(prefixes)
    if not needles or "" in needles:
        return tokens(text, folded)
    keyed = _keyed(text)
    keys = set()
    for n in needles:
        k = _keyed(n)
        if not k:
            return tokens(text, folded)
        keys.add(k)
    if keyed is None:
        return tokens(text, folded)
    span = max((len(f) for f in forms), default=1)
    finder = re.compile("(?=(?:" + "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)) + "))")
    cands = [h.start() for h in finder.finditer(keyed)]
    out: list[tuple[str, int, int]] = []
    forms_memo = _forms
    scanned_to = 0  # end of the last token taken
    i = 0
    while i < len(cands):
        c = cands[i]
        ws = None
        for ws in _SPACE.finditer(text, max(0, c - 64), c):
            pass
        start = ws.end() if ws is not None else (0 if c < 64 else None)
        if start is None:  # no whitespace nearby: only a scan from the beginning is sure to be right
            return tokens(text, folded)
        if start <= scanned_to and out:
            start = scanned_to  # the same scan goes on
        elif out:
            out.append(SEPARATOR)
        remaining = 0
        for m in SYLLABLE.finditer(text, start):
            raw = m.group(0)
            f = forms_memo.get((raw, folded))
            if f is None:
                f = form(raw, folded)
            out.append((f, m.start(), m.end()))
            scanned_to = m.end()
            if i < len(cands) and cands[i] < scanned_to:
                while i < len(cands) and cands[i] < scanned_to:
                    i += 1  # every candidate this token covers: the longest form may start here
                remaining = span - 1
            else:
                remaining -= 1
            if remaining <= 0:
                break
        else:
            break  # end of text
    return out
