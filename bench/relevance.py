"""Relevance evaluation: judged queries over corpus/, tests/relevance/docs/ and tests/cleaning/fixtures/,
our Searcher against stock Whoosh.

    python -m bench.relevance [--json] [--out bench/out/relevance.json]

The judgments (tests/relevance/judgments.json) were written before any tuning.
For each query: nDCG@10 with graded gains (2^grade - 1) and MRR (1 / rank of the
first document graded 2, or of any judged document when none is graded 2).
A query judged to find nothing scores 1 when it has no full match (a partial
result, flagged "partial", counts as nothing found) and 0 otherwise.

The baseline is stock Whoosh on the same cleaned records: StandardAnalyzer on
title and body, MultifieldParser, all words required (AND), BM25F.
"""
from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUDGMENTS = ROOT / "tests" / "relevance" / "judgments.json"
DOC_ROOTS = [ROOT / "corpus", ROOT / "tests" / "relevance" / "docs", ROOT / "tests" / "cleaning" / "fixtures"]
K = 10
TWIN_TOLERANCE = 0.05


def load_judgments(path: Path = JUDGMENTS) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def ndcg(ranked: list[str], rel: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** rel.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(rel.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mrr(ranked: list[str], rel: dict[str, int]) -> float:
    top = max(rel.values()) if rel else 0
    for i, d in enumerate(ranked):
        if rel.get(d, 0) >= top and top > 0:
            return 1.0 / (i + 1)
    return 0.0


def score_query(judged: dict, ranked: list[str]) -> tuple[float, float]:
    if not judged["rel"]:
        ok = 1.0 if not ranked else 0.0
        return ok, ok
    return ndcg(ranked, judged["rel"]), mrr(ranked, judged["rel"])


# -- the two systems ----------------------------------------------------------

def build_ours(index_dir: Path) -> None:
    from indexer.build import build

    build(DOC_ROOTS, index_dir, workers=1)


def ours(index_dir: Path):
    """query → ranked ids (empty when only partial matches were found)."""
    from indexer.search import Searcher

    s = Searcher(index_dir)

    def run(text: str) -> list[str]:
        r = s.search(text, per_page=K)
        return [] if r.get("partial") else [h["id"] for h in r["hits"]]

    run.close = s.close
    return run


def build_baseline(index_dir: Path) -> None:
    """Stock Whoosh over the same cleaned records (the project's loader and cleaner)."""
    from whoosh import index as windex
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    from indexer.build import scan_corpus
    from indexer.documents import read_document
    from indexer.loading import SkipFile

    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=StandardAnalyzer()),
                    body=TEXT(analyzer=StandardAnalyzer()))
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = windex.create_in(str(index_dir), schema)
    files, _, root_of = scan_corpus(DOC_ROOTS)
    with ix.writer() as w:
        for doc_id, path in files.items():
            try:
                rec = read_document(path, root_of[doc_id])
            except SkipFile:
                continue
            w.add_document(id=rec["id"], title=rec.get("title") or "", body=rec.get("body") or "")


def baseline(index_dir: Path):
    from whoosh import index as windex
    from whoosh.qparser import MultifieldParser

    ix = windex.open_dir(str(index_dir))
    searcher = ix.searcher()
    parser = MultifieldParser(["title", "body"], ix.schema)

    def run(text: str) -> list[str]:
        try:
            query = parser.parse(text)
        except Exception:  # stock parser errors count as "nothing found"
            return []
        return [hit["id"] for hit in searcher.search(query, limit=K)]

    run.close = searcher.close
    return run


# -- evaluation ----------------------------------------------------------------

def evaluate(system, judgments: list[dict]) -> dict:
    per_query = []
    started = time.perf_counter()
    for j in judgments:
        ranked = system(j["q"])
        n, r = score_query(j, ranked)
        per_query.append({"q": j["q"], "kind": j["kind"], "ndcg": round(n, 4), "mrr": round(r, 4),
                          "top": ranked[:3]})
    count = len(per_query) or 1
    return {"ndcg@10": sum(p["ndcg"] for p in per_query) / count,
            "mrr": sum(p["mrr"] for p in per_query) / count,
            "seconds": round(time.perf_counter() - started, 3),
            "queries": per_query}


