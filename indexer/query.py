"""The query language typed in the search box: parsed into plain data, then planned into Whoosh queries.

    phân giới cắm mốc          all words must match (on syllables), ranked by BM25F; words that
                               stand together (pairs, title phrase, underthesea words) rank higher
    "đối ngoại nhân dân"       a phrase, on syllable positions
    Hoàng Sa OR Trường Sa      either side ("|" too); OR separates the words around it into
                               alternatives: "a b OR c d" is (a b) OR (c d); parentheses group
    biên giới -Campuchia       exclusion (also -"phrase", -(group))
    kiều*                      syllable prefix (at most MAX_PREFIX_TERMS expansions)
    tinh:"Lai Châu" nam:2019   filters typed in the box, merged with the facet parameters
    TTĐN, thông tin đối ngoại  either form finds the other (abbreviations.py)
    Kết luận 16, 16-KL/TW      either form finds the other

A query with no diacritic at all searches the folded fields. A query with
diacritics matches exact forms, plus documents written entirely without
diacritics on folded forms; those come after the exact matches. Parsing never
raises: unbalanced quotes and parentheses and stray operators degrade to plain words.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from whoosh import query as wq

from indexer import abbreviations as ab
from indexer.analysis import pair
from indexer.normalize import fold, has_diacritics, index_form

MAX_QUERY_CHARS = 1000
MAX_UNITS = 32          # a pasted paragraph is searched on its first 32 units
MAX_PREFIX_TERMS = 50   # a prefix expands to its most frequent syllables, no more
MAX_WORD_NGRAM = 3

# Ranking weights (BM25F sums); tuned on tests/relevance (see bench/relevance.py).
FOLDED_IN_EXACT = 0.3   # a folded-only match in a query with diacritics counts less
PAIR_BOOST = 1.5        # two query syllables side by side in the document
TITLE_PHRASE_BOOST = 4.0
WORD_BOOST = 0.5        # underthesea words of the document that the query spells
META_BOOST = 0.5        # province, officials, … stored beside the text
CONCEPT_TITLE_BOOST = 2.0
BODY_PHRASE_BOOST = 1.0  # the whole run as a phrase in the body (on top of its pairs)
NEAR_SLOP = 4            # "close by": the run in order within this many positions
NEAR_BOOST = 0.3
MAX_PHRASE_BOOST_SYLLABLES = 8

# Filters typed in the box: name (folded) → facet key.
FILTER_NAMES = {
    "tinh": "province", "province": "province", "thanhpho": "province",
    "nam": "year", "year": "year",
    "loai": "kind", "kind": "kind",
    "chude": "topic", "topic": "topic",
    "nuoc": "country", "quocgia": "country", "country": "country",
    "vanban": "document", "document": "document",
    "canbo": "official", "official": "official",
    "nguon": "source", "source": "source",
    "tinhmoi": "province_2025", "tinh2025": "province_2025", "province_2025": "province_2025",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_LEX = re.compile(r"""
    (?P<space>\s+)
  | (?P<quote>")
  | (?P<lp>\()
  | (?P<rp>\))
  | (?P<bar>\|)
  | (?P<neg>-+(?=\S))
  | (?P<field>(?P<fname>[^\W\d_][\w]*):(?:"(?P<fqval>[^"]*)"|(?P<fval>[^\s()"|]+)))
  | (?P<word>[^\s()"|]+)
""", re.VERBOSE | re.UNICODE)


@dataclass
class Unit:
    """One thing a document must contain."""
    kind: str                       # term | phrase | prefix | concept | docref | any
    syls: tuple = ()                # index-form syllables as typed
    key: str = ""                   # concept key, document number or bare number
    code: str = ""                  # docref: kind code ("kl")
    forms: tuple = ()               # syllable sequences to highlight
    alts: list = field(default_factory=list)   # any: list of lists of Unit (OR of ANDs)
    chars: tuple = ()               # term: (start, end) in the query text, for suggestions
    expansion: tuple = ()           # concept: its spelled-out syllables

    def all_forms(self):
        if self.kind == "any":
            for alt in self.alts:
                for u in alt:
                    yield from u.all_forms()
        elif self.forms:
            yield from self.forms
        elif self.kind != "prefix":
            yield self.syls


@dataclass
class ParsedQuery:
    text: str
    must: list = field(default_factory=list)       # top-level Units, all required
    must_not: list = field(default_factory=list)
    runs: list = field(default_factory=list)       # syllable sequences that should stand together
    filters: dict = field(default_factory=dict)    # facet key → values typed in the box
    not_filters: dict = field(default_factory=dict)  # -tinh:"Kon Tum": facet key → values to leave out
    folded: bool = False

    @property
    def empty(self) -> bool:
        return not self.must

    @property
    def terms(self) -> list[str]:
        """Single-syllable term units (index form), in order."""
        return [u.syls[0] for u in self._walk() if u.kind == "term"]

    def _walk(self):
        stack = list(self.must)
        while stack:
            u = stack.pop(0)
            if u.kind == "any":
                for alt in u.alts:
                    stack.extend(alt)
            else:
                yield u

    def units(self):
        return list(self._walk())

    def highlight_forms(self, folded: bool) -> tuple[set, set]:
        """(syllable sequences to mark where they stand whole, syllable prefixes), folded or not."""
        forms, prefixes = set(), set()
        for u in self._walk():
            if u.kind == "prefix":
                prefixes.add(u.syls[0])
                continue
            for form in u.all_forms():
                forms.add(tuple(form))
            if u.kind == "docref" and ab.docnum_parts(u.key):
                forms.add((u.key,))
        if folded:
            forms = {tuple(fold(s) for s in f) for f in forms}
            prefixes = {fold(p) for p in prefixes}
        return {f for f in forms if f}, {p for p in prefixes if p}

    def all_terms(self) -> set[str]:
        """Syllables to highlight, in the form of the analyzer used for highlighting (folded or not)."""
        out = set()
        for u in self.must:
            for form in u.all_forms():
                out.update(form)
        return {fold(t) for t in out} if self.folded else out


# -- parsing -------------------------------------------------------------

def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text or ""))[:MAX_QUERY_CHARS]
    return _CONTROL.sub(" ", text)


def _lex(text: str):
    """(kind, value, start, end) tokens; a quote without its partner is dropped."""
    pos = 0
    while pos < len(text):
        m = _LEX.match(text, pos)
        if not m:  # cannot happen with the catch-all, but never loop forever
            pos += 1
            continue
        kind = m.lastgroup if m.lastgroup not in ("fname", "fqval", "fval") else "field"
        start, pos = m.start(), m.end()
        if kind == "space":
            continue
        if kind == "quote":
            close = text.find('"', pos)
            if close < 0:
                continue  # unbalanced: the words after it are plain words
            yield ("phrase", text[pos:close], pos, close)
            pos = close + 1
            continue
        if kind == "field":
            name = fold(m.group("fname")).lower()
            if name in FILTER_NAMES:
                value = m.group("fqval") if m.group("fqval") is not None else m.group("fval")
                yield ("field", (FILTER_NAMES[name], value.strip()), start, pos)
                continue
            kind = "word"
        if kind == "word":
            word = m.group(0)
            if word.upper() == "OR" and word == "OR":
                yield ("or", None, start, pos)
                continue
            yield ("word", word, start, pos)
            continue
        if kind == "neg":  # "-word", '-"phrase"', "-(group)", "-tinh:…"
            yield ("not", None, start, pos)
        elif kind == "bar":
            yield ("or", None, start, pos)
        elif kind == "lp":
            yield ("lp", None, start, pos)
        elif kind == "rp":
            yield ("rp", None, start, pos)


def _word_syllables(word: str, start: int):
    """Syllables of one typed word, with their character spans; prefix marker for a trailing '*'."""
    prefix = word.endswith("*")
    body = word.strip("*")
    offset = start + (len(word) - len(word.lstrip("*")))
    out = [(index_form(m.group(0)), offset + m.start(), offset + m.end()) for m in _QUERY_SYLLABLE.finditer(body)]
    return out, prefix


# Queries may type document numbers in lower case: "16-kl/tw".
_QUERY_SYLLABLE = re.compile(
    r"\d{1,4}(?:/\d{4})?[-/][^\W\d_]{1,6}(?:[-/][^\W\d_]{1,6}){0,3}(?![^\W_])|[^\W_]+(?:&[^\W_]+)?(?:[.,]\d+)*",
    re.UNICODE)


class _Parser:
    def __init__(self, tokens):
        self.tokens = list(tokens)
        self.i = 0
        self.filters: dict[str, list[str]] = {}
        self.not_filters: dict[str, list[str]] = {}
        self.runs: list[tuple] = []
        self.has_diacritics = False
        self.count = 0

    def parse(self, depth=0):
        """A list of alternatives, each (units, negated units)."""
        alts = [([], [])]
        run: list = []
        negate = False

        def flush():
            nonlocal run
            if run:
                units, _ = alts[-1]
                units.extend(self._run_units(run))
                run = []

        while self.i < len(self.tokens):
            kind, value, start, end = self.tokens[self.i]
            self.i += 1
            if kind == "rp":
                if depth > 0:
                    break
                continue  # a stray ")" is ignored
            if kind == "or":
                flush()
                negate = False
                if alts[-1][0] or alts[-1][1]:
                    alts.append(([], []))
                continue
            if kind == "not":
                flush()
                negate = True
                continue
            if kind == "field":
                flush()
                key, val = value
                if val:
                    (self.not_filters if negate else self.filters).setdefault(key, []).append(val)
                negate = False
                continue
            if kind == "lp":
                flush()
                sub = self.parse(depth + 1)
                unit = _group(sub)
                if unit is not None and negate:
                    # -(a b): leave out documents with all of them; -(a OR b): with any of them
                    alts[-1][1].append(Unit("any", alts=[unit.alts[0]]) if unit.kind == "all" else unit)
                elif unit is not None and unit.kind == "all":
                    alts[-1][0].extend(unit.alts[0])
                    alts[-1][1].extend(unit.alts[1])
                elif unit is not None:
                    alts[-1][0].append(unit)
                negate = False
                continue
            if kind == "phrase":
                flush()
                syls = [s for s, _, _ in _word_syllables(value, start)[0]]
                self.has_diacritics |= has_diacritics(value)
                if syls:
                    u = self._phrase_unit(syls)
                    (alts[-1][1] if negate else alts[-1][0]).append(u)
                    if not negate and len(syls) > 1:
                        self.runs.append(tuple(syls))
                negate = False
                continue
            # a word
            syls, prefix = _word_syllables(value, start)
            self.has_diacritics |= has_diacritics(value)
            if not syls:
                negate = False
                continue
            if negate:
                flush()
                alts[-1][1].extend(self._run_units(syls, record=False))
                negate = False
                continue
            if prefix:
                run.extend(syls[:-1])
                flush()
                s, a, b = syls[-1]
                alts[-1][0].append(Unit("prefix", (s,), chars=(a, b)))
                continue
            run.extend(syls)
        flush()
        return [a for a in alts if a[0] or a[1]]

    def _phrase_unit(self, syls):
        if len(syls) == 1:
            return self._run_units([(syls[0], -1, -1)], record=False)[0]
        return Unit("phrase", tuple(syls))

    def _run_units(self, run, record=True):
        syls = [s for s, _, _ in run]
        spans = {sp.start: sp for sp in ab.query_spans(syls)}
        if record:
            self.runs.extend(r for r in _variants(syls, spans) if len(r) > 1)
        units = []
        i = 0
        while i < len(syls):
            sp = spans.get(i)
            if sp:
                units.append(Unit(sp.kind, tuple(syls[sp.start:sp.end]), sp.key, sp.code, sp.forms,
                                  expansion=sp.expansion))
                i = sp.end
            else:
                units.append(Unit("term", (syls[i],), chars=(run[i][1], run[i][2])))
                i += 1
        return units


def _variants(syls, spans) -> list[tuple]:
    """The run as typed, and as it would read with each concept in its other form ("Sở TTTT" ↔
    "Sở thông tin và truyền thông"), so that pairs and title phrases rank both spellings alike."""
    out = [tuple(syls)]
    concepts = [sp for sp in spans.values() if sp.kind == "concept" and len(sp.forms) > 1]
    choices = [{id(sp): 1 for sp in concepts}] + [{id(sp): 1} for sp in concepts] + \
              [{id(sp): 2 for sp in concepts if len(sp.forms) > 2}]
    for choice in choices:
        variant, i = [], 0
        while i < len(syls):
            sp = spans.get(i)
            if sp is not None and id(sp) in choice:
                variant.extend(sp.forms[choice[id(sp)]])
                i = sp.end
            else:
                variant.append(syls[i])
                i += 1
        if tuple(variant) not in out:
            out.append(tuple(variant))
    return out[:5]


def _group(alts) -> Unit | None:
    """A parenthesised group: its units inline when it has one alternative, else an 'any' unit."""
    if not alts:
        return None
    if len(alts) == 1:
        return Unit("all", alts=[alts[0][0], alts[0][1]])
    return Unit("any", alts=[units for units, _ in alts if units])


def parse(text: str) -> ParsedQuery:
    """Never raises: whatever is typed becomes a query (possibly empty)."""
    text = _clean(text)
    p = _Parser(_lex(text))
    try:
        alts = p.parse()
    except RecursionError:  # ((((… thousands deep: plain words
        p = _Parser([t for t in _lex(text) if t[0] in ("word", "phrase")])
        alts = p.parse()
    parsed = ParsedQuery(text=text, filters=p.filters, not_filters=p.not_filters, folded=not p.has_diacritics,
                         runs=[r[:MAX_UNITS] for r in p.runs[:8]])
    if len(alts) == 1:
        parsed.must, parsed.must_not = alts[0][0][:MAX_UNITS], alts[0][1][:MAX_UNITS]
    elif alts:
        options = [units[:MAX_UNITS] for units, _ in alts if units]
        parsed.must = [Unit("any", alts=options)] if options else []
        parsed.must_not = [u for _, negs in alts for u in negs][:MAX_UNITS]
    return parsed


# -- planning: ParsedQuery → Whoosh queries --------------------------------

@dataclass
class Plan:
    match: wq.Query            # the documents that match (exclusions not applied)
    exact: wq.Query | None     # tier 1 for a query with diacritics: every unit on exact forms
    score: wq.Query            # ranking; matches every document `match` does
    units: list                # one matching query per top-level unit (partial fallback)
    exclude: wq.Query | None   # documents to leave out


def _or(qs):
    qs = [q for q in qs if q is not None and q is not wq.NullQuery]
    if not qs:
        return wq.NullQuery
    return qs[0] if len(qs) == 1 else wq.Or(qs)


def _and(qs):
    qs = [q for q in qs if q is not None]
    if any(q is wq.NullQuery for q in qs) or not qs:
        return wq.NullQuery
    return qs[0] if len(qs) == 1 else wq.And(qs)


class Planner:
    """Builds the Whoosh queries of a parsed query; `expand(field, prefix)` lists a prefix's terms."""

    def __init__(self, parsed: ParsedQuery, expand=None):
        self.p = parsed
        self.expand = expand or (lambda fieldname, prefix: [])

    # fields of one side
    @staticmethod
    def _f(name, folded):
        return name + "_fold" if folded else name

    def _texts(self, folded, syls):
        return [fold(s) for s in syls] if folded else list(syls)

    def side(self, u: Unit, folded: bool) -> wq.Query:
        """Documents that contain unit u, on exact forms or on folded forms."""
        f = lambda n: self._f(n, folded)  # noqa: E731
        if u.kind == "term":
            s = self._texts(folded, u.syls)[0]
            return _or([wq.Term(f("body"), s), wq.Term(f("title"), s), wq.Term(f("meta"), s)])
        if u.kind == "phrase":
            syls = self._texts(folded, u.syls)
            return _or([wq.Phrase(f("body"), syls), wq.Phrase(f("title"), syls), wq.Phrase(f("meta"), syls)])
        if u.kind == "prefix":
            s = self._texts(folded, u.syls)[0]
            terms = self.expand(f("body"), s)
            return _or([wq.Term(fn, t) for t in terms for fn in (f("body"), f("title"))])
        if u.kind == "concept":
            # the abbreviation or its expansion (concepts field), or else all the expansion's syllables:
            # "TTĐN" and "thông tin đối ngoại" match the same documents
            words = [self.side(Unit("term", (s,)), folded) for s in u.expansion]
            return _or([wq.Term("concepts", u.key), _and(words)])
        if u.kind == "docref":
            return self._docref(u, folded)
        if u.kind == "any":
            return _or([_and([self.side(x, folded) for x in alt]) for alt in u.alts])
        return wq.NullQuery

    def _docref(self, u: Unit, folded: bool) -> wq.Query:
        """"16-KL/TW", "Kết luận 16", "Kết luận số 16": the number token, or the kind words with the bare number."""
        f = lambda n: self._f(n, folded)  # noqa: E731
        parts = ab.docnum_parts(u.key)
        number = parts[0] if parts else u.key
        kind = self._texts(folded, ab.kind_words(u.code))
        out = []
        if parts:
            t = self._texts(folded, [u.key])[0]
            out += [wq.Term(f("body"), t), wq.Term(f("title"), t)]
        else:
            # a bare number: any document number with this number and kind ("16-kl/tw", "16-kl/tu")
            pat = re.compile(r"^" + re.escape(number) + r"(?:/\d{4})?[-/]" + re.escape(fold(u.code)) + r"(?![^\W_])")
            for t in self.expand(f("body"), number):
                if pat.match(fold(t)):
                    out += [wq.Term(f("body"), t), wq.Term(f("title"), t)]
        if kind:
            for mid in ([], ["so"] if folded else ["số"]):
                out += [wq.Phrase(f("body"), kind + mid + [number]), wq.Phrase(f("title"), kind + mid + [number])]
        return _or(out)

    def matcher(self, u: Unit) -> wq.Query:
        """What a document must contain for unit u."""
        if self.p.folded:
            return self.side(u, True)
        if u.kind == "term" and not has_diacritics(u.syls[0]):
            # an unaccented syllable in a query with diacritics: also its accented forms
            return _or([self.side(u, False), self.side(u, True)])
        if u.kind == "any":
            return _or([_and([self.matcher(x) for x in alt]) for alt in u.alts])
        return _or([self.side(u, False), _and([self.side(u, True), wq.Term("plain", "1")])])

    def scorer(self, u: Unit) -> wq.Query:
        if self.p.folded:
            q = self.side(u, True)
        elif u.kind == "any":
            return _or([self.scorer(x) for alt in u.alts for x in alt])
        else:
            folded = self.side(u, True)
            if folded is not wq.NullQuery:
                folded = folded.with_boost(FOLDED_IN_EXACT) if hasattr(folded, "with_boost") else folded
            q = _or([self.side(u, False), folded])
        if u.kind == "concept":
            title = []
            for form in u.forms:
                syls = self._texts(self.p.folded, form)
                t = self._f("title", self.p.folded)
                title.append(wq.Term(t, syls[0], boost=CONCEPT_TITLE_BOOST) if len(syls) == 1
                             else wq.Phrase(t, syls, boost=CONCEPT_TITLE_BOOST))
            q = _or([q] + title)
        return q

    def _run_boosts(self, run, title=True) -> list:
        folded = self.p.folded
        syls = self._texts(folded, run)
        out = []
        for a, b in zip(syls, syls[1:]):
            out.append(wq.Term(self._f("pairs", folded), pair(a, b), boost=PAIR_BOOST))
        if len(syls) > 1 and title:
            out.append(wq.Phrase(self._f("title", folded), syls, boost=TITLE_PHRASE_BOOST))
        if 1 < len(syls) <= MAX_PHRASE_BOOST_SYLLABLES:
            # the whole run as typed, side by side, and (less) within a few syllables in order
            out.append(wq.Phrase(self._f("body", folded), syls, boost=BODY_PHRASE_BOOST))
            out.append(wq.Phrase(self._f("body", folded), syls, slop=NEAR_SLOP, boost=NEAR_BOOST))
        for n in range(2, MAX_WORD_NGRAM + 1):
            for i in range(len(syls) - n + 1):
                out.append(wq.Term(self._f("words", folded), "_".join(syls[i:i + n]), boost=WORD_BOOST))
        return out

    def plan(self) -> Plan:
        p = self.p
        units = [self.matcher(u) for u in p.must]
        match = _and(units) if units else wq.Every()
        exact = None
        if not p.folded and units:
            exact = _and([self.side(u, False) for u in p.must])
        boosts = [b for run in p.runs for b in self._run_boosts(run)]
        score = _or([self.scorer(u) for u in p.units()] + boosts) if units else wq.Every()
        exclude = _or([self.matcher(u) for u in p.must_not]) if p.must_not else None
        if exclude is wq.NullQuery:
            exclude = None
        return Plan(match, exact, score, units, exclude)


def to_whoosh(parsed: ParsedQuery, expand=None) -> wq.Query:
    """The documents a query matches, exclusions applied (one Whoosh query)."""
    plan = Planner(parsed, expand).plan()
    if plan.exclude is not None:
        return wq.AndNot(plan.match, plan.exclude)
    return plan.match
