"""Whatever staff drop into the corpus folder, the build completes, indexes every good file and says
which files it skipped and why, on the terminal and in --report JSON (issue 7)."""
from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import hostile_corpus
from indexer.build import current_generation
from indexer.search import Searcher

CLI_TIMEOUT = 300  # a hang guard, not a performance expectation


def ttdn_index(*args, preexec_fn=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indexer", *map(str, args)], capture_output=True, text=True,
                          timeout=CLI_TIMEOUT, preexec_fn=preexec_fn)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The hostile corpus (with its 50 MB file) built once through the command line."""
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = hostile_corpus.make(tmp / "corpus")
    index, report_file = tmp / "index", tmp / "report.json"
    run = ttdn_index("build", corpus.root, "--index", index, "--workers", 2, "--report", report_file)
    yield corpus, index, run, json.loads(report_file.read_text(encoding="utf-8")) if report_file.exists() else None
    for name in ("big.txt", "disk-image.txt"):  # 50 MB, 8 GB sparse: not kept among pytest's temp folders
        (corpus.root / "bad" / name).unlink(missing_ok=True)


def _rel(corpus, path: str) -> str:
    return Path(path).relative_to(corpus.root).as_posix()


def test_build_completes_with_exit_0_despite_skips(built):
    corpus, index, run, report = built
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert report is not None and report["documents"] == len(corpus.good)
    assert current_generation(index) is not None


def test_every_skipped_file_is_listed_with_its_reason(built):
    corpus, index, run, report = built
    skipped = {_rel(corpus, s["path"]): s["reason"] for s in report["skipped"]}
    assert set(skipped) == set(corpus.bad), "skipped files differ from the expected ones"
    for rel, words in corpus.bad.items():
        for word in words:
            assert word in skipped[rel], (rel, skipped[rel])
        # the terminal summary names the same file and reason
        assert f"skipped {corpus.root / rel}: {skipped[rel]}" in run.stdout


def test_every_good_file_is_indexed_and_searchable(built):
    corpus, index, run, report = built
    with Searcher(index) as s:
        everything = {h["id"] for h in s.search("", per_page=100)["hits"]}
        assert everything == set(corpus.good)
        for doc_id, marker in corpus.good.items():
            hits = s.search(marker)["hits"]
            assert [h["id"] for h in hits] == [doc_id], marker


def test_encodings_are_decoded_into_the_same_text(built):
    """cp1258 without a declaration, UTF-16 in either byte order with or without its mark, and NFD all give
    readable Vietnamese."""
    corpus, index, run, report = built
    with Searcher(index) as s:
        for doc_id in ("cp1258/undeclared", "cp1258/undeclared-page", "utf16/le", "utf16/be", "utf16/le-no-bom",
                       "utf16/be-no-bom", "utf8/nfd"):
            body = s.document(doc_id)["body"]
            assert "thông tin đối ngoại" in body, doc_id
            assert "\ufffd" not in body and "\x00" not in body and "\ufeff" not in body, doc_id
        # a query with diacritics reaches the cp1258 file through the same analyzers
        ids = {h["id"] for h in s.search("tỉnh Hà Giang hội nghị sơ kết", per_page=50)["hits"]}
        assert "cp1258/undeclared" in ids


def test_deeply_nested_html_keeps_its_text(built):
    corpus, index, run, report = built
    with Searcher(index) as s:
        body = s.document("html/nested")["body"]
    assert "rbmoc10" in body and "Bộ đội Biên phòng" in body


def test_every_indexed_document_opens_from_its_link(built):
    """Odd file names (spaces, ?, #, quotes, markup, NFD, 240 characters) give ids whose links work."""
    import html
    import re

    from webapp import create_app

    corpus, index, run, report = built
    client = create_app({"TTDN_INDEX": str(index), "TESTING": True}).test_client()
    for doc_id, marker in corpus.good.items():
        page = client.get("/", query_string={"q": marker}).get_data(as_text=True)
        links = {html.unescape(h) for h in re.findall(r'href="(/documents/[^"]+)"', page)}
        assert len(links) == 1, (doc_id, links)
        doc = client.get(links.pop())
        assert doc.status_code == 200, doc_id
        assert marker in doc.get_data(as_text=True), doc_id


def test_hand_written_sidecars_cannot_break_a_record(built, tmp_path):
    """Wrong types and impossible values in NAME.meta.json are ignored or normalised; id and path stay the file's."""
    corpus, index, run, report = built
    from webapp import create_app

    client = create_app({"TTDN_INDEX": str(index), "TESTING": True}).test_client()
    with Searcher(index) as s:
        for doc_id in (i for i in corpus.good if i.startswith("sidecars/")):
            doc = s.document(doc_id)
            assert doc["id"] == doc_id and isinstance(doc["title"], str) and doc["title"]
            assert doc["date"] is None or (isinstance(doc["date"], str) and doc["date"] < "2100"), doc["date"]
            assert "etc/passwd" not in json.dumps(doc, ensure_ascii=False)
            for url in (f"/documents/{doc_id}", f"/api/documents/{doc_id}", f"/?q={corpus.good[doc_id]}"):
                assert client.get(url).status_code == 200, url


def test_the_same_document_under_two_names_is_indexed_once(built):
    corpus, index, run, report = built
    with Searcher(index) as s:
        assert s.search("rbmoc11")["total"] == 1
    assert any("same content" in s["reason"] and "twins/a-ban-goc" in s["reason"] for s in report["skipped"])


def test_rebuilding_an_unchanged_hostile_corpus_publishes_no_new_generation(built):
    corpus, index, run, report = built
    again = ttdn_index("build", corpus.root, "--index", index, "--workers", 1)
    assert again.returncode == 0, again.stderr
    assert current_generation(index).name == report["generation"]
    assert f"{len(corpus.good)} unchanged" in again.stdout


def test_nothing_indexable_exits_non_zero_and_says_why(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "photo.html").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    report_file = tmp_path / "report.json"
    run = ttdn_index("build", corpus, "--index", tmp_path / "index", "--report", report_file)
    assert run.returncode != 0
    assert "no document could be indexed" in run.stderr and "Traceback" not in run.stderr
    assert "empty.txt" in run.stderr and "photo.html" in run.stderr
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert {Path(s["path"]).name for s in report["skipped"]} == {"empty.txt", "photo.html"}
    assert current_generation(tmp_path / "index") is None  # nothing published


def test_nothing_indexable_keeps_the_previous_generation(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bao-cao.txt").write_text(hostile_corpus.report_text("rbmoc31", "Cao Bằng"), encoding="utf-8")
    index = tmp_path / "index"
    assert ttdn_index("build", corpus, "--index", index).returncode == 0
    first = current_generation(index)
    (corpus / "bao-cao.txt").write_bytes(b"")  # the only report is emptied by mistake
    run = ttdn_index("build", corpus, "--index", index)
    assert run.returncode != 0 and "no document could be indexed" in run.stderr
    assert current_generation(index) == first
    with Searcher(index) as s:
        assert s.search("rbmoc31")["total"] == 1


def test_a_report_that_becomes_unreadable_leaves_the_index(tmp_path):
    """A changed file that is now skipped is not left in the index in its old version."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mot.txt").write_text(hostile_corpus.report_text("rbmoc34", "Cao Bằng"), encoding="utf-8")
    (corpus / "hai.txt").write_text(hostile_corpus.report_text("rbmoc35", "Lào Cai"), encoding="utf-8")
    index = tmp_path / "index"
    assert ttdn_index("build", corpus, "--index", index).returncode == 0
    (corpus / "hai.txt").write_bytes(b"")
    run = ttdn_index("build", corpus, "--index", index)
    assert run.returncode == 0, run.stderr
    with Searcher(index) as s:
        assert s.search("rbmoc35")["total"] == 0
        assert s.search("rbmoc34")["total"] == 1
        assert s.search("", per_page=10)["total"] == 1


def test_an_index_that_cannot_be_written_exits_non_zero_with_a_message(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bao-cao.txt").write_text(hostile_corpus.report_text("rbmoc32", "Cao Bằng"), encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    run = ttdn_index("build", corpus, "--index", blocker / "index")
    assert run.returncode != 0
    assert "cannot write the index" in run.stderr and "Traceback" not in run.stderr


def test_a_missing_corpus_folder_is_reported_not_fatal_when_another_has_documents(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bao-cao.txt").write_text(hostile_corpus.report_text("rbmoc33", "Lào Cai"), encoding="utf-8")
    run = ttdn_index("build", corpus, tmp_path / "khong-co", "--index", tmp_path / "index")
    assert run.returncode == 0, run.stderr
    assert "corpus folder not found" in run.stdout


# -- unreadable files -------------------------------------------------------------------------------

def _without_dac_override():
    """Run the child as root *without* the capability that lets root read a chmod 000 file.

    Tests run as root here, where chmod 000 blocks nothing. Dropping CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH from the bounding set before exec makes the permission bits apply
    to root too, so the build meets a genuinely unreadable file.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop capability")


def test_unreadable_file_is_skipped_with_its_reason(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "doc-duoc.txt").write_text(hostile_corpus.report_text("rbmoc21", "Lào Cai"), encoding="utf-8")
    secret = corpus / "khong-doc-duoc.txt"
    secret.write_text(hostile_corpus.report_text("rbmoc22", "Hà Giang"), encoding="utf-8")
    secret.chmod(0)
    preexec = None
    if os.geteuid() == 0:
        probe = subprocess.run([sys.executable, "-c", f"open({str(secret)!r}, 'rb')"], capture_output=True,
                               preexec_fn=_without_dac_override)
        if probe.returncode == 0 or "PermissionError" not in probe.stderr.decode():
            pytest.skip("running as root and the read capability cannot be dropped here: chmod 000 blocks nothing")
        preexec = _without_dac_override
    try:
        report_file = tmp_path / "report.json"
        run = ttdn_index("build", corpus, "--index", tmp_path / "index", "--report", report_file, preexec_fn=preexec)
    finally:
        secret.chmod(0o644)
    assert run.returncode == 0, run.stderr
    report = json.loads(report_file.read_text(encoding="utf-8"))
    reasons = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert "cannot read" in reasons["khong-doc-duoc.txt"] and "ermission" in reasons["khong-doc-duoc.txt"]
    with Searcher(tmp_path / "index") as s:
        assert s.search("rbmoc21")["total"] == 1
        assert s.search("rbmoc22")["total"] == 0


# -- deep nesting of every kind ----------------------------------------------------------------------------

_ARTICLE = ("<p>Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Sơn La tổ chức hội nghị sơ kết công tác năm 2020, "
            "đánh giá kết quả tuyên truyền về biên giới và hợp tác với các tỉnh của nước bạn Lào, mã rbsau01.</p>")
_DEPTH = 10_000
NESTINGS = {
    "div": "<div>" * _DEPTH + _ARTICLE + "</div>" * _DEPTH,
    "div, never closed": "<div>" * _DEPTH + _ARTICLE,
    "blockquote": "<blockquote>" * _DEPTH + _ARTICLE + "</blockquote>" * _DEPTH,
    "inline b/i, never closed": "<b><i>" * (_DEPTH // 2) + _ARTICLE,
    "table cells": "<table><tr><td>" * (_DEPTH // 3) + _ARTICLE + "</td></tr></table>" * (_DEPTH // 3),
    "lists": "<ul><li>" * (_DEPTH // 2) + _ARTICLE + "</li></ul>" * (_DEPTH // 2),
    "text at every level": "".join(f"<section>mục {i} " for i in range(_DEPTH)) + _ARTICLE,
    "furniture": "<aside class='sidebar'>" * _DEPTH + "Tin liên quan" + "</aside>" * _DEPTH + _ARTICLE,
}


@pytest.mark.parametrize("kind", list(NESTINGS))
def test_ten_thousand_levels_of_nesting_keep_the_article(kind):
    """lxml, BeautifulSoup and our walks must neither recurse to death nor lose the text at the bottom."""
    from indexer import boilerplate

    html = "<html><head><meta charset='utf-8'><title>Sơn La</title></head><body>" + NESTINGS[kind] + "</body></html>"
    cleaned = boilerplate.clean(html, True)
    assert any("rbsau01" in p for p in cleaned.paragraphs), (kind, cleaned.paragraphs[:3])


# -- the command line on hostile input ---------------------------------------------------------------------

def test_clean_command_explains_instead_of_crashing(built, capsys):
    """`ttdn-index clean` on every hostile file: the text, or exit 1 and the reason, never a traceback."""
    from indexer.cli import main

    corpus, index, run, report = built
    paths = [corpus.root / rel for rel in corpus.bad] + [corpus.root / "bad" / "x.html", corpus.root / "khong-co.txt"]
    for path in paths:
        if path.name == "b-ban-sao.txt":
            continue  # a duplicate is a perfectly good file on its own
        assert main(["clean", str(path), "--json"]) == 1, path
        err = capsys.readouterr().err
        assert "skipped" in err and str(path) in err, path
    for doc_id in corpus.good:
        path = next(p for p in (corpus.root / doc_id).parent.glob(Path(doc_id).name + ".*")
                    if p.suffix in (".txt", ".html", ".htm"))
        assert main(["clean", str(path), "--json"]) == 0, path
        assert json.loads(capsys.readouterr().out)["body"], path


def test_search_command_answers_hostile_queries(built, capsys):
    from hostile_requests import QUERIES
    from indexer.cli import main

    corpus, index, run, report = built
    for text in QUERIES:
        code = main(["search", "--index", str(index), "--json", "--", text])  # "--": "-*" is a query, not an option
        out, err = capsys.readouterr()
        assert code in (0, 2), repr(text)
        if code == 0:
            assert "hits" in json.loads(out)
        else:
            assert err.startswith("ttdn-index:"), repr(text)
    for bad in (["--page", "0"], ["--date-from", "2019-13-45"], ["--per-page", "1000000"], ["--sort", "x"]):
        assert main(["search", "biên giới", "--index", str(index), *bad]) == 2, bad
        assert capsys.readouterr().err.startswith("ttdn-index:")