def twins(result: dict, judgments: list[dict]) -> list[dict]:
    """Each unaccented query against its diacritic twin: within TWIN_TOLERANCE of nDCG@10?"""
    by_q = {p["q"]: p for p in result["queries"]}
    out = []
    for j in judgments:
        if j.get("twin"):
            a, b = by_q[j["q"]]["ndcg"], by_q[j["twin"]]["ndcg"]
            out.append({"q": j["q"], "twin": j["twin"], "ndcg": a, "twin_ndcg": b,
                        "ok": a >= b * (1 - TWIN_TOLERANCE)})
    return out


def missing_judged(index_dir: Path, judgments: list[dict]) -> list[str]:
    """Judged ids the index does not hold (a fixture renamed or a cleaner that now skips it): stale judgments."""
    from indexer.search import Searcher

    judged = sorted({d for j in judgments for d in j["rel"]})
    with Searcher(index_dir) as s:
        return [d for d in judged if s.document(d) is None]


def run_all(workdir: Path | None = None) -> dict:
    """Build both indexes in a temporary folder, evaluate both systems, return the report."""
    judgments = load_judgments()
    tmp = Path(workdir or tempfile.mkdtemp(prefix="ttdn-relevance-"))
    try:
        build_ours(tmp / "ours")
        build_baseline(tmp / "baseline")
        report = {"queries": len(judgments), "missing_judged": missing_judged(tmp / "ours", judgments)}
        for name, factory, where in (("ours", ours, tmp / "ours"), ("baseline", baseline, tmp / "baseline")):
            system = factory(where)
            try:
                report[name] = evaluate(system, judgments)
            finally:
                system.close()
        report["twins"] = twins(report["ours"], judgments)
        return report
    finally:
        if workdir is None:
            shutil.rmtree(tmp, ignore_errors=True)


def format_report(report: dict) -> str:
    o, b = report["ours"], report["baseline"]
    lines = [f"Relevance over {report['queries']} judged queries (corpus/, tests/relevance/docs/, tests/cleaning/fixtures/)",
             f"{'':24}{'ours':>10}{'baseline':>10}",
             f"{'nDCG@10':24}{o['ndcg@10']:>10.3f}{b['ndcg@10']:>10.3f}",
             f"{'MRR':24}{o['mrr']:>10.3f}{b['mrr']:>10.3f}", "", "by kind (nDCG@10):"]
    kinds = sorted({p["kind"] for p in o["queries"]})
    for kind in kinds:
        oq = [p["ndcg"] for p in o["queries"] if p["kind"] == kind]
        bq = [p["ndcg"] for p in b["queries"] if p["kind"] == kind]
        lines.append(f"  {kind:22}{sum(oq) / len(oq):>10.3f}{sum(bq) / len(bq):>10.3f}   ({len(oq)} queries)")
    lines += ["", "below 1.0 (ours):"]
    for p, pb in zip(o["queries"], b["queries"]):
        if p["ndcg"] < 1.0:
            lines.append(f"  {p['ndcg']:.3f}  (baseline {pb['ndcg']:.3f})  {p['q']}   top: {', '.join(p['top'])}")
    if report.get("missing_judged"):
        lines += ["", "judged documents missing from the index: " + ", ".join(report["missing_judged"])]
    bad = [t for t in report["twins"] if not t["ok"]]
    lines += ["", f"unaccented twins within {TWIN_TOLERANCE:.0%}: {len(report['twins']) - len(bad)}/{len(report['twins'])}"]
    lines += [f"  NOT: {t['q']} {t['ndcg']:.3f} vs {t['twin']} {t['twin_ndcg']:.3f}" for t in bad]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.relevance", description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the whole report as JSON")
    ap.add_argument("--out", type=Path, help="also write the JSON report to this file")
    args = ap.parse_args(argv)
    report = run_all()
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
