"""The foundation's promises: every layer exists with DESIGN.md's interfaces, end to end."""
from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

from indexer.build import build, current_generation
from indexer.search import Searcher

# Not "from conftest import CORPUS": other test folders have their own conftest.py, and whichever was
# imported last answers to the name "conftest".
CORPUS = Path(__file__).resolve().parent.parent / "corpus"

API_KEYS = {"query", "total", "page", "per_page", "took_ms", "hits", "facets", "suggestion"}
HIT_KEYS = {"id", "title", "date", "province", "source", "kind", "snippet", "score"}
FACET_KEYS = {"province", "year", "kind", "topic", "country", "document", "official", "source"}
BORDER_REPORT = "004_e87d9699215b1325"


def test_phrase_and_unaccented_twin_find_the_border_report_first(corpus_index):
    with Searcher(corpus_index) as s:
        for query in ("phân giới cắm mốc", "phan gioi cam moc"):
            r = s.search(query)
            assert r["hits"], query
            assert r["hits"][0]["id"] == BORDER_REPORT, query
            assert "<mark>" in r["hits"][0]["snippet"]


def test_searcher_answers_the_api_structure(corpus_index):
    with Searcher(corpus_index) as s:
        r = s.search("thông tin đối ngoại", filters={"province": ["Kon Tum"]}, sort="newest", page=1, per_page=10)
    assert API_KEYS <= set(r)
    assert set(r["facets"]) == FACET_KEYS
    assert r["total"] == len(r["hits"]) > 0
    for hit in r["hits"]:
        assert HIT_KEYS <= set(hit)
        assert hit["province"] == "Kon Tum"
    dates = [h["date"] for h in r["hits"]]
    assert dates == sorted(dates, reverse=True)


def test_cli_search_json_matches_api(corpus_index, client):
    out = subprocess.run([sys.executable, "-m", "indexer", "search", "phân giới cắm mốc", "--index", str(corpus_index),
                          "--json"], capture_output=True, text=True, check=True)
    cli = json.loads(out.stdout)
    api = client.get("/api/search", query_string={"q": "phân giới cắm mốc"}).get_json()
    assert API_KEYS <= set(cli)
    assert [h["id"] for h in cli["hits"]] == [h["id"] for h in api["hits"]]
    assert cli["total"] == api["total"]


def _index_contents(index_dir):
    with Searcher(index_dir) as s:
        stored = sorted((f["id"], f["hash"], json.dumps(f["record"], sort_keys=True, ensure_ascii=False))
                        for f in s._gen.searcher.all_stored_fields())
        ranking = [(h["id"], h["score"]) for h in s.search("thông tin đối ngoại biên giới", per_page=10)["hits"]]
    return stored, ranking


def test_building_twice_gives_the_same_index(tmp_path):
    first = build([CORPUS], tmp_path / "a", workers=1)
    again = build([CORPUS], tmp_path / "a", workers=1)
    assert first["documents"] == 5 and first["added"] == 5
    assert again["added"] == again["updated"] == again["removed"] == 0 and again["unchanged"] == 5
    assert again["generation"] == first["generation"]
    fresh = build([CORPUS], tmp_path / "b", workers=2, rebuild=True)
    assert _index_contents(tmp_path / "a") == _index_contents(tmp_path / "b")
    assert fresh["segmented"] == 5


