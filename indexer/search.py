"""Searcher: the read side of the index, returning plain dicts (the /api/search structure).

Facet counts come from per-facet docnum tables built once per index generation,
not from Whoosh's groupedby, which rebuilds them on every search (DESIGN.md).
"""
from __future__ import annotations

import datetime as dt
import html
import re
import threading
import time
from pathlib import Path

import numpy as np
from whoosh import highlight
from whoosh import index as windex

from indexer import fastpath
from indexer import query as q
from indexer.analysis import folded_analyzer, syllable_analyzer
from indexer.build import current_generation, default_index_dir
from indexer.schema import FACETS

SORTS = ("relevance", "newest", "oldest")
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
_ADJACENT_MARKS = re.compile(r"</mark>(\s+)<mark>")


class QueryError(ValueError):
    """A parameter the user can correct; the message says how (shown with HTTP 400)."""


class IndexMissing(RuntimeError):
    """No index generation has been published yet."""


def _iso_date(value: str | None, name: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise QueryError(f"{name} phải là ngày dạng YYYY-MM-DD, ví dụ 2019-12-31 (nhận được: {str(value)[:40]!r})") from None


def validate(filters, sort, page, per_page, date_from, date_to):
    """Checked, normalised parameters; raises QueryError with a message that says what to fix."""
    if sort not in SORTS:
        raise QueryError(f"sort phải là một trong: {', '.join(SORTS)}")
    try:
        page, per_page = int(page), int(per_page)
    except (TypeError, ValueError):
        raise QueryError("page và per_page phải là số nguyên") from None
    if not 1 <= page <= MAX_PAGE:
        raise QueryError(f"page phải từ 1 đến {MAX_PAGE}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page phải từ 1 đến {MAX_PER_PAGE}")
    clean = {}
    for key, values in (filters or {}).items():
        if key not in FACETS:
            raise QueryError(f"Bộ lọc không hợp lệ: {key!r}. Các bộ lọc: {', '.join(FACETS)}")
        values = [values] if isinstance(values, str) else list(values)
        values = [str(v).strip() for v in values if str(v).strip()]
        if values:
            clean[key] = list(dict.fromkeys(values))
    date_from, date_to = _iso_date(date_from, "date_from"), _iso_date(date_to, "date_to")
    if date_from and date_to and date_from > date_to:
        raise QueryError("date_from phải trước hoặc bằng date_to")
    return clean, sort, page, per_page, date_from, date_to


class _Generation:
    """One opened index generation with its per-document columns."""

    def __init__(self, path: Path, fast: bool = True):
        self.path = path
        self.index = windex.open_dir(str(path))
        self.searcher = self.index.searcher()
        reader = self.searcher.reader()
        n = reader.doc_count_all()
        self.size = n
        self.live = np.ones(n, dtype=bool)
        for docnum in range(n):
            if reader.is_deleted(docnum):
                self.live[docnum] = False
        self.dates = np.array([reader.stored_fields(i).get("date", "") if self.live[i] else "" for i in range(n)],
                              dtype="U10")
        # facet key → value → sorted docnums
        self.postings: dict[str, dict[str, np.ndarray]] = {}
        for key in FACETS:
            table = {}
            for term in reader.lexicon(key):
                value = term.decode("utf-8") if isinstance(term, bytes) else term
                ids = np.fromiter(reader.postings(key, term).all_ids(), dtype=np.int64)
                table[value] = ids[self.live[ids]]
            self.postings[key] = table
        # Candidate sets, scores and phrase checks over arrays (indexer/fastpath.py); None: Whoosh answers.
        self.fast = fastpath.open_for(path, self.searcher, self.live, enabled=fast)

    def mask_of(self, docnums) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        ids = np.fromiter(docnums, dtype=np.int64)
        if ids.size:
            mask[ids] = True
        return mask & self.live

    def close(self):
        self.searcher.close()


class Searcher:
    """Opens the published generation and follows new ones as builds publish them."""

    def __init__(self, index_dir: str | Path | None = None, fast: bool = True):
        """fast=False: every query through Whoosh's own matchers and scoring (the reference path)."""
        self.index_dir = Path(index_dir or default_index_dir())
        self.fast = fast
        self._lock = threading.RLock()
        self._gen: _Generation | None = None
        self._open()

    def _open(self):
        path = current_generation(self.index_dir)
        if path is None:
            raise IndexMissing(f"chưa có chỉ mục trong {self.index_dir}; hãy chạy: ttdn-index build corpus/")
        old, self._gen = self._gen, _Generation(path, fast=self.fast)
        if old:
            old.close()

    def refresh(self) -> bool:
        """Switch to a newly published generation; cheap when there is none."""
        path = current_generation(self.index_dir)
        if path is not None and (self._gen is None or path != self._gen.path):
            with self._lock:
                if self._gen is None or path != self._gen.path:
                    self._open()
                    return True
        return False

    def close(self):
        if self._gen:
            self._gen.close()
            self._gen = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def generation(self) -> str:
        return self._gen.path.name

    # -- searching ---------------------------------------------------------

    def search(self, q_text: str = "", filters: dict | None = None, sort: str = "relevance", page: int = 1,
               per_page: int = 10, date_from: str | None = None, date_to: str | None = None) -> dict:
        started = time.perf_counter()
        filters, sort, page, per_page, date_from, date_to = validate(filters, sort, page, per_page, date_from, date_to)
        self.refresh()
        with self._lock:
            gen = self._gen
            parsed = q.parse(q_text)
            wquery = q.to_whoosh(parsed)
            scored = fastpath.run(gen.fast, wquery) if not parsed.empty else None
            if scored is not None:
                base = scored[0].copy()
            else:
                base = gen.mask_of(gen.searcher.docs_for_query(wquery)) if not parsed.empty else gen.live.copy()
            if date_from:
                base &= gen.dates >= date_from
            if date_to:
                base &= gen.dates <= date_to
            masks = {key: self._facet_mask(gen, key, values) for key, values in filters.items()}
            hits_mask = base.copy()
            for m in masks.values():
                hits_mask &= m
            total = int(hits_mask.sum())
            hits = self._page(gen, parsed, wquery, hits_mask, total, sort, page, per_page, scored)
            facets = {key: self._facet_counts(gen, key, base, masks, filters.get(key, [])) for key in FACETS}
        return {
            "query": q_text or "",
            "total": total,
            "page": page,
            "per_page": per_page,
            "sort": sort,
            "took_ms": round((time.perf_counter() - started) * 1000, 2),
            "hits": hits,
            "facets": facets,
            "suggestion": None,
        }

    @staticmethod
    def _facet_mask(gen: _Generation, key: str, values: list[str]) -> np.ndarray:
        mask = np.zeros(gen.size, dtype=bool)
        for v in values:
            ids = gen.postings[key].get(v)
            if ids is not None:
                mask[ids] = True
        return mask

    @staticmethod
    def _facet_counts(gen, key, base, masks, selected) -> list[dict]:
        """Disjunctive counts: every selected filter applies except this facet's own."""
        scope = base.copy()
        for other, m in masks.items():
            if other != key:
                scope &= m
        counts = []
        for value, n in fastpath.facet_counts(gen, key, scope, selected):
            if n or value in selected:
                counts.append({"value": value, "count": n, "selected": value in selected})
        for value in selected:
            if value not in gen.postings[key]:
                counts.append({"value": value, "count": 0, "selected": True})
        counts.sort(key=lambda c: (-c["count"], c["value"]))
        return counts

    def _page(self, gen, parsed, wquery, mask, total, sort, page, per_page, scored=None) -> list[dict]:
        offset = (page - 1) * per_page
        if offset >= total:
            return []
        scores = {}
        if sort == "relevance" and not parsed.empty and scored is not None:
            docnums = fastpath.FastPath.top(mask, scored[1], offset + per_page)[offset:].tolist()
            scores = {d: float(scored[1][d]) for d in docnums}
        elif sort == "relevance" and not parsed.empty:
            allowed = set(np.flatnonzero(mask).tolist())
            results = gen.searcher.search(wquery, filter=allowed, limit=offset + per_page)
            docnums = [hit.docnum for hit in results[offset:offset + per_page]]
            scores = {hit.docnum: hit.score for hit in results[offset:offset + per_page]}
        else:
            ids = np.flatnonzero(mask)
            order = np.argsort(gen.dates[ids], kind="stable")
            if sort != "oldest":
                # newest first; ties keep index order
                order = order[::-1]
            docnums = ids[order][offset:offset + per_page].tolist()
        return [self._hit(gen, d, parsed, scores.get(d)) for d in docnums]

    def _hit(self, gen, docnum, parsed, score) -> dict:
        stored = gen.searcher.stored_fields(docnum)
        record = stored["record"]
        return {
            "id": stored["id"],
            "title": record.get("title") or stored["id"],
            "date": record.get("date"),
            "province": record.get("province"),
            "source": record.get("source"),
            "kind": record.get("kind"),
            "snippet": snippet(stored.get("body", ""), parsed),
            "score": round(score, 4) if score is not None else None,
        }

    # -- documents ---------------------------------------------------------

    def document(self, doc_id: str) -> dict | None:
        self.refresh()
        with self._lock:
            stored = self._gen.searcher.document(id=doc_id)
        if not stored:
            return None
        record = dict(stored["record"])
        record["body"] = stored.get("body", "")
        return record


def highlight_html(text: str, parsed: q.ParsedQuery, top: int = 3, whole: bool = False) -> str | None:
    """Escaped fragments of text (or all of it) with the query's syllables in <mark>; None when none occur."""
    terms = frozenset(parsed.all_terms())
    if not terms or not text:
        return None
    analyzer = folded_analyzer() if parsed.folded else syllable_analyzer()
    if whole:
        fragmenter = highlight.WholeFragmenter(charlimit=None)
    else:
        fragmenter = highlight.ContextFragmenter(maxchars=240, surround=80, charlimit=None)
    formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
    formatter.template = "<%(tag)s>%(t)s</%(tag)s>"
    out = highlight.highlight(text, terms, analyzer, fragmenter, formatter, top=top)
    if not out:
        return None
    return _ADJACENT_MARKS.sub(r"\1", out)


def snippet(body: str, parsed: q.ParsedQuery) -> str:
    marked = highlight_html(body, parsed)
    if marked:
        return marked
    lead = body.replace("\n\n", " ")[:240]
    return html.escape(lead) + ("…" if len(body) > 240 else "")
