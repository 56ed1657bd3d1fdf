"""Eight clients for 20 seconds of mixed requests against ttdn-web (waitress, loopback), with two
reindexes published in the middle: zero errors, and the new documents answer right after each
publication (issue 7). Loops are bounded by time and the request count is printed (pytest -s)."""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

import webserver

import hostile_corpus

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
CLIENTS = 8
DURATION = 20.0  # seconds of load
REQUEST_TIMEOUT = 60  # a hang guard on a shared two-core machine, not a performance figure

SEARCHES = ["phân giới cắm mốc", "phan gioi cam moc", "TTĐN", "thông tin đối ngoại", "biên giới Lào",
            "Kết luận 16", "16-KL/TW", '"đối ngoại nhân dân"', "kiều*", 'tinh:"Kon Tum" biên giới', "hoà bình",
            "Hoàng Sa OR Trường Sa", "biên giới -Campuchia", "báo chí", "", "(((", "*", "OR OR", "x" * 2000]
BAD = [{"page": "0"}, {"per_page": str(10 ** 6)}, {"date_from": "2019-13-45"}, {"facet": "x"}, {"sort": "bogus"}]


def _requests(doc_ids: list[str]) -> list[tuple[str, dict, tuple[int, ...]]]:
    """(path, params, accepted statuses): the mix a busy office sends."""
    mix = []
    for q in SEARCHES:
        mix.append(("/api/search", {"q": q}, (200,)))
        mix.append(("/", {"q": q}, (200,)))
    mix += [("/api/search", {"q": "biên giới", "province": "Kon Tum", "sort": "newest"}, (200,)),
            ("/", {"q": "", "page": "2"}, (200,)), ("/api/search", {"q": "đối ngoại", "per_page": "100"}, (200,)),
            ("/export.csv", {"q": "phân giới cắm mốc"}, (200,)), ("/facets/province", {}, (200,)),
            ("/api/search", {"date_from": "2015-01-01", "date_to": "2019-12-31"}, (200,))]
    mix += [("/api/search", bad, (400,)) for bad in BAD]
    for doc_id in doc_ids:
        mix += [(f"/documents/{doc_id}", {"q": "thông tin"}, (200,)), (f"/api/documents/{doc_id}", {}, (200,))]
    return mix


def _get(base: str, path: str, params: dict) -> tuple[int, bytes]:
    url = f"{base}{urllib.parse.quote(path)}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def _build(corpus: Path, index: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indexer", "build", str(corpus), "--index", str(index),
                           "--workers", "1"], capture_output=True, text=True, timeout=300)


@pytest.fixture()
def served(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for f in CORPUS.glob("*.txt"):
        shutil.copy(f, corpus / f.name)
    hostile_corpus.many_reports(corpus / "nen", 20, prefix="rbnen")
    run = _build(corpus, index)
    assert run.returncode == 0, run.stderr
    proc, base = webserver.start(index)
    yield base, corpus, index, proc
    webserver.stop(proc)


def test_eight_clients_and_two_reindexes_without_an_error(served):
    base, corpus, index, server = served
    listing = json.loads(_get(base, "/api/search", {"q": "", "per_page": "100"})[1])
    doc_ids = [h["id"] for h in listing["hits"]]
    mix = _requests(doc_ids)
    statuses: Counter = Counter()
    errors: list = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(seed: int):
        rng = random.Random(seed)
        while not stop.is_set():
            path, params, accepted = rng.choice(mix)
            try:
                status, body = _get(base, path, params)
                ok = status in accepted and (status != 200 or path != "/api/search" or "hits" in json.loads(body))
            except Exception as e:  # a refused connection, a timeout, a truncated body: all errors
                status, ok = type(e).__name__, False
            with lock:
                statuses[status] += 1
                if not ok:
                    errors.append((path, str(params)[:80], status))

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(CLIENTS)]
    started = time.monotonic()
    for t in threads:
        t.start()

    publications = []
    try:
        time.sleep(3)
        for round_, count in ((1, 12), (2, 8)):
            prefix = f"rbtai{round_}x"
            new_ids = [f"moi{round_}/{i}" for i in hostile_corpus.many_reports(corpus / f"moi{round_}", count,
                                                                               prefix=prefix)]
            marker = f"{prefix}0000"
            assert json.loads(_get(base, "/api/search", {"q": marker})[1])["total"] == 0
            if round_ == 2:  # an update too: a document's text changes under load
                changed = corpus / "nen" / "rbnen-0000.txt"
                text = changed.read_text(encoding="utf-8")
                assert "Đoạn 1 của báo cáo số 0." in text
                changed.write_text(text.replace("Đoạn 1 của báo cáo số 0.", "Đoạn 1 của báo cáo số 0, bổ sung rbsuadoi."),
                                   encoding="utf-8")
            run = _build(corpus, index)
            assert run.returncode == 0, run.stderr
            published = time.monotonic() - started
            # Visible on the very next request after publication, document page included.
            found = json.loads(_get(base, "/api/search", {"q": marker})[1])
            assert [h["id"] for h in found["hits"]] == [new_ids[0]], found
            assert _get(base, f"/documents/{new_ids[-1]}", {})[0] == 200
            total = json.loads(_get(base, "/api/search", {"q": "", "per_page": "1"})[1])["total"]
            assert total == len(doc_ids) + (12 if round_ == 1 else 20)
            if round_ == 2:
                assert json.loads(_get(base, "/api/search", {"q": "rbsuadoi"})[1])["total"] == 1
            publications.append(round(published, 1))
        remaining = DURATION - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=REQUEST_TIMEOUT + 5)
    elapsed = time.monotonic() - started
    served_total = sum(statuses.values())
    print(f"\nload: {CLIENTS} clients, {elapsed:.1f} s, {served_total} requests "
          f"({served_total / elapsed:.0f}/s), statuses {dict(statuses)}, reindexes published at {publications} s, "
          f"errors {len(errors)}")
    assert not errors, errors[:20]
    assert server.poll() is None, "ttdn-web died under load"
    assert served_total >= CLIENTS  # every client got answers
    assert statuses[400] > 0 and statuses[200] > 0