def test_incremental_build_adds_changes_and_removes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in sorted(CORPUS.glob("*.txt"))[:3]:
        (corpus / f.name).write_bytes(f.read_bytes())
    index = tmp_path / "index"
    build([corpus], index, workers=1)
    gen1 = current_generation(index)
    names = sorted(p.name for p in corpus.glob("*.txt"))
    (corpus / names[0]).unlink()
    (corpus / "moi").mkdir()
    (corpus / "moi" / "bao-cao.txt").write_text(
        "Hội nghị tổng kết công tác thông tin đối ngoại tỉnh Quảng Trị năm 2021\n\n"
        "Ngày 10/1/2022, Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Quảng Trị tổ chức hội nghị tổng kết "
        "công tác năm 2021, trong đó nêu rõ kết quả tuyên truyền về phân giới cắm mốc trên tuyến biên giới với Lào.\n",
        encoding="utf-8")
    report = build([corpus], index, workers=1)
    assert (report["added"], report["removed"], report["unchanged"]) == (1, 1, 2)
    assert current_generation(index) != gen1
    with Searcher(index) as s:
        ids = {h["id"] for h in s.search("", per_page=100)["hits"]}
        assert "moi/bao-cao" in ids and names[0][:-4] not in ids
        assert s.search("Quảng Trị")["hits"][0]["id"] == "moi/bao-cao"


def test_an_update_reads_only_files_whose_size_or_time_changed(tmp_path, monkeypatch):
    """Unchanged files keep the hash recorded at the last build (FILES.json): an update does not
    read the whole corpus again. A change of content is seen, even at the same size."""
    import os

    from indexer import build as build_module

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in sorted(CORPUS.glob("*.txt")):
        (corpus / f.name).write_bytes(f.read_bytes())
    index = tmp_path / "index"
    build([corpus], index, workers=1)
    hashed = []
    real_hash = build_module.content_hash
    monkeypatch.setattr(build_module, "content_hash", lambda path: hashed.append(path.name) or real_hash(path))

    assert build([corpus], index, workers=1)["unchanged"] == 5 and hashed == []

    target = sorted(corpus.glob("*.txt"))[1]
    text = target.read_text(encoding="utf-8")
    swapped = text.replace("thông tin", "thông tim", 1)  # the same number of bytes
    assert swapped != text and len(swapped.encode()) == len(text.encode())
    stat = target.stat()
    target.write_text(swapped, encoding="utf-8")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    report = build([corpus], index, workers=1)
    assert hashed == [target.name] and report["updated"] == 1 and report["unchanged"] == 4


def test_app_factory_serves_page_and_api(client):
    page = client.get("/?q=phân giới cắm mốc")
    assert page.status_code == 200
    assert "<mark>" in page.get_data(as_text=True)
    assert BORDER_REPORT in page.get_data(as_text=True)
    api = client.get("/api/search?q=phan gioi cam moc")
    assert api.status_code == 200
    assert api.get_json()["hits"][0]["id"] == BORDER_REPORT
    assert client.get("/api/search?page=abc").status_code == 400
    assert client.get(f"/documents/{BORDER_REPORT}").status_code == 200
    assert client.get("/documents/khong-co").status_code == 404


def test_live_server_over_http(live_server):
    with urllib.request.urlopen(live_server + "/api/search?q=phan%20gioi%20cam%20moc", timeout=10) as resp:
        body = json.loads(resp.read().decode("utf-8"))
    assert body["hits"][0]["id"] == BORDER_REPORT
    with urllib.request.urlopen(live_server + "/", timeout=10) as resp:
        assert "Tìm kiếm" in resp.read().decode("utf-8")


def test_index_from_an_older_version_is_refused_then_rebuilt_without_segmenting(tmp_path):
    from indexer.search import IndexMissing
    from webapp import create_app

    index = tmp_path / "index"
    build([CORPUS], index, workers=1)
    (current_generation(index) / "SCHEMA").write_text("0\n")  # as written by an older indexer
    try:
        Searcher(index)
    except IndexMissing as e:
        assert "ttdn-index build" in str(e)
    else:
        raise AssertionError("a generation of another schema was opened")
    page = create_app({"TTDN_INDEX": str(index)}).test_client().get("/api/search?q=biên giới")
    assert page.status_code == 503 and "ttdn-index build" in page.get_json()["error"]
    report = build([CORPUS], index, workers=1)
    assert report["added"] == 5 and report["segmented"] == 0
    with Searcher(index) as s:
        assert s.search("phân giới cắm mốc")["hits"][0]["id"] == BORDER_REPORT
