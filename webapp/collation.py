"""Vietnamese sort order for names shown to people (provinces, officials, sources).

Python's default order compares code points, which puts "Đắk Lắk" (U+0110)
after "Yên Bái" and "Ân Thi" after "Yên Bái" too. Vietnamese dictionaries
order letters as a ă â b c d đ e ê … o ô ơ … u ư …, and compare tone marks
only when the letters are equal. ICU would do this, but it is a heavy native
dependency for one list; this key does the same for Vietnamese text.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# The Vietnamese alphabet, with the Latin letters it lacks (f j w z) where English has them.
ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
            "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_LETTER_RANK = {letter: i for i, letter in enumerate(ALPHABET)}
# Letter-forming marks (breve, circumflex, horn) stay with their letter; tone marks are compared second,
# in the order of Vietnamese dictionaries: none, huyền, sắc, hỏi, ngã, nặng.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_TONE_RANK = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_SPACE, _DIGIT, _OTHER, _LETTERS = 0, 1, 2, 3


def _letters(text: str):
    """(letter with its letter marks, tone rank, is upper) for each base character of `text`."""
    decomposed = unicodedata.normalize("NFD", text)
    out = []
    for ch in decomposed:
        if ch in _LETTER_MARKS and out:
            base, tone, upper = out[-1]
            out[-1] = (unicodedata.normalize("NFC", base + ch), tone, upper)
        elif ch in _TONE_RANK and out:
            base, _, upper = out[-1]
            out[-1] = (base, _TONE_RANK[ch], upper)
        elif unicodedata.combining(ch):
            continue
        else:
            out.append((ch.lower(), 0, ch != ch.lower()))
    return out


@lru_cache(maxsize=200_000)
def sort_key(text: str) -> tuple:
    """Key for sorted(): base letters first, then tones, then case, then the text itself (a total order).

    Cached: the same facet values (provinces, officials) are sorted on every page view."""
    text = text or ""
    primary, tones, cases = [], [], []
    prev_digit = False
    for letter, tone, upper in _letters(text):
        digit = letter.isdecimal()
        if letter in _LETTER_RANK:
            primary.append((_LETTERS, _LETTER_RANK[letter]))
        elif letter.isspace() or letter in "-_,.;:":
            primary.append((_SPACE, 0))
        elif letter.isdecimal():
            # a run of digits compares as one number: "Kết luận 9" before "Kết luận 16"
            if primary and primary[-1][0] == _DIGIT and prev_digit:
                primary[-1] = (_DIGIT, primary[-1][1] * 10 + unicodedata.decimal(letter))
                continue
            primary.append((_DIGIT, unicodedata.decimal(letter)))
        else:
            primary.append((_OTHER, ord(letter)))
        tones.append(tone)
        cases.append(upper)
        prev_digit = digit
    return tuple(primary), tuple(tones), tuple(cases), text
