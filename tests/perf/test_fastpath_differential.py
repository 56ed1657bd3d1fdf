"""The array read path (indexer/fastpath.py) answers exactly as Whoosh does.

A real index of generated reports (bench.generate, real underthesea, real Whoosh
on disk) and a few hundred random queries and filters drawn from its own text:
plain words, quoted phrases, unaccented words, document numbers, unknown words,
facet filters and date ranges. For each, Searcher.search through the fast path is
compared with Whoosh's own matchers and scoring (searcher.search over every
match, no top-N shortcut): every query the planner makes matches the same
documents with the same scores (within floating-point rounding), and
Searcher.search gives the same totals, facet counts and hits on both paths.
"""
from __future__ import annotations

import random
import re

import numpy as np
import pytest

from bench.generate import generate
from indexer import build as build_module
from indexer import fastpath
from indexer import query as q
from indexer.build import build, current_generation
from indexer.normalize import fold
from indexer.schema import facet_values
from indexer.search import Searcher

N_DOCS = 150
N_QUERIES = 300
TOL = 1e-9


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """Built as a large corpus is: in batches, by Whoosh's parallel sub-writers, several segments."""
    root = tmp_path_factory.mktemp("perf")
    corpus = root / "corpus"
    generate(corpus, N_DOCS, seed=11)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build_module, "BATCH_DOCS", 60)
        mp.setattr(build_module, "PARALLEL_MIN", 20)
        report = build([corpus], root / "index", workers=2)
    assert report["documents"] == N_DOCS
    return root / "index"


def test_a_batched_build_keeps_its_segments(searchers):
    """Three batches (60, 60, 30), each by up to two sub-writers: a segment each, every document once."""
    _, ref = searchers
    reader = ref._gen.searcher.reader()
    assert 3 <= len(list(reader.leaf_readers())) <= 6
    ids = [f["id"] for f in reader.all_stored_fields()]
    assert len(ids) == len(set(ids)) == N_DOCS


@pytest.fixture(scope="module")
def searchers(index):
    fast, ref = Searcher(index), Searcher(index, fast=False)
    yield fast, ref
    fast.close()
    ref.close()


def _random_queries(records, rng: random.Random):
    bodies = [r["body"] for r in records]
    words = re.compile(r"[^\W\d_]+", re.UNICODE)
    docnums = sorted({d for r in records for d in r.get("cited_documents") or []})
    out = []
    while len(out) < N_QUERIES:
        syls = words.findall(rng.choice(bodies))
        i = rng.randrange(max(1, len(syls) - 4))
        run = syls[i:i + rng.choice([1, 1, 2, 2, 3, 4])]
        text = " ".join(run)
        shape = rng.random()
        if shape < 0.2:
            text = f'"{text}"'
        elif shape < 0.35:
            text = fold(text).lower()
        elif shape < 0.45:
            text = f'"{text}" {rng.choice(syls)}'
        elif shape < 0.5 and docnums:
            text = rng.choice(docnums)
        elif shape < 0.55:
            text = text + " xylophon"
        filters, date_from, date_to = {}, None, None
        if rng.random() < 0.4:
            key = rng.choice(["province", "year", "kind", "country", "document"])
            values = sorted({v for r in records for v in facet_values(r, key)})
            if values:
                filters[key] = rng.sample(values, min(len(values), rng.choice([1, 1, 2])))
        if rng.random() < 0.15:
            date_from = f"{rng.randint(2012, 2020)}-01-01"
        if rng.random() < 0.1:
            date_to = f"{rng.randint(2018, 2025)}-06-30"
        sort = "relevance" if rng.random() < 0.85 else rng.choice(["newest", "oldest"])
        page, per_page = rng.choice([(1, 10), (1, 10), (2, 10), (1, 25), (3, 5)])
        out.append(dict(q_text=text, filters=filters, sort=sort, page=page, per_page=per_page,
                        date_from=date_from, date_to=date_to))
    return out


def _plan_queries(plan):
    yield "match", plan.match
    yield "score", plan.score
    if plan.exact is not None:
        yield "exact", plan.exact
    if plan.exclude is not None:
        yield "exclude", plan.exclude
    for unit in plan.units:
        yield "unit", unit


