"""The document page and the original file's text, on a real index of the wide corpus."""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from pagetools import soup
from flask import render_template
from wide_corpus import CP1258_NAME, CP1258_TEXT

from indexer.build import current_generation
from indexer.normalize import fold
from webapp import create_app, originals

KON_TUM = "kon-tum/2020"


def rows(page) -> dict[str, object]:
    return {tr.select_one("th").get_text(strip=True): tr.select_one("td") for tr in page.select("table.metadata tr")}


def test_document_page_shows_title_metadata_links_and_highlights(wide):
    record = wide.get(f"/api/documents/{KON_TUM}").get_json()
    response = wide.get(f"/documents/{KON_TUM}", query_string={"q": "bien gioi"})
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("article h1").get_text() == record["title"]
    assert record["title"] in page.title.get_text()
    meta = rows(page)
    assert meta["Ngày"].select_one("time")["datetime"] == record["date"]
    assert meta["Tỉnh, thành phố"].get_text(strip=True).startswith(record["province"])
    source = meta["Nguồn"].select_one("a")
    assert source["href"] == record["url"] and source.get_text() == record["source"]
    for name, key, field in (("Văn bản trích dẫn", "document", "cited_documents"), ("Chủ đề", "topic", "topics"),
                             ("Nước đối tác", "country", "countries"), ("Cán bộ", "official", "officials")):
        if record.get(field):
            links = meta[name].select("a")
            assert [parse_qs(urlsplit(a["href"]).query)[key][0] for a in links] == list(record[field]), name
            assert all(urlsplit(a["href"]).path == "/" for a in links)
    marks = [m.get_text().lower() for m in page.select(".document .body mark")]
    assert marks and "biên giới" in marks, marks
    assert all(set(fold(m).split()) <= {"bien", "gioi"} for m in marks), "an unaccented query marks every accent form"
    original = page.find("a", string=lambda s: s and "văn bản gốc" in s)
    assert original["href"] == f"/original/{KON_TUM}"


def test_document_links_carry_the_search_back(wide):
    page = soup(wide.get("/", query_string={"q": "biên giới", "province": "Yên Bái", "sort": "oldest"}))
    href = page.select_one(".hit h3 a")["href"]
    assert parse_qs(urlsplit(href).query) == {"q": ["biên giới"], "province": ["Yên Bái"], "sort": ["oldest"]}
    back = soup(wide.get(href)).select_one("nav.crumbs a")["href"]
    assert urlsplit(back).path == "/"
    assert parse_qs(urlsplit(back).query) == {"q": ["biên giới"], "province": ["Yên Bái"], "sort": ["oldest"]}


def test_document_page_without_query_has_no_marks(wide):
    page = soup(wide.get(f"/documents/{KON_TUM}"))
    assert not page.select("mark")
    assert page.select_one(".document .body p")


def test_a_javascript_url_never_becomes_a_link(wide):
    page = soup(wide.get("/documents/son-la/2019"))
    source = rows(page)["Nguồn"]
    assert source.get_text(strip=True) == "sonla.gov.vn"
    assert not source.select("a")
    assert "javascript:" not in str(page.select_one("table.metadata"))


def test_similar_documents_when_the_searcher_offers_them(wide, wide_app):
    from webapp.search_service import searcher

    with wide_app.app_context():
        has_similar = hasattr(searcher(), "similar")
    page = soup(wide.get(f"/documents/{KON_TUM}"))
    section = page.select_one("aside.similar")
    if not has_similar:
        assert section is None
        pytest.skip("Searcher.similar is not there yet (issue 4)")
    links = [a["href"] for a in section.select("a")]
    assert links and f"/documents/{KON_TUM}" not in links


