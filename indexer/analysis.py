"""Vietnamese analysis: syllables with positions, folded syllables, underthesea words, syllable pairs
and abbreviation concepts.

Matching is done on syllables (the segmenter cuts the same phrase differently
in a query and in a document); underthesea's words and two-syllable pairs are
indexed for ranking (pairs reward words that stand together without a phrase
check per candidate). Written in the style of whoosh.analysis: small tokenizers
and filters composed with the | operator.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, Token, Tokenizer

from indexer import normalize

# A report repeats a few thousand distinct syllables: normalising each distinct one once is
# most of the analysis time saved (NFD, regex and NFC per token otherwise).
index_form = lru_cache(maxsize=200_000)(normalize.index_form)
fold = lru_cache(maxsize=200_000)(normalize.fold)

# Document numbers stay whole: 16-KL/TW, 272-QĐ/TW, 09/2017/NĐ-CP, 12-NQ/TU, 1191/QĐ-TTg.
# The lookahead keeps "3-Ngày" and "16-KLX" from becoming numbers.
DOC_NUMBER = r"\d{1,4}(?:/\d{4})?[-/][A-ZĐ][A-Za-zĐđ]{0,5}(?:[-/][A-ZĐ][A-Za-zĐđ]{0,5}){0,3}(?![^\W_])"
# "TT&TT" (Thông tin và Truyền thông) is one abbreviation, not two.
AMP_ABBREVIATION = r"[A-ZĐ]{1,4}&[A-ZĐ]{1,4}"
SYLLABLE = re.compile(DOC_NUMBER + "|" + AMP_ABBREVIATION + r"|[^\W_]+(?:[.,]\d+)*", re.UNICODE)
WORD = re.compile(DOC_NUMBER + "|" + AMP_ABBREVIATION + r"|[^\W_]+(?:_[^\W_]+)*", re.UNICODE)
# Between two syllables, a line break or the end of a sentence: no pair across it.
_BREAK = re.compile(r"\n|[.;!?…](?:\s|$)")
_LAST_MATCHES: dict[str, tuple[str, list]] = {}  # pattern → (text, its matches); see RegexTokens._matches


class RegexTokens(Tokenizer):
    """Tokens of a pattern, with positions and character offsets into the text as written.

    Each token also carries `brk`: True when a line or sentence break separates it from
    the previous token (used by PairFilter).
    """

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
            t.brk = True
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        if not unicodedata.is_normalized("NFC", value):
            # NFD text would tokenize into garbage ("cắm" → "ca", "m"); stored text is NFC already,
            # so offsets into the NFC form are offsets into what is shown
            value = unicodedata.normalize("NFC", value)
        for pos, (text, brk, start, end) in enumerate(self._matches(value)):
            t.text = text
            t.boost = 1.0
            t.stopped = False
            t.brk = brk
            if keeporiginal:
                t.original = t.text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t

    def _matches(self, value: str) -> list[tuple[str, bool, int, int]]:
        """(text, break before, start, end) of each match. The last text's are kept per pattern:
        Whoosh analyses a document's fields in name order, so body and body_fold, pairs and
        pairs_fold, title and title_fold tokenize the same string one after the other."""
        last = _LAST_MATCHES.get(self.pattern.pattern)
        if last is not None and last[0] is value:
            return last[1]
        out, prev_end = [], 0
        for pos, m in enumerate(self.pattern.finditer(value)):
            out.append((m.group(0), pos == 0 or bool(_BREAK.search(value, prev_end, m.start())), m.start(), m.end()))
            prev_end = m.end()
        _LAST_MATCHES[self.pattern.pattern] = (value, out)  # one assignment: threads see a whole pair
        return out


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


class PairFilter(Filter):
    """Adjacent syllables joined ("phân_giới", "giới_cắm", "cắm_mốc"), not across sentence breaks.

    A document scores on a pair only where the two syllables stand together, so a
    query's pairs rank exact phrases above the same words apart, at the cost of a
    term lookup instead of a positional check.
    """

    def __call__(self, tokens):
        prev = None
        for t in tokens:
            text = t.text
            if prev is not None and not getattr(t, "brk", False):
                t.text = pair(prev, text)
                yield t
            prev = text


def pair(a: str, b: str) -> str:
    return a + "_" + b


class ConceptTokens(Tokenizer):
    """One token per abbreviation or spelled-out expansion in a whole document (see abbreviations.py)."""

    def __eq__(self, other):
        return type(self) is type(other)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        from indexer.abbreviations import document_concepts

        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        keys = [value] if not tokenize else document_concepts(value)
        for pos, key in enumerate(keys):
            t.text = key
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = t.endchar = start_char
            yield t


def syllable_analyzer():
    return RegexTokens(SYLLABLE) | IndexFormFilter()


def folded_analyzer():
    return RegexTokens(SYLLABLE) | IndexFormFilter() | FoldFilter()


def word_analyzer(folded: bool = False):
    """For text already joined by segment(): 'phân_giới cắm_mốc'."""
    a = RegexTokens(WORD) | IndexFormFilter()
    return a | FoldFilter() if folded else a


def pair_analyzer(folded: bool = False):
    a = RegexTokens(SYLLABLE) | IndexFormFilter()
    if folded:
        a = a | FoldFilter()
    return a | PairFilter()


def concept_analyzer():
    return ConceptTokens()


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
