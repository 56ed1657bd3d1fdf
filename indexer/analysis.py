"""Vietnamese analysis: syllables with positions, folded syllables, and underthesea words.

Matching is done on syllables (the segmenter cuts the same phrase differently
in a query and in a document); underthesea's words are indexed for ranking.
Written in the style of whoosh.analysis: small tokenizers and filters composed
with the | operator.
"""
from __future__ import annotations

import re

from whoosh.analysis import Filter, Token, Tokenizer

from indexer.normalize import fold, index_form

# Document numbers stay whole: 16-KL/TW, 272-QĐ/TW, 09/2017/NĐ-CP, 12-NQ/TU.
DOC_NUMBER = r"\d{1,4}(?:/\d{4})?[-/][A-ZĐ]{1,6}(?:[-/][A-ZĐ]{1,6}){0,3}"
SYLLABLE = re.compile(DOC_NUMBER + r"|[^\W_]+(?:[.,]\d+)*", re.UNICODE)
WORD = re.compile(DOC_NUMBER + r"|[^\W_]+(?:_[^\W_]+)*", re.UNICODE)


class RegexTokens(Tokenizer):
    """Tokens of a pattern, with positions and character offsets into the text as written."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern

    def __eq__(self, other):
        return type(self) is type(other) and self.pattern.pattern == other.pattern.pattern

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for pos, m in enumerate(self.pattern.finditer(value)):
            t.text = m.group(0)
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = t.text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + m.start(), start_char + m.end()
            yield t


class IndexFormFilter(Filter):
    """NFC, new tone placement, lower case."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = index_form(t.text)
            yield t


class FoldFilter(Filter):
    """Diacritics removed, đ→d: the form of a query typed without Vietnamese input."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


def syllable_analyzer():
    return RegexTokens(SYLLABLE) | IndexFormFilter()


def folded_analyzer():
    return RegexTokens(SYLLABLE) | IndexFormFilter() | FoldFilter()


def word_analyzer():
    """For text already joined by segment(): 'phân_giới cắm_mốc'."""
    return RegexTokens(WORD) | IndexFormFilter()


def syllables(text: str) -> list[str]:
    return [index_form(m.group(0)) for m in SYLLABLE.finditer(text)]


def segment(text: str) -> str:
    """underthesea word segmentation, document numbers protected, words joined by '_'."""
    from underthesea import word_tokenize  # imported late: 0.5 s, only where segmentation runs

    out = []
    for para in text.split("\n"):
        pieces = re.split("(" + DOC_NUMBER + ")", para)
        for i, piece in enumerate(pieces):
            if i % 2:
                out.append(piece)
            elif piece.strip():
                out.append(word_tokenize(piece, format="text"))
        out.append("\n")
    return " ".join(out)
