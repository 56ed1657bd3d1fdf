"""`make bench`: this project, stock Whoosh and tantivy side by side, at 1k, 10k and 100k generated reports.

    python -m bench.run [--sizes 1000,10000,100000] [--parts build,query,tantivy,whoosh,web,update]
                        [--workers 2] [--queries 60] [--load-seconds 20]

For each size, in one run:
1. generate the corpus (bench/generate.py; sizes nest, so caches carry over);
2. segmentation: documents are built from per-province template paragraphs plus
   lines of their own, so the bench segments each distinct line once with the
   project's own analysis.segment() and fills the build's segmentation cache with
   the exact text the build would have produced (checked against whole-document
   segmentation on a sample). A 100k cold segmentation would take 40+ CPU minutes
   on this shared 2-core machine; the build rate against underthesea's own rate is
   measured cold on the smallest size instead;
3. build the index with ttdn-index's build() (timed; documents/s, size on disk);
4. time the same query mix through Searcher.search (count, every facet, top 10
   with snippets), through stock Whoosh on the same index (its own matchers and
   top-10 collector, count, province and year facets with groupedby), and through
   tantivy on the same clean text (top 10 + count + province and year terms
   aggregations);
5. start ttdn-web on the index and drive it with 8 concurrent clients (loopback
   only, bounded in time): requests/s, errors, memory of the server's processes;
6. add one report to the corpus and update the index, then remove it and update again.

Writes bench/out/results.json and bench/out/bench.png, prints a table (the README's
"Performance" section shows it). Then runs bench.relevance when present.
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

# A realistic mix: what staff type (short, often unaccented, abbreviations, document numbers, phrases).
FIXED_QUERIES = [
    "phân giới cắm mốc", "phan gioi cam moc", '"thông tin đối ngoại"', "thông tin đối ngoại", "TTĐN",
    "kiều bào", "kieu bao", "biên giới Lào", "hội nghị tổng kết", "16-KL/TW", "Kết luận 16",
    "đối ngoại nhân dân", "doi ngoai nhan dan", "mạng xã hội", "phản bác thông tin sai trái",
    "Hoàng Sa Trường Sa", "biển đảo", "bồi dưỡng nghiệp vụ", "xúc tiến đầu tư", "báo chí",
    "Campuchia", "tập huấn", '"sơ kết 6 tháng"', "BĐBP", "quảng bá hình ảnh", "ban chi dao",
]


def pctl(values, p):
    if not values:
        return None
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


# -- corpus and segmentation ---------------------------------------------------

def corpus_for(size: int) -> Path:
    from bench.generate import generate

    path = OUT / f"corpus-{size}"
    done = path.with_name(path.name + ".done")
    if not done.is_file():
        log(f"generating {size} documents")
        generate(path, size)
        done.write_text("ok")
    return path


def _read(args):
    from indexer.documents import read_document
    from indexer.loading import SkipFile

    path, root = args
    try:
        r = read_document(path, root)
    except SkipFile:
        return None
    return r["title"] + "\n" + r["body"]


def _segment_line(line):
    from indexer.analysis import segment

    return line, segment(line)


def prefill_segmentation(corpus: Path, cache_path: Path, workers: int) -> dict:
    """Fill the segmentation cache by segmenting each distinct line once; returns what it did."""
    from indexer.analysis import segment
    from indexer.build import scan_corpus
    from indexer.segcache import SegmentCache, text_key

    started = time.perf_counter()
    files, _, root_of = scan_corpus([corpus])
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        texts = [t for t in pool.imap(_read, [(p, root_of[i]) for i, p in files.items()], chunksize=64) if t]
    cache = SegmentCache(cache_path)
    try:
        keys = [text_key(t) for t in texts]
        have = cache.get_many(keys)
        todo = [(k, t) for k, t in zip(keys, texts) if k not in have]
        lines = sorted({ln for _, t in todo for ln in t.split("\n")})
        syllables = sum(len(ln.split()) for ln in lines)
        seg_started = time.perf_counter()
        import underthesea  # noqa: F401  loaded before forking
        with ctx.Pool(workers) as pool:
            memo = dict(pool.imap_unordered(_segment_line, lines, chunksize=16))
        seg_seconds = time.perf_counter() - seg_started
        fresh = {k: " ".join(memo[ln] for ln in t.split("\n")) for k, t in todo}
        for k, t in todo[:3]:  # the composition is what the build would have computed
            if segment(t) != fresh[k]:
                raise RuntimeError("line-wise segmentation differs from whole-text segmentation")
        cache.put_many(fresh)
    finally:
        cache.close()
    return {"documents": len(texts), "segmented_documents": len(todo), "distinct_lines": len(lines),
            "line_syllables": syllables, "segment_seconds": round(seg_seconds, 2),
            "seconds": round(time.perf_counter() - started, 2)}


def underthesea_rate(corpus: Path, n_docs: int = 40) -> float:
    """underthesea's own rate on this machine: syllables per second, one process, whole documents."""
    from indexer.analysis import segment
    from indexer.build import scan_corpus

    files, _, root_of = scan_corpus([corpus])
    texts = [t for t in (_read((p, root_of[i])) for i, p in list(files.items())[:n_docs]) if t]
    segment("khởi động")
    started = time.process_time()
    for t in texts:
        segment(t)
    cpu = time.process_time() - started
    return sum(len(t.split()) for t in texts) / cpu


