"""The query language typed in the search box, parsed into plain data and then into Whoosh queries.

Matching is on syllables (see DESIGN.md): a query without any diacritic searches
the folded fields, so "phan gioi cam moc" finds "phân giới cắm mốc".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq

from indexer.analysis import SYLLABLE
from indexer.normalize import fold, has_diacritics, index_form

MAX_QUERY_CHARS = 1000


@dataclass
class ParsedQuery:
    text: str
    terms: list[str] = field(default_factory=list)  # syllables, index form (folded when `folded`)
    phrases: list[list[str]] = field(default_factory=list)
    folded: bool = False

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases

    @property
    def body_field(self) -> str:
        return "body_fold" if self.folded else "body"

    @property
    def title_field(self) -> str:
        return "title_fold" if self.folded else "title"

    def all_terms(self) -> set[str]:
        return set(self.terms) | {t for p in self.phrases for t in p}


def _syllables(text: str, folded: bool) -> list[str]:
    out = [index_form(m.group(0)) for m in SYLLABLE.finditer(text)]
    return [fold(t) for t in out] if folded else out


def parse(text: str) -> ParsedQuery:
    """Never raises: unbalanced quotes and stray operators degrade to plain words."""
    text = (text or "")[:MAX_QUERY_CHARS]
    folded = not has_diacritics(text)
    parsed = ParsedQuery(text=text, folded=folded)
    quoted = re.findall(r'"([^"]*)"', text)
    rest = re.sub(r'"[^"]*"', " ", text)
    for q in quoted:
        syls = _syllables(q, folded)
        if len(syls) > 1:
            parsed.phrases.append(syls)
        elif syls:
            parsed.terms.extend(syls)
    parsed.terms.extend(_syllables(rest, folded))
    return parsed


def _either(parsed: ParsedQuery, make) -> wq.Query:
    return wq.Or([make(parsed.body_field), make(parsed.title_field)])


def to_whoosh(parsed: ParsedQuery) -> wq.Query:
    """All words must match; where they also stand together as a phrase, the document ranks higher."""
    if parsed.empty:
        return wq.Every()
    required = [_either(parsed, lambda f, t=t: wq.Term(f, t)) for t in dict.fromkeys(parsed.terms)]
    required += [_either(parsed, lambda f, p=p: wq.Phrase(f, p)) for p in parsed.phrases]
    base = wq.And(required) if len(required) > 1 else required[0]
    if len(parsed.terms) > 1:
        boost = _either(parsed, lambda f: wq.Phrase(f, parsed.terms, slop=1, boost=2.0))
        return wq.AndMaybe(base, boost)
    return base
