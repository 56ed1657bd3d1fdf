"""Searcher: the read side of the index, returning plain dicts (the /api/search structure).

Facet counts come from per-facet docnum tables built once per index generation,
not from Whoosh's groupedby, which rebuilds them on every search (DESIGN.md).
"""
from __future__ import annotations

import datetime as dt
import html
import math
import re
import threading
import time
from pathlib import Path

import numpy as np
from whoosh import index as windex
from whoosh import query as wq

from indexer import fastpath, fasttext
from indexer import query as q
from indexer.analysis import pair_analyzer
from indexer.build import current_generation, default_index_dir, has_current_schema
from indexer.normalize import fold, index_form
from indexer.schema import EXTRA_FILTERS, FACETS
from indexer.spelling import Vocabulary

SORTS = ("relevance", "newest", "oldest")
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
_ADJACENT_MARKS = re.compile(r"</mark>(\s+)<mark>")
SUGGEST_BELOW = 2           # suggest a corrected query when a query finds this many documents or fewer
SIMILAR_TERMS = 40          # distinctive pairs of a document asked for by similar()
SIMILAR_TOPIC_WEIGHT = 0.5  # topics in common (Jaccard) against the best pair score (1.0)


def _filter_form(value) -> str:
    """How typed filter values are compared: 'lai chau', 'Lai Châu' and 'so_ket_6_thang' vs 'so ket 6 thang'."""
    return " ".join(fold(index_form(str(value))).replace("_", " ").replace("-", " ").split())


def _adjacent(a, b, text: str) -> bool:
    """Two typed syllables with only spaces between them."""
    return a.chars[1] <= b.chars[0] and not text[a.chars[1]:b.chars[0]].strip()