# -- builds --------------------------------------------------------------------

def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def build_project(corpus: Path, index: Path, workers: int, cold: bool) -> dict:
    from indexer.build import build

    if index.exists() and cold:
        shutil.rmtree(index)
    started = time.perf_counter()
    report = build([corpus], index, workers=workers, rebuild=True)
    seconds = time.perf_counter() - started
    gen = index / report["generation"]
    return {"seconds": round(seconds, 2), "documents": report["documents"], "segmented": report["segmented"],
            "docs_per_s": round(report["documents"] / seconds, 1), "generation": str(gen),
            "size_bytes": dir_size(gen), "columns_bytes": dir_size(gen / "columns")}


def time_update(corpus: Path, index: Path, workers: int) -> dict:
    """One report added, then removed again: what the daily update of a user costs at this size
    (the added report is segmented: it is new text)."""
    from indexer.build import build

    source = sorted(corpus.rglob("*.txt"))[0]
    extra = corpus / "zz-bench-update.txt"
    extra.write_text(source.read_text(encoding="utf-8").replace("\n", "\nBản cập nhật ngày 24/11/2026.\n", 1),
                     encoding="utf-8")
    try:
        started = time.perf_counter()
        added = build([corpus], index, workers=workers)
        add_s = time.perf_counter() - started
    finally:
        extra.unlink(missing_ok=True)
    started = time.perf_counter()
    removed = build([corpus], index, workers=workers)
    remove_s = time.perf_counter() - started
    return {"add_one_s": round(add_s, 2), "remove_one_s": round(remove_s, 2),
            "added": added["added"], "removed": removed["removed"],
            "columns": [added.get("columns"), removed.get("columns")]}


def build_tantivy(gen: Path, path: Path) -> dict:
    import tantivy
    from whoosh import index as windex

    from indexer.normalize import fold

    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    sb = tantivy.SchemaBuilder()
    for name in ("title", "body", "title_fold", "body_fold"):
        sb.add_text_field(name, stored=False)
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("province", stored=False, tokenizer_name="raw", fast=True)
    sb.add_text_field("year", stored=False, tokenizer_name="raw", fast=True)
    schema = sb.build()
    idx = tantivy.Index(schema, path=str(path))
    started = time.perf_counter()
    writer = idx.writer(heap_size=256_000_000, num_threads=2)
    ix = windex.open_dir(str(gen))
    with ix.searcher() as s:
        for stored in s.all_stored_fields():
            rec = stored["record"]
            title, body = rec.get("title") or "", stored.get("body") or ""
            writer.add_document(tantivy.Document(
                id=stored["id"], title=title, body=body, title_fold=fold(title), body_fold=fold(body),
                province=rec.get("province") or "", year=(rec.get("date") or "")[:4]))
    writer.commit()
    writer.wait_merging_threads()
    idx.reload()
    return {"seconds": round(time.perf_counter() - started, 2), "size_bytes": dir_size(path)}


