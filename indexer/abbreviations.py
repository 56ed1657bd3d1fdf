"""Abbreviations and what they stand for, on both sides of the index.

A report writes "TTĐN", another "thông tin đối ngoại": both become the concept
key "thong_tin_doi_ngoai" in the `concepts` field, and a query for either form
asks for that key, so either form finds the other. Senses come from
data/abbreviations.json, but a report that defines an abbreviation inline
("giảm tổn thất điện năng (TTĐN)") has its own sense for it: its TTĐN is then
"ton_that_dien_nang" and a query for TTĐN (thông tin đối ngoại) does not find it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from indexer import data
from indexer.analysis import SYLLABLE, fold, index_form

MAX_EXPANSION = 6  # syllables
_INLINE = re.compile(r"\(\s*([A-ZĐ][A-ZĐ&]{1,7})\s*\)")
_LINKS = {"va", "&"}  # "Thông tin và Truyền thông (TTTT)": "và" has no letter of its own


def concept_key(expansion_syllables) -> str:
    return "_".join(fold(s) for s in expansion_syllables)


@dataclass(frozen=True)
class Sense:
    expansion: tuple[str, ...]           # index-form syllables
    followed_by: tuple[tuple[str, ...], ...] = ()  # folded syllable sequences that select this sense

    @property
    def key(self) -> str:
        return concept_key(self.expansion)


@dataclass(frozen=True)
class Table:
    senses: dict            # folded abbreviation → tuple[Sense] (default first)
    expansions: dict        # folded first syllable → tuple of folded expansion tuples
    kinds: dict             # folded document kind code ("kl") → index-form words ("kết", "luận")
    kind_words: dict        # folded kind words tuple → folded code
    forms: dict             # folded abbreviation → index form as written in the data ("bđbp")


def _syls(text: str) -> tuple[str, ...]:
    return tuple(index_form(m.group(0)) for m in SYLLABLE.finditer(text))


@lru_cache(maxsize=1)
def table() -> Table:
    raw = data.load_json("abbreviations.json")
    senses: dict[str, list[Sense]] = {}
    forms: dict[str, str] = {}
    for entry in raw["abbreviations"]:
        sense = Sense(_syls(entry["expansion"]),
                      tuple(tuple(fold(s) for s in _syls(f)) for f in entry.get("followed_by", [])))
        key = fold(index_form(entry["abbr"]))
        forms.setdefault(key, index_form(entry["abbr"]))
        senses.setdefault(key, [])
        # the default sense (no context) goes first
        if sense.followed_by:
            senses[key].append(sense)
        else:
            senses[key].insert(0, sense)
    expansions: dict[str, set] = {}
    for ss in senses.values():
        for s in ss:
            folded = tuple(fold(x) for x in s.expansion)
            expansions.setdefault(folded[0], set()).add(folded)
    kinds = {fold(index_form(code)): _syls(words) for code, words in raw["document_kinds"].items()}
    kind_words = {tuple(fold(w) for w in words): code for code, words in kinds.items()}
    return Table({k: tuple(v) for k, v in senses.items()},
                 {k: tuple(sorted(v, key=len, reverse=True)) for k, v in expansions.items()},
                 kinds, kind_words, forms)


def _initials_match(words: list[str], letters: str) -> bool:
    """Do the folded initials of `words` (skipping "và") spell the abbreviation's letters?"""
    initials = "".join(fold(w)[0] for w in words if fold(w) not in _LINKS)
    return initials == letters


def inline_definitions(text: str) -> dict[str, tuple[str, ...]]:
    """Abbreviations a report defines itself: "thông tin đối ngoại (TTĐN)" → {"ttdn": (thông, tin, đối, ngoại)}."""
    found = {}
    for m in _INLINE.finditer(text):
        letters = fold(index_form(m.group(1))).replace("&", "")
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = [index_form(x.group(0)) for x in SYLLABLE.finditer(text, line_start, m.start())]
        for n in range(len(letters), len(letters) + 3):
            words = before[-n:]
            if len(words) == n and _initials_match(words, letters):
                found[fold(index_form(m.group(1)))] = tuple(words)
                break
    return found


def _is_abbreviation(token: str) -> bool:
    letters = token.replace("&", "")
    return len(letters) >= 2 and letters.isalpha() and token.isupper()