def test_fast_path_matches_whoosh(searchers):
    """Every Whoosh query the planner makes for a few hundred random queries: same documents, same scores."""
    fast, ref = searchers
    gen = fast._gen
    wsearcher = ref._gen.searcher  # the reference: Whoosh's own matchers and BM25F
    records = [{**f["record"], "body": f.get("body", "")} for f in wsearcher.reader().all_stored_fields()]
    rng = random.Random(20261124)
    queries = _random_queries(records, rng)
    evaluated = used_fast = 0
    for params in queries:
        parsed = q.parse(params["q_text"])
        if parsed.empty:
            continue
        plan = q.Planner(parsed, gen.expand).plan()
        for role, wquery in _plan_queries(plan):
            label = f"{params['q_text']!r} {role}: {wquery}"
            evaluated += 1
            got = fastpath.run(gen.fast, wquery)
            if got is None:
                continue
            used_fast += 1
            mask, scores = got
            want = {h.docnum: h.score for h in wsearcher.search(wquery, limit=None)}
            assert set(np.flatnonzero(mask).tolist()) == set(want), label
            assert set(np.flatnonzero(mask).tolist()) == set(wsearcher.docs_for_query(wquery)), label
            if role == "score":
                for d, s in want.items():
                    assert abs(scores[d] - s) <= TOL * max(1.0, abs(s)), (label, d, scores[d], s)
    assert used_fast >= 0.9 * evaluated, f"fast path answered only {used_fast} of {evaluated} queries"


def test_evaluation_on_part_of_the_index_agrees_with_the_whole(searchers):
    """evaluate(query, within=docs) (used to score a filtered page, and inside And for rare words)
    gives, for those documents, what the whole evaluation gives."""
    fast, ref = searchers
    gen = fast._gen
    records = [{**f["record"], "body": f.get("body", "")} for f in ref._gen.searcher.reader().all_stored_fields()]
    rng = random.Random(99)
    checked = 0
    for params in _random_queries(records, rng)[:80]:
        parsed = q.parse(params["q_text"])
        if parsed.empty:
            continue
        plan = q.Planner(parsed, gen.expand).plan()
        for role, wquery in _plan_queries(plan):
            within = np.array(sorted(rng.sample(range(gen.size), rng.choice([1, 5, 17, 60]))), dtype=np.int64)
            gen.fast.forget()  # the part is computed, not cut out of a memoised whole
            part = fastpath.run(gen.fast, wquery, within)
            if part is None:
                continue
            whole = fastpath.run(gen.fast, wquery)
            label = f"{params['q_text']!r} {role}"
            assert np.array_equal(part[0], whole[0][within]), label
            hit = part[0]
            assert np.allclose(part[1][hit], whole[1][within][hit], rtol=TOL, atol=0), label
            checked += 1
    assert checked > 150


def test_phrases_match_whoosh_phrases(index):
    """The compiled phrase check (indexer/phrases.py) on random phrases of the reports' own text,
    close (slop 1), loose (2) and far (12), accented and folded: Whoosh's documents and scores."""
    from whoosh import query as wq

    from indexer.analysis import syllables

    rng = random.Random(31)
    with Searcher(index) as fast, Searcher(index, fast=False) as ref:
        wsearcher = ref._gen.searcher
        bodies = [f.get("body", "") for f in wsearcher.reader().all_stored_fields()]
        checked = 0
        for _ in range(120):
            syls = syllables(rng.choice(bodies))
            i = rng.randrange(max(1, len(syls) - 4))
            words = syls[i:i + rng.choice([2, 2, 3, 4])]
            for field, slop in (("body", 1), ("body", 2), ("body", 12), ("body_fold", 1), ("title", 1)):
                ws = [fold(w) for w in words] if field == "body_fold" else words
                phrase = wq.Phrase(field, ws, slop=slop)
                mask, scores = fast._gen.fast.evaluate(phrase)
                want = {h.docnum: h.score for h in wsearcher.search(phrase, limit=None)}
                assert set(np.flatnonzero(mask).tolist()) == set(want), phrase
                for d, sc in want.items():
                    assert abs(scores[d] - sc) <= TOL * max(1.0, abs(sc)), phrase
                checked += len(want)
        assert checked > 1000