def _like_case(word: str, typed: str) -> str:
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


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
        self.dates = np.array(self._dates(reader, n), dtype="U10")
        self.dates[~self.live] = ""
        # facet key → value → sorted docnums
        self.postings: dict[str, dict[str, np.ndarray]] = {}
        for key in list(FACETS) + list(EXTRA_FILTERS):
            table = {}
            for term in reader.lexicon(key):
                value = term.decode("utf-8") if isinstance(term, bytes) else term
                ids = np.fromiter(reader.postings(key, term).all_ids(), dtype=np.int64)
                table[value] = ids[self.live[ids]]
            self.postings[key] = table
        # Candidate sets, scores and phrase checks over arrays (indexer/fastpath.py); None: Whoosh answers.
        self.fast = fastpath.open_for(path, self.searcher, self.live, enabled=fast)

    @staticmethod
    def _dates(reader, n: int) -> list[str]:
        """Each document's date from Whoosh's date column (0.01 s at 10,000 reports, against 0.8 s
        unpickling every stored record); from the stored fields when the column cannot be read."""
        try:
            dates = list(reader.column_reader("date"))
            if len(dates) == n:
                return dates
        except Exception:  # an index without the column: the slow way still works
            pass
        return [reader.stored_fields(i).get("date", "") for i in range(n)]

    def expand(self, fieldname: str, prefix: str) -> list[str]:
        """The terms of a field starting with prefix, the most frequent MAX_PREFIX_TERMS of the first few thousand.

        Bounded so that "a*" cannot turn into a query over the whole vocabulary."""
        if not prefix:
            return []
        reader = self.searcher.reader()
        found = []
        try:
            for i, (term, info) in enumerate(reader.iter_prefix(fieldname, prefix)):
                if i >= 5000:
                    break
                found.append((-info.doc_frequency(), term.decode("utf-8") if isinstance(term, bytes) else term))
        except KeyError:  # no such field in an index of an older schema
            return []
        found.sort()
        return [t for _, t in found[:q.MAX_PREFIX_TERMS]]

    def vocabulary(self, folded: bool) -> Vocabulary:
        """Indexed syllables of the body (folded or not) with document frequencies, built on first use."""
        key = "_vocab_fold" if folded else "_vocab"
        vocab = getattr(self, key, None)
        if vocab is None:
            reader = self.searcher.reader()
            field = "body_fold" if folded else "body"
            terms = {}
            try:
                for term, info in reader.iter_field(field):
                    text = term.decode("utf-8") if isinstance(term, bytes) else term
                    terms[text] = info.doc_frequency()
            except KeyError:
                pass
            vocab = Vocabulary(terms)
            setattr(self, key, vocab)
        return vocab

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
        self._broken: Path | None = None  # a published generation that failed to open
        self._open()

    def _open(self):
        path = current_generation(self.index_dir)
        if path is None:
            raise IndexMissing(f"chưa có chỉ mục trong {self.index_dir}; hãy chạy: ttdn-index build corpus/")
        if not has_current_schema(path):
            if self._gen is not None:
                return
            raise IndexMissing(f"chỉ mục {path} do phiên bản cũ tạo ra; hãy chạy: ttdn-index build corpus/ "
                               f"(chỉ mục sẽ được tạo lại, phần tách từ đã lưu được dùng lại)")
        try:
            gen = _Generation(path, fast=self.fast)
        except Exception as e:  # damaged on disk (files deleted or truncated by hand, a full disk)
            self._broken = path
            if self._gen is not None:
                return  # go on answering from the generation already open
            raise IndexMissing(f"chỉ mục {path} bị hỏng ({type(e).__name__}); "
                               f"hãy chạy: ttdn-index build --rebuild") from e
        old, self._gen = self._gen, gen
        if old:
            old.close()

    def refresh(self) -> bool:
        """Switch to a newly published generation; cheap when there is none."""
        path = current_generation(self.index_dir)
        if path is not None and path != self._broken and (self._gen is None or path != self._gen.path):
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
        """parse → Whoosh queries (query.Planner) → candidate mask → facet counts → one page of hits.

        When no document has every word, the best partial matches are shown instead and
        "partial" is true; "suggestion" proposes a corrected query when few documents match.
        """
        started = time.perf_counter()
        filters, sort, page, per_page, date_from, date_to = validate(filters, sort, page, per_page, date_from, date_to)
        self.refresh()
        with self._lock:
            gen = self._gen
            parsed = q.parse(q_text)
            filters = self._merge_typed_filters(gen, filters, parsed.filters)
            plan = q.Planner(parsed, gen.expand).plan()
            # scope: what the date range and the exclusions allow
            scope = gen.live.copy()
            if date_from:
                scope &= gen.dates >= date_from
            if date_to:
                scope &= gen.dates <= date_to
            if plan.exclude is not None:
                scope &= ~self._matches(gen, plan.exclude)
            for key, values in self._merge_typed_filters(gen, {}, parsed.not_filters).items():
                scope &= ~self._facet_mask(gen, key, values)
            base = scope & self._matches(gen, plan.match) if not parsed.empty else scope
            masks = {key: self._facet_mask(gen, key, values) for key, values in filters.items()}
            hits_mask = base.copy()
            for m in masks.values():
                hits_mask &= m
            total = int(hits_mask.sum())
            partial = False
            tiers = [hits_mask]
            if len(plan.units) > 1 and not base.any():
                # no document has every word (whatever the facets): the best partial matches. When only
                # the facet selection leaves nothing, stay empty: the facets show where the words are.
                partial, base, tiers = self._partial(gen, plan, scope, masks)
                total = int(sum(t.sum() for t in tiers))
            elif plan.exact is not None and total and sort == "relevance":
                exact = hits_mask & self._matches(gen, plan.exact)
                tiers = [exact, hits_mask & ~exact]
            hits = self._page(gen, parsed, plan, tiers, total, sort, page, per_page)
            facets = {key: self._facet_counts(gen, key, base, masks, filters.get(key, [])) for key in FACETS}
            suggestion = self._suggest(gen, parsed, total, partial)
        return {
            "query": q_text or "",
            "total": total,
            "page": page,
            "per_page": per_page,
            "sort": sort,
            "took_ms": round((time.perf_counter() - started) * 1000, 2),
            "hits": hits,
            "facets": facets,
            "suggestion": suggestion,
            "partial": partial,
        }

    @staticmethod
    def _matches(gen, wquery) -> np.ndarray:
        """The live documents a Whoosh query matches (fast path when it can, else Whoosh)."""
        scored = fastpath.run(gen.fast, wquery)
        if scored is not None:
            return scored[0] & gen.live
        return gen.mask_of(gen.searcher.docs_for_query(wquery))

    @staticmethod
    def _merge_typed_filters(gen, filters: dict, typed: dict) -> dict:
        """Filters typed in the box (tinh:"lai chau") join the facet parameters, spelled as the index spells them."""
        if not typed:
            return filters
        out = {k: list(v) for k, v in filters.items()}
        for key, values in typed.items():
            known = gen.postings.get(key, {})
            by_form = {_filter_form(v): v for v in known}
            for value in values:
                value = by_form.get(_filter_form(value), value)
                if value not in out.setdefault(key, []):
                    out[key].append(value)
        return out

    def _partial(self, gen, plan, scope, masks):
        """No document has every unit: the documents with the most units (at least half of them), best first."""
        counts = np.zeros(gen.size, dtype=np.int32)
        for unit in plan.units:
            counts += self._matches(gen, unit)
        counts[~scope] = 0
        allowed = counts.copy()
        for m in masks.values():
            allowed[~m] = 0
        best = int(allowed.max()) if allowed.size else 0
        need = max(1, min(best, -(-len(plan.units) // 2)))
        if best == 0:
            return False, np.zeros(gen.size, dtype=bool), [np.zeros(gen.size, dtype=bool)]
        base = counts >= need
        return True, base, [allowed == c for c in range(best, need - 1, -1)]

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

    def _page(self, gen, parsed, plan, tiers, total, sort, page, per_page) -> list[dict]:
        """One page: by relevance tier by tier (exact before folded-only, more units before fewer), or by date."""
        offset = (page - 1) * per_page
        if offset >= total:
            return []
        scores = {}
        if sort == "relevance" and not parsed.empty:
            docnums = []
            skip, need = offset, per_page
            for tier in tiers:
                n = int(tier.sum())
                if skip >= n:
                    skip -= n
                    continue
                ranked = self._rank(gen, plan.score, tier, skip + need)[skip:skip + need]
                docnums += [d for d, _ in ranked]
                scores.update(ranked)
                need -= len(ranked)
                skip = 0
                if need <= 0:
                    break
        else:
            mask = np.logical_or.reduce(tiers) if len(tiers) > 1 else tiers[0]
            ids = np.flatnonzero(mask)
            order = np.argsort(gen.dates[ids], kind="stable")
            if sort != "oldest":
                # newest first; ties keep index order
                order = order[::-1]
            docnums = ids[order][offset:offset + per_page].tolist()
        return [self._hit(gen, d, parsed, scores.get(d)) for d in docnums]

    @staticmethod
    def _rank(gen, score_query, mask, limit) -> list[tuple[int, float]]:
        """The `limit` best (docnum, score) of the documents in mask; documents the scoring query misses come last."""
        # Scored only where ranked: a filtered page's scope is often a small part of the index.
        narrow = gen.fast is not None and np.count_nonzero(mask) * fastpath.FastPath.NARROW <= mask.size
        scope = np.flatnonzero(mask) if narrow else None
        scored = fastpath.run(gen.fast, score_query, scope)
        if scored is not None:
            s = np.where(scored[0], scored[1], 0.0)
            if scope is None:
                ranked = [(d, float(s[d])) for d in fastpath.FastPath.top(mask, s, limit).tolist()]
            else:
                best = fastpath.FastPath.top(np.ones(scope.size, dtype=bool), s, limit)
                ranked = [(int(scope[i]), float(s[i])) for i in best.tolist()]
        else:
            allowed = set(np.flatnonzero(mask).tolist())
            results = gen.searcher.search(score_query, filter=allowed, limit=limit)
            ranked = [(hit.docnum, hit.score) for hit in results]
        if len(ranked) < limit:
            have = {d for d, _ in ranked}
            ranked += [(d, 0.0) for d in np.flatnonzero(mask).tolist() if d not in have][:limit - len(ranked)]
        return ranked

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

    # -- suggestions ---------------------------------------------------------

    def _suggest(self, gen, parsed, total, partial) -> str | None:
        """A corrected query ("Bạn có muốn tìm …") when some typed syllable is not in the index and the
        corrected query finds more; None otherwise."""
        if parsed.empty or (total > SUGGEST_BELOW and not partial):
            return None
        vocab = gen.vocabulary(parsed.folded)
        field = "body_fold" if parsed.folded else "body"
        terms = [u for u in parsed.units() if u.kind == "term" and u.chars]
        forms = [fold(u.syls[0]) if parsed.folded else u.syls[0] for u in terms]
        fixes = []
        for i, (u, form) in enumerate(zip(terms, forms)):
            if form in vocab or not form.isalpha():
                continue
            cands = vocab.candidates(form)
            if not cands:
                continue
            # among near syllables, prefer one that stands beside the typed neighbours in some report
            # ("tong thanh hia" → "hai" of "Tống Thanh Hải", not the more frequent "hoa")
            left, right = [], []
            j = i
            while j > 0 and len(left) < 2 and _adjacent(terms[j - 1], terms[j], parsed.text):
                left.insert(0, forms[j - 1])
                j -= 1
            j = i
            while j + 1 < len(terms) and len(right) < 2 and _adjacent(terms[j], terms[j + 1], parsed.text):
                right.append(forms[j + 1])
                j += 1
            best, best_context = cands[0], 0
            for cand in cands:
                # the widest context of typed neighbours this candidate stands in, in some report
                for width in range(len(left) + len(right), best_context, -1):
                    fits = [(a, width - a) for a in range(len(left) + 1) if 0 <= width - a <= len(right)]
                    if any(self._matches(gen, wq.Phrase(field, left[len(left) - a:] + [cand] + right[:b])).any()
                           for a, b in fits):
                        best, best_context = cand, width
                        break
            typed = parsed.text[u.chars[0]:u.chars[1]]
            fixes.append((u.chars, _like_case(best, typed)))
        if not fixes:
            return None
        text = parsed.text
        for (a, b), word in sorted(fixes, reverse=True):
            text = text[:a] + word + text[b:]
        plan = q.Planner(q.parse(text), gen.expand).plan()
        found = int((self._matches(gen, plan.match) & gen.live).sum())
        return text if found > (0 if partial else total) else None

    # -- similar documents ---------------------------------------------------

    def similar(self, doc_id: str, limit: int = 5) -> list[dict]:
        """More like this: documents sharing this one's distinctive syllable pairs and its topics.

        The pairs (two syllables side by side) of the document weighted by tf·idf, the
        best SIMILAR_TERMS of them as one query; the top candidates are then re-ranked
        with the share of topics in common. An unknown id gives [].
        """
        self.refresh()
        with self._lock:
            gen = self._gen
            docnum = gen.searcher.document_number(id=doc_id)
            if docnum is None:
                return []
            stored = gen.searcher.stored_fields(docnum)
            record = stored["record"]
            text = (record.get("title") or "") + "\n" + stored.get("body", "")
            reader = gen.searcher.reader()
            n_docs = max(1, gen.searcher.doc_count())
            tf: dict[str, int] = {}
            for t in pair_analyzer()(text):
                tf[t.text] = tf.get(t.text, 0) + 1
            weighted = []
            for term, count in tf.items():
                df = reader.doc_frequency("pairs", term)
                if 1 < df < n_docs:  # shared with another document, and not with all of them
                    weighted.append((count * math.log(n_docs / df), term))
            weighted.sort(reverse=True)
            terms = [wq.Term("pairs", t, boost=w) for w, t in weighted[:SIMILAR_TERMS]]
            topics = set(record.get("topics") or [])
            if not terms and not topics:
                return []
            query = wq.Or(terms + [wq.Term("topic", t) for t in topics])
            mask = gen.live.copy()
            mask[docnum] = False
            ranked = [(d, s) for d, s in self._rank(gen, query, mask, limit * 4) if s > 0]
            if not ranked:
                return []
            top = max(s for _, s in ranked) or 1.0
            rescored = []
            for d, s in ranked:
                other = set(gen.searcher.stored_fields(d)["record"].get("topics") or [])
                shared = len(topics & other) / len(topics | other) if topics | other else 0.0
                rescored.append((s / top + SIMILAR_TOPIC_WEIGHT * shared, d))
            rescored.sort(key=lambda x: (-x[0], x[1]))
            empty = q.parse("")
            return [self._hit(gen, d, empty, round(s, 4)) for s, d in rescored[:limit]]

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
    """Escaped fragments of text (or all of it) with what the query matched in <mark>; None when nothing is.

    Phrases, abbreviations' expansions and document references are marked only where
    they stand whole ("thông tin đối ngoại", not every "thông"); plain words one by one.
    A query with diacritics marks exact forms, or folded ones in a report typed without them."""
    if not text:
        return None
    folded = parsed.folded or fasttext.is_unaccented(text[:2000], min_letters=20)
    marks = _marks(text, parsed, folded)
    if not marks and not folded:
        marks = _marks(text, parsed, True)
    if not marks:
        return None
    if whole:
        return _render(text, marks, 0, len(text))
    return " … ".join(_render(text, marks, a, b) for a, b in _fragments(text, marks, top))


def match_forms(toks, forms, prefixes) -> list[tuple[int, int, tuple | None]]:
    """(start, end, form) of each form standing whole in the tokens, longest first; prefixes one token each."""
    by_first: dict[str, list[tuple]] = {}
    for form in sorted(forms, key=len, reverse=True):
        by_first.setdefault(form[0], []).append(form)
    marks, i = [], 0
    while i < len(toks):
        word = toks[i][0]
        hit = next((f for f in by_first.get(word, ()) if tuple(t[0] for t in toks[i:i + len(f)]) == f), None)
        if hit:
            marks.append((toks[i][1], toks[i + len(hit) - 1][2], hit))
            i += len(hit)
            continue
        if any(word.startswith(p) for p in prefixes):
            marks.append((toks[i][1], toks[i][2], None))
        i += 1
    return marks


def _plain_runs(parsed: q.ParsedQuery, folded: bool) -> set[tuple]:
    """Consecutive plain words of the query ("biên giới"): marked whole where they stand together."""
    runs, cur = set(), []
    for u in list(parsed.must) + [None]:
        if u is not None and u.kind == "term" and len(u.syls) == 1:
            cur.append(fold(u.syls[0]) if folded else u.syls[0])
            continue
        if len(cur) > 1:
            runs.add(tuple(cur))
        cur = []
    return runs


def _marks(text: str, parsed: q.ParsedQuery, folded: bool) -> list[tuple[int, int]]:
    """Where the query's forms stand in the text. Where its plain words stand together, the lone
    words are not marked elsewhere: "giới" of "phân giới" is noise in a search for "biên giới"."""
    forms, prefixes = parsed.highlight_forms(folded)
    if not forms and not prefixes:
        return []
    runs = _plain_runs(parsed, folded)
    forms = forms | runs
    toks = fasttext.tokens_for(text, folded, forms, prefixes)  # the analyzer's tokens where a mark can start
    marks = match_forms(toks, forms, prefixes)
    found_runs = {m[2] for m in marks if m[2] in runs}
    in_found_run = {syl for run in found_runs for syl in run}
    return [(a, b) for a, b, hit in marks if not (hit is not None and len(hit) == 1 and hit[0] in in_found_run)]


def _fragments(text: str, marks, top: int, width: int = 240) -> list[tuple[int, int]]:
    """Up to `top` windows of about `width` characters holding the most marks, in text order."""
    windows = []
    for k, (start, _) in enumerate(marks):
        a = max(0, start - width // 3)
        b = min(len(text), a + width)
        inside = [m for m in marks[k:] if m[1] <= b]
        distinct = len({text[x:y].lower() for x, y in inside})
        windows.append((-distinct, -len(inside), a, b))
    windows.sort()
    chosen: list[tuple[int, int]] = []
    for _, _, a, b in windows:
        if all(b <= x or a >= y for x, y in chosen):
            chosen.append((a, b))
        if len(chosen) == top:
            break
    out = []
    for a, b in sorted(chosen):
        # snap to word boundaries, never cutting a mark
        if a > 0:
            sp = text.find(" ", a)
            a = sp + 1 if 0 <= sp < min(m[0] for m in marks if m[0] >= a) else a
        if b < len(text):
            sp = text.rfind(" ", a, b)
            last = max((m[1] for m in marks if a <= m[0] < b), default=a)
            b = sp if sp > last else max(b, last)
        out.append((a, b))
    return out


def _render(text: str, marks, a: int, b: int) -> str:
    parts, pos = [], a
    for x, y in marks:
        if x < a or y > b:
            continue
        parts.append(html.escape(text[pos:x]))
        parts.append("<mark>" + html.escape(text[x:y]) + "</mark>")
        pos = y
    parts.append(html.escape(text[pos:b]))
    return _ADJACENT_MARKS.sub(r"\1", "".join(parts)).strip()


def snippet(body: str, parsed: q.ParsedQuery) -> str:
    marked = highlight_html(body, parsed)
    if marked:
        return marked
    lead = body.replace("\n\n", " ")[:240]
    return html.escape(lead) + ("…" if len(body) > 240 else "")