def resolve(abbr_folded: str, following: list[str], defined: dict | None = None) -> str | None:
    """The concept key of an abbreviation, from its own report's definition, its context or its default."""
    if defined and abbr_folded in defined:
        return concept_key(defined[abbr_folded])
    senses = table().senses.get(abbr_folded)
    if not senses:
        return None
    nxt = tuple(fold(s) for s in following)
    for sense in senses:
        for ctx in sense.followed_by:
            if nxt[:len(ctx)] == ctx:
                return sense.key
    for sense in senses:
        if not sense.followed_by:
            return sense.key
    return senses[0].key


def expansion_at(folded: list[str], i: int, extra: dict | None = None) -> tuple[str, ...] | None:
    """The longest known expansion (data or the report's own) starting at syllable i, folded."""
    cands = list(table().expansions.get(folded[i], ()))
    if extra:
        cands += [e for e in extra.get(folded[i], ())]
    best = None
    for exp in cands:
        if tuple(folded[i:i + len(exp)]) == exp and (best is None or len(exp) > len(best)):
            best = exp
    return best


def document_concepts(text: str) -> list[str]:
    """Concept keys of a report, one per occurrence of an abbreviation or of a spelled-out expansion."""
    defined = inline_definitions(text)
    extra: dict[str, set] = {}
    for words in defined.values():
        f = tuple(fold(w) for w in words)
        extra.setdefault(f[0], set()).add(f)
    originals = [m.group(0) for m in SYLLABLE.finditer(text)]
    folded = [fold(index_form(s)) for s in originals]
    keys = []
    for i, orig in enumerate(originals):
        if _is_abbreviation(orig):
            key = resolve(folded[i], folded[i + 1:i + 4], defined)
            if key:
                keys.append(key)
                continue
        exp = expansion_at(folded, i, extra)
        if exp:
            keys.append("_".join(exp))
    return keys


@dataclass
class Span:
    """A stretch of query syllables that is one unit: a concept or a document reference."""
    start: int
    end: int
    kind: str                 # "concept" or "docref"
    key: str                  # concept key, or the document number ("16-kl/tw") / number ("16")
    code: str = ""            # docref: folded kind code ("kl")
    forms: tuple = ()         # syllable sequences (index form) to highlight / phrase-match
    expansion: tuple = ()     # concept: the spelled-out syllables (as typed, or from the data)


_DOCNUM = re.compile(r"^(\d{1,4})(?:/\d{4})?[-/]([^\W\d_]+)", re.UNICODE)


def docnum_parts(token: str) -> tuple[str, str] | None:
    """("16", "kl") for "16-kl/tw"; None when the token is not a document number."""
    m = _DOCNUM.match(fold(token))
    if not m or "/" not in token and "-" not in token:
        return None
    return m.group(1), m.group(2)


def query_spans(syls: list[str]) -> list[Span]:
    """Concepts and document references in a run of query syllables (index form, maybe unaccented)."""
    t = table()
    folded = [fold(s) for s in syls]
    spans: list[Span] = []
    i = 0
    while i < len(syls):
        # kind words + optional "số" + number or document number: "kết luận số 16", "nghị định 72/2015/nđ-cp"
        hit = None
        for words, code in t.kind_words.items():
            n = len(words)
            if tuple(folded[i:i + n]) == words:
                j = i + n
                if j < len(syls) and folded[j] == "so":
                    j += 1
                if j < len(syls) and (folded[j].isdigit() or docnum_parts(syls[j])):
                    hit = (j, code)
                    break
        if hit:
            j, code = hit
            parts = docnum_parts(syls[j])
            key = syls[j] if parts else folded[j]
            spans.append(Span(i, j + 1, "docref", key, parts[1] if parts else code,
                              (tuple(syls[i:j + 1]),)))
            i = j + 1
            continue
        parts = docnum_parts(syls[i])
        if parts:
            spans.append(Span(i, i + 1, "docref", syls[i], parts[1], ((syls[i],),)))
            i += 1
            continue
        if folded[i] in t.senses:
            key = resolve(folded[i], folded[i + 1:i + 4])
            exp = next(s.expansion for ss in [t.senses[folded[i]]] for s in ss if s.key == key)
            spans.append(Span(i, i + 1, "concept", key, forms=((syls[i],), exp), expansion=exp))
            i += 1
            continue
        exp = expansion_at(folded, i)
        if exp:
            n = len(exp)
            abbrs = tuple((t.forms[a],) for a, ss in t.senses.items() if any(s.key == "_".join(exp) for s in ss))
            spans.append(Span(i, i + n, "concept", "_".join(exp), forms=(tuple(syls[i:i + n]),) + abbrs,
                              expansion=tuple(syls[i:i + n])))
            i += n
            continue
        i += 1
    return spans


def kind_words(code: str) -> tuple[str, ...]:
    return table().kinds.get(code, ())
