"""Whoosh queries evaluated over the generation's arrays (indexer.columns): same matches, same BM25F scores.

Why: in this domain most query words occur in most documents, and Whoosh walks
and scores their postings one at a time in Python (0.4-3.4 s a query at 20,000
documents). Here every node of the query tree is evaluated at once for all
documents: a boolean mask of the documents it matches and a float64 array of
their scores, combined the way Whoosh's matchers combine them (And and Or add
the scores of the children that match, AndMaybe adds the optional part where it
matches, DisjunctionMax takes the maximum, boosts multiply). Term scores are
Whoosh's own BM25F formula, fed Whoosh's own statistics (idf, average field
length, the byte-quantised field length, stored weights), so scores agree with
Whoosh's to floating-point rounding (sums are added in another order).
Phrases, term scores and Or sums run as compiled loops (indexer/kernels.py).

A query node this module does not know raises Unsupported, and the caller asks
Whoosh instead: the fast path never guesses. tests/perf/ compares both paths.
"""
from __future__ import annotations

import threading

import numpy as np
from whoosh import query as wq
from whoosh import scoring

from indexer import kernels
from indexer.columns import Columns


class Unsupported(Exception):
    """A query shape (or weighting) the fast path does not replicate; use Whoosh."""


class FastPath:
    """Evaluates Whoosh query trees for one opened generation."""

    def __init__(self, columns: Columns, searcher, live: np.ndarray):
        self.columns = columns
        self.searcher = searcher
        self.live = live
        self.n = live.size
        self.weighting = searcher.weighting
        self._stats: dict = {}
        # Recent node results: one search evaluates the same terms in its match, score and
        # exact queries, and people repeat searches. Arrays are read-only once cached.
        self._memo: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._memo_size = max(8, min(1024, int(64 * 100_000 / max(self.n, 1))))  # ~60 MB of arrays at most
        self._memo_lock = threading.Lock()

    # -- public -------------------------------------------------------------

    def forget(self) -> None:
        """Drop the memo of node results (benchmarks time queries without it)."""
        with self._memo_lock:
            self._memo.clear()

    def evaluate(self, query, within: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(mask of matching live documents, scores) of a query; raises Unsupported.

        With `within` (sorted docnums), both arrays are over those documents only, and
        the work is proportional to them: a page of filtered results is scored on its scope."""
        if type(self.weighting) is not scoring.BM25F:
            raise Unsupported(f"weighting {type(self.weighting).__name__}")
        mask, score = self._eval(query, within)
        return mask & (self.live if within is None else self.live[within]), score

    @staticmethod
    def top(mask: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
        """Docnums of the k best matches, best first; equal scores in docnum order (as Whoosh's collector)."""
        ids = np.flatnonzero(mask)
        if ids.size == 0 or k <= 0:
            return ids[:0]
        s = scores[ids]
        if ids.size > k:
            kth = np.partition(s, ids.size - k)[ids.size - k]
            keep = s >= kth
            ids, s = ids[keep], s[keep]
        order = np.lexsort((ids, -s))
        return ids[order[:k]]

    # -- query nodes --------------------------------------------------------

    # Evaluation is over a universe: every document (within=None, arrays of n) or a sorted array of
    # docnums (arrays aligned with it). An And narrows the universe of its remaining children to the
    # documents its children so far all match, once those are fewer than 1 in NARROW: a rare word, a
    # filter or a report flag then saves the work of the common words on every other document.
    NARROW = 8

    def _empty(self, size: int | None = None):
        size = self.n if size is None else size
        return np.zeros(size, dtype=bool), np.zeros(size, dtype=np.float64)

    def _eval(self, q, within=None):
        if type(q) is wq.Or and (q.scale or q.minmatch):  # not in repr(): never memoised
            raise Unsupported("Or with scale or minmatch")
        key = repr(q)
        with self._memo_lock:
            hit = self._memo.pop(key, None)
            if hit is not None:
                self._memo[key] = hit  # most recently used last
        if hit is not None:
            return hit if within is None else (hit[0][within], hit[1][within])
        if within is not None:  # partial results are not memoised
            return self._eval_node(q, within)
        mask, score = self._eval_node(q, None)
        mask.flags.writeable = False
        score.flags.writeable = False
        with self._memo_lock:
            while len(self._memo) >= self._memo_size:
                self._memo.pop(next(iter(self._memo)))
            self._memo[key] = (mask, score)
        return mask, score

    def _eval_node(self, q, within):
        kind = type(q)
        size = self.n if within is None else within.size
        if q is wq.NullQuery or kind is type(wq.NullQuery):
            return self._empty(size)
        if kind is wq.Term:
            mask, score = self._term(q.fieldname, q.text, within)
            return self._boosted(mask, score, q.boost)
        if kind is wq.Phrase:
            return self._phrase(q, within)
        if kind is wq.And:
            subs = q.subqueries
            if len(subs) < 2:
                return self._compound(q, None, within)
            mask, score = self._and_narrowing(subs, within)
            return self._boosted(mask, score, q.boost)
        if kind in (wq.Or, wq.DisjunctionMax):
            if kind is wq.Or and (q.scale or q.minmatch):
                raise Unsupported("Or with scale or minmatch")
            return self._compound(q, self._or if kind is wq.Or else self._dismax, within)
        if kind in (wq.AndMaybe, wq.AndNot, wq.Require):
            am, ascore = self._eval(q.a, within)
            bm, bscore = self._eval_where(q.b, am, within)
            if kind is wq.AndMaybe:
                return am, ascore + np.where(bm, bscore, 0.0)
            return (am & ~bm if kind is wq.AndNot else am & bm), ascore
        raise Unsupported(kind.__name__)

    def _eval_where(self, q, needed, within):
        """q's result where `needed` is set (elsewhere: no match): only there when that is few documents."""
        count = int(np.count_nonzero(needed))
        if count * self.NARROW > needed.size:
            return self._eval(q, within)
        mask, score = self._empty(needed.size)
        if count:
            sub = np.flatnonzero(needed)
            m, s = self._eval(q, sub if within is None else within[sub])
            mask[sub], score[sub] = m, s
        return mask, score

    def _cost(self, q) -> int:
        """How many documents a child may match, known without evaluating it (terms); n otherwise."""
        if type(q) is wq.Term:
            cols = self.columns.fields.get(q.fieldname)
            if q.fieldname in self.searcher.schema and cols is not None:
                i = cols.term_index.get(q.text.decode("utf-8") if isinstance(q.text, bytes) else q.text)
                return 0 if i is None else int(cols.term_ptr[i + 1] - cols.term_ptr[i])
        return self.n

    def _and_narrowing(self, subs, within):
        """Whoosh's And (all children match; scores added in child order), children evaluated from the
        rarest term up, each on the documents the ones before all match once those are few."""
        size = self.n if within is None else within.size
        order = sorted(range(len(subs)), key=lambda i: self._cost(subs[i]))
        sub = None  # positions in this node's universe the next child is evaluated on (None: all)
        got = {}  # child → (its sub, its result)
        cand = None
        for k, i in enumerate(order):
            docs = within if sub is None else (sub if within is None else within[sub])
            m, sc = self._eval(subs[i], docs)
            got[i] = (sub, (m, sc))
            cand = m.copy() if cand is None else cand & m
            count = int(np.count_nonzero(cand))
            if count == 0:
                return self._empty(size)
            if k + 1 < len(order) and count * self.NARROW <= cand.size:
                keep = np.flatnonzero(cand)
                sub = keep if sub is None else sub[keep]
                cand = np.ones(keep.size, dtype=bool)
        parts = []
        for i in range(len(subs)):
            s_i, (m, sc) = got[i]
            if s_i is not sub:  # evaluated on a wider universe: take the final one's documents
                at = sub if s_i is None else np.searchsorted(s_i, sub)
                m, sc = m[at], sc[at]
            parts.append((m, sc))
        m, sc = self._and(parts)
        if sub is None:
            return m, sc
        mask, score = self._empty(size)
        mask[sub], score[sub] = m, sc
        return mask, score

    @staticmethod
    def _boosted(mask, score, boost):
        if boost != 1.0:
            score = score * boost
        return mask, score

    def _compound(self, q, combine, within):
        subs = q.subqueries
        if not subs:
            return self._empty(self.n if within is None else within.size)
        if len(subs) == 1:  # Whoosh uses the child's matcher as it is, without the boost
            return self._eval(subs[0], within)
        mask, score = combine([self._eval(sub, within) for sub in subs])
        return self._boosted(mask, score, q.boost)

    @staticmethod
    def _and(parts):
        mask, score = parts[0][0].copy(), parts[0][1].copy()
        for m, s in parts[1:]:
            mask &= m
            score += s
        return mask, score

    @staticmethod
    def _or(parts):
        mask, score = parts[0][0].copy(), np.where(parts[0][0], parts[0][1], 0.0)
        for m, s in parts[1:]:
            kernels.or_into(mask, score, m, s)
        return mask, score

    @staticmethod
    def _dismax(parts):
        mask = parts[0][0].copy()
        score = np.where(parts[0][0], parts[0][1], -np.inf)
        for m, s in parts[1:]:
            mask |= m
            score = np.maximum(score, np.where(m, s, -np.inf))
        return mask, np.where(mask, score, 0.0)

    # -- leaves -------------------------------------------------------------

    def _field(self, fieldname):
        if fieldname not in self.searcher.schema:
            return None  # as Whoosh: a field the index does not have matches nothing
        cols = self.columns.fields.get(fieldname)
        if cols is None:
            raise Unsupported(f"no columns for field {fieldname!r}")
        return cols

    def _term_stats(self, fieldname, text):
        key = (fieldname, text)
        st = self._stats.get(key)
        if st is None:
            field = self.searcher.schema[fieldname]
            btext = field.to_bytes(text)
            w = self.weighting
            st = (self.searcher.idf(fieldname, btext), self.searcher.avg_field_length(fieldname) or 1,
                  w._field_B.get(fieldname, w.B), w.K1)
            if len(self._stats) > 100_000:
                self._stats.clear()
            self._stats[key] = st
        return st

    def _term_scores(self, fieldname, text, docs, weights):
        """Whoosh's bm25() for each posting, in the same order of operations (so the same float)."""
        idf, avgfl, B, K1 = self._term_stats(fieldname, text)
        tf = weights.astype(np.float64)
        return idf * ((tf * (K1 + 1)) / (tf + self._length_norm(fieldname, avgfl, B, K1)[docs]))

    def _length_norm(self, fieldname, avgfl, B, K1):
        """K1 * ((1 - B) + B * fl / avgfl) of every document: the part of bm25() that depends on the
        document, not the term, computed once per field (the same operations, so the same floats)."""
        key = ("norm", fieldname, avgfl, B, K1)
        norm = self._stats.get(key)
        if norm is None:
            fl = self._field(fieldname).lengths
            norm = self._stats[key] = K1 * ((1 - B) + B * fl / avgfl)
        return norm

    def _term(self, fieldname, text, within=None):
        cols = self._field(fieldname)
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        mask, score = self._empty(self.n if within is None else within.size)
        if within is None and cols is not None and cols.weights is None and self.searcher.schema[fieldname].scorable:
            counted = cols.counted_postings(text)
            if counted is not None:  # the usual case: one compiled pass writes documents and scores
                idf, avgfl, B, K1 = self._term_stats(fieldname, text)
                norm = self._length_norm(fieldname, avgfl, B, K1)
                kernels.term_into(counted[0], counted[1], cols.boost, idf, K1, norm, mask, score)
                return mask, score
        found = cols.postings(text) if cols is not None else None
        if found is None:
            return mask, score
        docs, weights = found
        at = docs
        if within is not None:  # the postings of the universe's documents, found by binary search
            if docs.size == 0:
                return mask, score
            j = np.minimum(np.searchsorted(docs, within), docs.size - 1)
            at = np.flatnonzero(docs[j] == within)
            docs, weights = docs[j[at]], weights[j[at]]
        mask[at] = True
        if self.searcher.schema[fieldname].scorable:
            score[at] = self._term_scores(fieldname, text, docs, weights)
        else:  # Whoosh's WeightScorer: the posting's weight
            score[at] = weights
        return mask, score

    def _phrase(self, q, within=None):
        """A phrase's (mask, score); on a universe, only its documents are checked."""
        mask, score = self._phrase_in(q, within)
        return (mask, score) if within is None else (mask[within], score[within])

    def _phrase_in(self, q, within):
        cols = self._field(q.fieldname)
        if cols is None:
            return self._empty()
        if not cols.positional:
            raise Unsupported(f"field {q.fieldname!r} has no positions")
        words = [w.decode("utf-8") if isinstance(w, bytes) else w for w in q.words]
        numbers = [cols.term_index.get(w) for w in words]
        mask, score = self._empty()
        if not words or any(i is None for i in numbers):
            return mask, score
        # Each word as a term query: usually already evaluated (memoised) by the query's other parts.
        # A phrase's score is the sum of its words' term scores where it matches.
        terms = [self._eval(wq.Term(q.fieldname, w)) for w in words]
        # Documents with every word, then the chain of positions within the slop.
        cand = self.live.copy()
        if within is not None:
            universe = np.zeros(self.n, dtype=bool)
            universe[within] = True
            cand &= universe
        for m, _ in terms:
            cand &= m
        if not cand.any():
            return mask, score
        docs_hit = kernels.phrase_documents([cols.word_positions(i) for i in numbers], cand, int(q.slop))
        if docs_hit.size == 0:
            return mask, score
        mask[docs_hit] = True
        for _, term_score in terms:
            score[docs_hit] += term_score[docs_hit]
        return self._boosted(mask, score, q.boost)


def open_for(gen_path, searcher, live: np.ndarray, enabled: bool = True) -> FastPath | None:
    """The fast path of an opened generation, or None (no columns written, or disabled)."""
    if not enabled:
        return None
    cols = Columns.load(gen_path, searcher.reader().doc_count_all())
    return FastPath(cols, searcher, live) if cols is not None else None


def run(fast: FastPath | None, query, within: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """(mask, scores) of a query from the arrays (over `within` when given), or None when Whoosh must answer it."""
    if fast is None:
        return None
    try:
        return fast.evaluate(query, within)
    except Unsupported:
        return None


class FacetTable:
    """One facet's values of each document as flat arrays: counting is one bincount, not a loop per value.

    Why by document: a count needs only the documents in scope or, when the scope is most of
    the index (in this domain most queries match most reports), only those outside it,
    subtracted from the counts over all documents. The work is the smaller of the two."""

    def __init__(self, postings: dict[str, np.ndarray], n: int):
        self.values = list(postings)
        self.index = {v: i for i, v in enumerate(self.values)}
        sizes = [len(ids) for ids in postings.values()]
        docs = np.concatenate([np.asarray(ids, dtype=np.int64) for ids in postings.values()]) \
            if self.values else np.zeros(0, np.int64)
        value_of = np.repeat(np.arange(len(self.values), dtype=np.int64), sizes)
        per_doc = np.bincount(docs, minlength=n)
        self.total = np.bincount(value_of, minlength=len(self.values))
        if per_doc.size == 0 or per_doc.max() <= 1:  # one value a document: a code per document
            self.code = np.full(n, -1, dtype=np.int64)
            self.code[docs] = value_of
        else:
            self.code = None
            self.doc_ptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(per_doc, out=self.doc_ptr[1:])
            self.doc_values = value_of[np.argsort(docs, kind="stable")]

    def _count(self, docs: np.ndarray) -> np.ndarray:
        if self.code is not None:
            v = self.code[docs]
            return np.bincount(v[v >= 0], minlength=len(self.values))
        starts = self.doc_ptr[docs]
        lens = self.doc_ptr[docs + 1] - starts
        ends = np.cumsum(lens)
        entries = np.repeat(starts - (ends - lens), lens) + np.arange(int(ends[-1]) if ends.size else 0)
        return np.bincount(self.doc_values[entries], minlength=len(self.values))

    def counts(self, scope: np.ndarray) -> np.ndarray:
        if np.count_nonzero(scope) * 2 > scope.size:
            return self.total - self._count(np.flatnonzero(~scope))
        return self._count(np.flatnonzero(scope))


def facet_counts(gen, key: str, scope: np.ndarray, selected=()):
    """(value, count) of one facet within scope: values that occur there, and the selected ones."""
    tables = gen.__dict__.setdefault("_facet_tables", {})
    table = tables.get(key)
    if table is None:
        table = tables[key] = FacetTable(gen.postings[key], gen.size)
    counts = table.counts(scope)
    chosen = set(selected)
    for i in np.flatnonzero(counts).tolist():
        yield table.values[i], int(counts[i])
    for value in chosen:
        i = table.index.get(value)
        if i is not None and not counts[i]:
            yield value, 0