def test_metadata_from_the_cleaning_engineer_is_shown(wide_app):
    """Fields the records will gain (post-2025 province, official titles, authors, period) render when present."""
    doc = {"id": "x/y", "title": "Báo cáo", "date": "2024-01-05", "province": "Kon Tum", "province_2025": "Quảng Ngãi",
           "authors": ["Quang Mẫn", "Duy Phong"], "kind": "tong_ket_nam", "period": "2023", "countries": ["Lào"],
           "officials": ["Y Mửi"], "official_titles": {"Y Mửi": "Phó Bí thư Thường trực Tỉnh ủy"}, "source": "kontumtv.vn",
           "url": "https://kontumtv.vn/a", "topics": ["bien_gioi"], "cited_documents": ["16-KL/TW"], "path": "x/y.txt"}
    with wide_app.test_request_context("/documents/x/y"):
        html = render_template("document.html", doc=doc, paragraphs=[("Nội dung.", None)], q="", similar=[],
                               officials=[{"name": "Y Mửi", "title": doc["official_titles"]["Y Mửi"]}],
                               has_original=True, marked=0)
    page = soup(html)
    meta = rows(page)
    assert "Quảng Ngãi" in meta["Tỉnh, thành phố"].get_text()
    assert meta["Tác giả"].get_text() == "Quang Mẫn, Duy Phong"
    assert meta["Kỳ báo cáo"].get_text() == "2023"
    assert meta["Loại hội nghị"].get_text() == "Tổng kết năm"
    assert "Phó Bí thư Thường trực Tỉnh ủy" in meta["Cán bộ"].get_text()
    assert meta["Chủ đề"].get_text() == "Biên giới"


def test_unknown_document_is_404_page_and_json(wide):
    response = wide.get("/documents/khong-co/bao-cao")
    assert response.status_code == 404
    assert soup(response).select_one("[role=alert]")
    api = wide.get("/api/documents/khong-co")
    assert api.status_code == 404 and "error" in api.get_json()


def test_original_file_text_as_utf8_plain_text(wide, wide_corpus):
    response = wide.get(f"/original/{KON_TUM}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].replace(" ", "").lower() == "text/plain;charset=utf-8"
    assert response.get_data(as_text=True) == (wide_corpus / "kon-tum/2020.html").read_text(encoding="utf-8")
    assert response.headers.get("X-Content-Type-Options") == "nosniff", "HTML shown as text, never rendered"
    legacy = wide.get("/original/" + CP1258_NAME.rsplit(".", 1)[0])
    assert legacy.status_code == 200
    assert legacy.get_data(as_text=True).replace("\r\n", "\n") == CP1258_TEXT, "Windows-1258 re-encoded as UTF-8"
    assert wide.get("/original/khong-co").status_code == 404


def test_original_needs_a_known_root(tmp_path, wide_index, wide_corpus):
    """An index without recorded roots serves originals only from TTDN_CORPUS."""
    copy = tmp_path / "index"
    shutil.copytree(wide_index, copy)
    gen = current_generation(copy)
    (gen / originals.ROOTS_FILE).unlink()
    bare = create_app({"TTDN_INDEX": str(copy), "TESTING": True}).test_client()
    assert bare.get(f"/original/{KON_TUM}").status_code == 404
    configured = create_app({"TTDN_INDEX": str(copy), "TESTING": True, "TTDN_CORPUS": str(wide_corpus)}).test_client()
    assert configured.get(f"/original/{KON_TUM}").status_code == 200


def test_locate_refuses_paths_outside_the_roots(tmp_path):
    root = tmp_path / "corpus"
    (root / "a").mkdir(parents=True)
    (root / "a" / "doc.txt").write_text("báo cáo", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("mật", encoding="utf-8")
    (root / "a" / "link.txt").symlink_to(secret)
    roots = [root]
    assert originals.locate("a/doc.txt", roots) == (root / "a" / "doc.txt").resolve()
    for bad in ("../secret.txt", "a/../../secret.txt", str(secret), "a/link.txt", "a/doc.txt\x00.txt",
                "a/../a/../../secret.txt", "", "a", "../corpus/../secret.txt", "/etc/passwd", "a/doc.py"):
        assert originals.locate(bad, roots) is None, bad
    assert originals.locate("a/doc.txt", [tmp_path / "missing"]) is None


def test_configured_roots_accept_a_list_or_a_path_list(tmp_path):
    assert originals.configured_roots(None) == []
    assert originals.configured_roots(f"{tmp_path}/a:{tmp_path}/b") == [Path(f"{tmp_path}/a"), Path(f"{tmp_path}/b")]
    assert originals.configured_roots([str(tmp_path)]) == [tmp_path]