# -- queries -------------------------------------------------------------------

def query_mix(corpus_truth: Path, n: int, seed: int = 5) -> list[dict]:
    """The fixed queries, then runs of words from the documents, some with a province or year filter."""
    rng = random.Random(seed)
    truths = [json.loads(ln) for ln in corpus_truth.read_text(encoding="utf-8").splitlines()[:2000]]
    from bench.generate import POOL_TEMPLATES

    words = re.compile(r"[^\W\d_]+")
    out = [{"q": t, "filters": {}} for t in FIXED_QUERIES]
    while len(out) < n:
        syls = words.findall(rng.choice(POOL_TEMPLATES).replace("{p}", " "))
        i = rng.randrange(len(syls) - 3)
        out.append({"q": " ".join(syls[i:i + rng.choice([1, 2, 2, 3])]), "filters": {}})
    for item in out[::4]:
        t = rng.choice(truths)
        item["filters"] = {"province": [t["province"]]} if rng.random() < 0.6 else {"year": [t["year"]]}
    return out


def time_project(index: Path, mix: list[dict]) -> dict:
    from indexer.search import Searcher

    with Searcher(index) as s:
        for item in mix:  # warm: maps the arrays' pages, as a serving process has
            s.search(item["q"], filters=item["filters"])
        times, totals = [], []
        for item in mix:
            if s._gen.fast is not None:
                s._gen.fast.forget()  # no query result carried over: each query computed in full
            t = time.perf_counter()
            r = s.search(item["q"], filters=item["filters"])
            times.append((time.perf_counter() - t) * 1000)
            totals.append(r["total"])
    return {"p50_ms": pctl(times, 50), "p95_ms": pctl(times, 95), "max_ms": max(times), "n": len(times),
            "totals": totals}


def time_stock_whoosh(index: Path, mix: list[dict], budget_s: float) -> dict:
    """Whoosh as it comes: the project's query, Whoosh's top-10 collector, len(results), groupedby facets."""
    from whoosh import query as wq
    from whoosh import sorting

    from indexer import query as q
    from indexer.search import Searcher

    with Searcher(index, fast=False) as ours:
        gen = ours._gen
        searcher = gen.searcher
        facets = {"province": sorting.FieldFacet("province", allow_overlap=True),
                  "year": sorting.FieldFacet("year", allow_overlap=True)}
        times = []
        started = time.perf_counter()
        for item in mix:
            if times and time.perf_counter() - started > budget_s:
                break
            t = time.perf_counter()
            plan = q.Planner(q.parse(item["q"]), gen.expand).plan()
            query = plan.match
            for key, values in item["filters"].items():
                query = wq.And([query, wq.Or([wq.Term(key, v) for v in values])])
            results = searcher.search(query, limit=10, groupedby=facets)
            len(results)
            results.groups("province")
            results.groups("year")
            times.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": pctl(times, 50), "p95_ms": pctl(times, 95), "max_ms": max(times), "n": len(times)}


def _tantivy_text(text: str) -> str:
    out = []
    for tok in re.findall(r'"[^"]*"|\S+', text):
        if tok.startswith('"'):
            out.append(tok)
        elif re.fullmatch(r"[^\W_]+", tok):
            out.append(tok)
        else:
            out.append('"' + tok.replace('"', "") + '"')
    return " ".join(out)


def time_tantivy(path: Path, mix: list[dict]) -> dict:
    import tantivy

    from indexer.normalize import fold, has_diacritics

    idx = tantivy.Index.open(str(path))
    searcher = idx.searcher()
    aggs = {"province": {"terms": {"field": "province", "size": 100}},
            "year": {"terms": {"field": "year", "size": 100}}}

    def run(item):
        text = item["q"]
        folded = not has_diacritics(text)
        fields = ["title_fold", "body_fold"] if folded else ["title", "body"]
        text = fold(text).lower() if folded else text.lower()
        query = idx.parse_query(_tantivy_text(text), fields, field_boosts={fields[0]: 3.0},
                                conjunction_by_default=True)
        for key, values in item["filters"].items():
            flt = tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.term_query(idx.schema, key, v))
                                               for v in values])
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, flt)])
        res = searcher.search(query, limit=10, count=True)
        searcher.aggregate(query, aggs)
        return res.count

    for item in mix:
        run(item)
    times, totals = [], []
    for item in mix:
        t = time.perf_counter()
        totals.append(run(item))
        times.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": pctl(times, 50), "p95_ms": pctl(times, 95), "max_ms": max(times), "n": len(times),
            "totals": totals}