def test_searcher_fast_and_reference_paths_agree(searchers):
    """Searcher.search with and without the fast path: same totals, facet counts and hits.

    Where the reference's top-N collector differs, the fast path's hit must score at
    least as well by Whoosh's own full scoring (Whoosh's collector can skip a document
    with an AndMaybe boost; the arrays score every document)."""
    fast, ref = searchers
    wsearcher = ref._gen.searcher
    records = [{**f["record"], "body": f.get("body", "")} for f in wsearcher.reader().all_stored_fields()]
    docnum_of = {f["id"]: d for d, f in enumerate(wsearcher.reader().all_stored_fields())}
    rng = random.Random(7)
    compared = 0
    for params in _random_queries(records, rng)[:120]:
        got, want = fast.search(**params), ref.search(**params)
        label = repr(params)
        for key in ("total", "facets", "partial", "suggestion"):
            assert got.get(key) == want.get(key), (label, key)
        assert len(got["hits"]) == len(want["hits"]), label
        full = None
        for a, b in zip(got["hits"], want["hits"]):
            compared += 1
            if a["id"] == b["id"]:
                assert a["score"] == pytest.approx(b["score"], abs=2e-4), label
                continue
            if full is None:
                plan = q.Planner(q.parse(params["q_text"]), fast._gen.expand).plan()
                full = {h.docnum: h.score for h in wsearcher.search(plan.score, limit=None)}
            sa, sb = full.get(docnum_of[a["id"]], 0.0), full.get(docnum_of[b["id"]], 0.0)
            assert sa >= sb - TOL * max(1.0, abs(sb)), label
    assert compared > 400


def test_fast_path_scores_are_whoosh_scores(searchers):
    """Scores themselves (not only the rounded ones the API shows) agree with Whoosh's to rounding error."""
    fast, ref = searchers
    wsearcher = ref._gen.searcher
    for text in ["thông tin đối ngoại", '"phân giới cắm mốc"', "bien gioi", "kiều bào Lào", "đồng chí"]:
        wquery = q.Planner(q.parse(text), fast._gen.expand).plan().score
        mask, scores = fast._gen.fast.evaluate(wquery)
        want = {h.docnum: h.score for h in wsearcher.search(wquery, limit=None)}
        assert set(map(int, mask.nonzero()[0])) == set(want), text
        for d, s in want.items():
            assert abs(scores[d] - s) <= TOL * max(1.0, abs(s)), (text, d)


def test_unsupported_query_falls_back_to_whoosh(searchers):
    """A query shape the arrays do not replicate is answered by Whoosh, not guessed."""
    from whoosh import query as wq

    fast, _ = searchers
    assert fastpath.run(fast._gen.fast, wq.Prefix("body", "thông")) is None
    assert fastpath.run(fast._gen.fast, wq.Term("body", "thông")) is not None


def test_fast_path_after_an_incremental_update(tmp_path):
    """An update adds a segment and marks deletions: the arrays still answer as Whoosh does."""
    corpus = tmp_path / "corpus"
    generate(corpus, 40, seed=3)
    index = tmp_path / "index"
    build([corpus], index, workers=1)
    files = sorted(corpus.rglob("*.txt"))
    files[0].unlink()  # deleted
    files[1].write_text(files[1].read_text(encoding="utf-8").replace("thông tin", "truyền thông"), encoding="utf-8")
    added = files[2].read_text(encoding="utf-8").replace("đối ngoại", "đối ngoại nhân dân, kiều bào")
    (corpus / "moi.txt").write_text(added, encoding="utf-8")  # added
    first = current_generation(index)
    seen_before = _whoosh_view(first)
    report = build([corpus], index, workers=1)
    assert (report["added"], report["updated"], report["removed"]) == (1, 1, 1)
    assert report["columns"] == "appended"  # only the new segment's postings were read
    _same_as_whoosh(index, ["thông tin đối ngoại", "truyền thông", '"phân giới cắm mốc"', "kieu bao", "Campuchia"])

    # The first generation shares its Whoosh files with the second (hard links): still intact.
    assert _whoosh_view(first) == seen_before

    # A second update on top of appended columns: a new report with a word no other has.
    (corpus / "moi2.txt").write_text(added.replace("kiều bào", "kiều bào xylophon"), encoding="utf-8")
    report = build([corpus], index, workers=1)
    assert report["added"] == 1 and report["columns"] == "appended"
    _same_as_whoosh(index, ["xylophon", "kiều bào", '"đối ngoại nhân dân"', "thông tin đối ngoại"])