# -- the web server under load -----------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _process_tree(pid: int) -> list[int]:
    """pid and its descendants (ttdn-web's worker processes)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            todo += [int(x) for x in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            pass
    return out


def _proc_kb(pid: int, path: str, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def server_memory(pid: int) -> dict:
    """Memory of the server and its workers, in MB: RSS summed (shared pages, such as the
    memory-mapped columns, counted once per process), its peak, and PSS (shared pages split
    between the processes that map them: what the server really occupies)."""
    tree = _process_tree(pid)
    mb = lambda kb: round(kb / 1024, 1)  # noqa: E731
    return {"processes": len(tree),
            "rss_mb": mb(sum(_proc_kb(p, "status", "VmRSS") for p in tree)),
            "rss_peak_mb": mb(sum(_proc_kb(p, "status", "VmHWM") for p in tree)),
            "pss_mb": mb(sum(_proc_kb(p, "smaps_rollup", "Pss") for p in tree)),
            "anon_mb": mb(sum(_proc_kb(p, "status", "RssAnon") for p in tree)),
            "file_mb": mb(sum(_proc_kb(p, "status", "RssFile") for p in tree))}


def load_test(index: Path, mix: list[dict], seconds: float, clients: int = 8, server_args=()) -> dict:
    """ttdn-web on loopback, `clients` threads with keep-alive connections for `seconds`."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "webapp", "--index", str(index), "--port", str(port),
                             *server_args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 300
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                c.request("GET", "/api/search?q=")
                c.getresponse().read()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("ttdn-web did not start")
                time.sleep(0.5)
        paths = []
        for item in mix:
            params = [("q", item["q"])] + [(k, v) for k, vs in item["filters"].items() for v in vs]
            paths.append("/api/search?" + urllib.parse.urlencode(params))
        for p in paths:  # warm, as a server that has been up for a while
            c.request("GET", p)
            c.getresponse().read()
        c.close()
        counts = {"ok": 0, "errors": 0}
        latencies = []
        lock = threading.Lock()
        stop = time.time() + seconds

        def client(k):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            i = k
            while time.time() < stop:
                p = paths[i % len(paths)]
                i += clients
                t = time.perf_counter()
                try:
                    conn.request("GET", p)
                    r = conn.getresponse()
                    r.read()
                    ok = r.status == 200
                except OSError:
                    ok = False
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with lock:
                    counts["ok" if ok else "errors"] += 1
                    latencies.append((time.perf_counter() - t) * 1000)
            conn.close()

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        return {"clients": clients, "seconds": round(elapsed, 1), "requests": counts["ok"] + counts["errors"],
                "errors": counts["errors"], "req_per_s": round((counts["ok"] + counts["errors"]) / elapsed, 1),
                "p50_ms": pctl(latencies, 50), "p95_ms": pctl(latencies, 95), **server_memory(proc.pid)}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


# -- report --------------------------------------------------------------------

def table(results: dict) -> str:
    rows = [("documents", "build s", "docs/s", "index MB", "ours p50/p95 ms", "whoosh p50/p95 ms",
             "tantivy p50/p95 ms", "ours/tantivy p95", "web req/s (err)", "web RSS / PSS MB",
             "update +1 / −1 s")]

    def f(x, nd=1):
        return "–" if x is None else f"{x:.{nd}f}"

    for size, r in sorted(results["sizes"].items(), key=lambda kv: int(kv[0])):
        o, w, t, web = r.get("project", {}), r.get("whoosh", {}), r.get("tantivy", {}), r.get("web", {})
        b, u = r.get("build", {}), r.get("update", {})
        ratio = (o["p95_ms"] / t["p95_ms"]) if o.get("p95_ms") and t.get("p95_ms") else None
        rows.append((f"{int(size):,}", f(b.get("seconds")), f(b.get("docs_per_s")),
                     f((b.get("size_bytes") or 0) / 2**20),
                     f"{f(o.get('p50_ms'))} / {f(o.get('p95_ms'))}",
                     f"{f(w.get('p50_ms'), 0)} / {f(w.get('p95_ms'), 0)} (n={w.get('n', 0)})",
                     f"{f(t.get('p50_ms'))} / {f(t.get('p95_ms'))}", f(ratio, 2) + "×",
                     f"{f(web.get('req_per_s'))} ({web.get('errors', '–')})", f"{f(web.get('rss_peak_mb'), 0)} / {f(web.get('pss_mb'), 0)}",
                     f"{f(u.get('add_one_s'))} / {f(u.get('remove_one_s'))}"))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(int(s) for s in results["sizes"])
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.2))
    for key, label, style in (("project", "Searcher.search (ours)", "o-"), ("whoosh", "stock Whoosh", "s--"),
                              ("tantivy", "tantivy", "^-")):
        xs = [s for s in sizes if results["sizes"][str(s)].get(key, {}).get("p95_ms")]
        if xs:
            a.plot(xs, [results["sizes"][str(s)][key]["p95_ms"] for s in xs], style, label=label + " p95")
    xs = [s for s in sizes if results["sizes"][str(s)].get("project", {}).get("p50_ms")]
    if xs:
        a.plot(xs, [results["sizes"][str(s)]["project"]["p50_ms"] for s in xs], "o:", color="C0", alpha=0.6,
               label="Searcher.search (ours) p50")
    a.set_xscale("log")
    a.set_yscale("log")
    a.set_xlabel("documents")
    a.set_ylabel("query latency, ms")
    a.axhline(100, color="grey", lw=0.8, ls=":")
    a.legend()
    a.set_title("Query latency (count, facets, top 10)")
    for key, label, style in (("build", "ttdn-index build (1k cold; larger: segmentation cached)", "o-"),
                              ("tantivy_build", "tantivy indexing", "^-")):
        xs = [s for s in sizes if results["sizes"][str(s)].get(key, {}).get("seconds")]
        if xs:
            b.plot(xs, [results["sizes"][str(s)][key]["seconds"] for s in xs], style, label=label)
    b.set_xscale("log")
    b.set_yscale("log")
    b.set_xlabel("documents")
    b.set_ylabel("seconds")
    b.legend()
    b.set_title("Indexing time")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def run_size(size: int, args, results: dict) -> None:
    r = results["sizes"].setdefault(str(size), {})
    corpus = corpus_for(size)
    index = OUT / f"idx-{size}"
    parts = args.parts
    if "build" in parts:
        build_size(size, corpus, index, args, r)
    from indexer.build import current_generation

    gen = current_generation(index)
    if gen is None:
        raise SystemExit(f"no index in {index}: run with --parts build first")
    mix = query_mix(corpus.with_name(corpus.name + ".truth.jsonl"), args.queries)
    if "query" in parts:
        r["project"] = time_project(index, mix)
        log(f"{size}: ours", {k: v for k, v in r["project"].items() if k != "totals"})
    if "tantivy" in parts:
        tpath = OUT / f"tantivy-{size}"
        r["tantivy_build"] = build_tantivy(gen, tpath)
        r["tantivy"] = time_tantivy(tpath, mix)
        log(f"{size}: tantivy", {k: v for k, v in r["tantivy"].items() if k != "totals"})
    if "whoosh" in parts:
        r["whoosh"] = time_stock_whoosh(index, mix, budget_s=args.whoosh_budget)
        log(f"{size}: stock whoosh", r["whoosh"])
    if "web" in parts and args.load_seconds > 0:
        # 400 distinct queries, more than the fast path's memo holds: few repeats help
        r["web"] = load_test(index, query_mix(corpus.with_name(corpus.name + ".truth.jsonl"), 400, seed=9),
                             args.load_seconds, server_args=args.web_args.split())
        r["web"]["server_args"] = args.web_args
        log(f"{size}: web", r["web"])
    if "update" in parts:
        r["update"] = time_update(corpus, index, args.workers)
        log(f"{size}: update", r["update"])