def test_a_large_update_in_parallel_batches(tmp_path):
    """An update of many reports goes through the batched sub-writers too: each changed report
    replaces its old version (no id twice), removed ones leave, and the arrays follow."""
    corpus = tmp_path / "corpus"
    generate(corpus, 40, seed=5)
    index = tmp_path / "index"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build_module, "BATCH_DOCS", 15)
        mp.setattr(build_module, "PARALLEL_MIN", 10)
        build([corpus], index, workers=2)
        files = sorted(corpus.rglob("*.txt"))
        for f in files[:22]:
            f.write_text(f.read_text(encoding="utf-8").replace("thông tin", "thông tin biển đảo"), encoding="utf-8")
        files[30].unlink()
        files[31].unlink()
        report = build([corpus], index, workers=2)
    assert (report["added"], report["updated"], report["removed"]) == (0, 22, 2)
    with Searcher(index, fast=False) as ref:
        ids = [f["id"] for f in ref._gen.searcher.all_stored_fields()]
        assert len(ids) == len(set(ids)) == 38
        assert ref.search('"thông tin biển đảo"')["total"] == 22
    _same_as_whoosh(index, ['"thông tin biển đảo"', "biển đảo", "thông tin đối ngoại", "kieu bao"])


def test_updates_after_whoosh_merges_small_segments(tmp_path):
    """Whoosh merges the small segments that updates add; the arrays keep the postings of the
    segments that stay in place, drop those of the merged ones, and append the merged segment."""
    import json

    corpus = tmp_path / "corpus"
    generate(corpus, 60, seed=8)  # large enough that Whoosh's policy merges the small segments only
    index = tmp_path / "index"
    build([corpus], index, workers=1)
    source = sorted(corpus.rglob("*.txt"))[0].read_text(encoding="utf-8")
    merged_seen = False
    for k in range(7):
        before = json.loads((current_generation(index) / "columns" / "STATS.json").read_text())["segments"]
        (corpus / f"them-{k}.txt").write_text(source.replace("thông tin", f"thông tin đợt {k + 1}"), encoding="utf-8")
        report = build([corpus], index, workers=1)
        after = json.loads((current_generation(index) / "columns" / "STATS.json").read_text())["segments"]
        merged_seen |= after[:len(before)] != before
        assert report["added"] == 1 and report["columns"] == "appended", k
        _same_as_whoosh(index, [f'"thông tin đợt {k + 1}"', "thông tin đối ngoại", '"đối ngoại"', "kieu bao"])
    assert merged_seen, "Whoosh never merged a segment: the case this test is for did not happen"


def _whoosh_view(gen):
    """What a generation holds, read by Whoosh itself: ids, and the documents and scores of a query."""
    from whoosh import index as windex
    from whoosh import query as wq

    with windex.open_dir(str(gen)).searcher() as s:
        hits = s.search(wq.And([wq.Term("body", "thông"), wq.Term("body", "tin")]), limit=None)
        return sorted(f["id"] for f in s.all_stored_fields()), [(h["id"], round(h.score, 9)) for h in hits]


def _same_as_whoosh(index, texts):
    with Searcher(index) as fast, Searcher(index, fast=False) as ref:
        wsearcher = ref._gen.searcher
        assert len(list(wsearcher.reader().leaf_readers())) > 1  # the update is a segment of its own
        for text in texts:
            wquery = q.Planner(q.parse(text), fast._gen.expand).plan().score
            mask, scores = fast._gen.fast.evaluate(wquery)
            want = {h.docnum: h.score for h in wsearcher.search(wquery, limit=None)}
            assert set(np.flatnonzero(mask).tolist()) == set(want), text
            for d, s in want.items():
                assert abs(scores[d] - s) <= TOL * max(1.0, abs(s)), (text, d)
            got, exp = fast.search(text), ref.search(text)
            assert (got["total"], got["facets"]) == (exp["total"], exp["facets"]), text