def build_size(size: int, corpus: Path, index: Path, args, r: dict) -> None:
    index.mkdir(parents=True, exist_ok=True)
    shared_cache = OUT / "segcache.sqlite"
    cold = size <= args.cold_max
    if cold:
        # Small sizes are built cold: the build segments every document itself.
        if index.exists():
            shutil.rmtree(index)
        index.mkdir(parents=True)
        r["underthesea_syllables_per_s"] = round(underthesea_rate(corpus))
    else:
        r["prefill"] = prefill_segmentation(corpus, shared_cache, args.workers)
        log(f"{size}: segmentation cache filled", r["prefill"])
        link = index / "segcache.sqlite"
        if not link.is_symlink():
            link.unlink(missing_ok=True)
            link.symlink_to(shared_cache.resolve())
    log(f"{size}: building ({'cold' if cold else 'segmentation cached'})")
    r["build"] = build_project(corpus, index, args.workers, cold=False)
    r["build"]["cold"] = cold
    if cold:
        syl = sum(len(t.split()) for t in [_read((p, corpus)) for p in list(corpus.rglob("*.txt"))] if t)
        r["build"]["syllables"] = syl
        rate = r["underthesea_syllables_per_s"] * args.workers
        r["build"]["syllables_per_s"] = round(syl / r["build"]["seconds"])
        r["build"]["share_of_underthesea_x_workers"] = round(syl / r["build"]["seconds"] / rate, 3)
        # keep the cold run's segmentation for the larger sizes
        if not shared_cache.exists():
            shutil.copy(index / "segcache.sqlite", shared_cache)
        else:
            from indexer.segcache import SegmentCache
            src, dst = SegmentCache(index / "segcache.sqlite"), SegmentCache(shared_cache)
            dst.put_many(dict(src.db.execute("SELECT key, words FROM seg")))
            src.close()
            dst.close()
    log(f"{size}: built", r["build"])


def main(argv=None):
    ap = argparse.ArgumentParser(description="TTĐN search benchmark")
    ap.add_argument("--sizes", default="1000,10000,100000",
                    type=lambda s: [int(x) for x in s.split(",") if x.strip()])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--whoosh-budget", type=float, default=90.0, help="seconds of stock Whoosh queries per size")
    ap.add_argument("--load-seconds", type=float, default=20.0)
    ap.add_argument("--web-args", default="", help="extra ttdn-web arguments for the load test, e.g. '--workers 1'")
    ap.add_argument("--cold-max", type=int, default=1000,
                    help="sizes up to this are built cold (the build segments everything itself)")
    ap.add_argument("--parts", default="build,query,tantivy,whoosh,web,update",
                    type=lambda s: {x.strip() for x in s.split(",") if x.strip()},
                    help="what to run for each size (without build: the index already in bench/out)")
    ap.add_argument("--out", type=Path, default=OUT / "results.json")
    ap.add_argument("--merge", action="append", default=[], metavar="JSON",
                    help="add the sizes of another results file (with --sizes '': only merge, plot and print)")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    results = json.loads(args.out.read_text()) if args.out.is_file() else {"sizes": {}}
    for other in args.merge:  # sizes measured by another run (e.g. 100k in the background)
        results["sizes"].update(json.loads(Path(other).read_text())["sizes"])
    results["machine"] = {"cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()}
    for size in args.sizes:
        run_size(size, args, results)
        args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        plot(results, OUT / "bench.png")
    if not args.sizes:
        args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        plot(results, OUT / "bench.png")
    print(table(results))
    if not args.sizes:
        return 0
    if (ROOT / "bench" / "relevance.py").is_file():
        subprocess.run([sys.executable, "-m", "bench.relevance", "--out", str(OUT / "relevance.json")], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
