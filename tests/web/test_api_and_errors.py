"""JSON API, CSV export, configuration and the error paths: 400 with a message, 404, never a 500."""
from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest
from pagetools import soup
from wide_corpus import REPORTS

from indexer.schema import FACETS
from webapp import create_app

BAD_PARAMS = [
    {"page": "abc"}, {"page": "0"}, {"page": "-1"}, {"per_page": "1000"}, {"per_page": "x"}, {"sort": "random"},
    {"date_from": "2019-13-01"}, {"date_to": "hôm qua"}, {"date_from": "2020-01-01", "date_to": "2019-01-01"},
    {"provine": "Kon Tum"}, {"q": ["a", "b"]}, {"province": [f"P{i}" for i in range(60)]},
]


def test_api_search_answers_the_design_structure(wide):
    data = wide.get("/api/search", query_string={"q": "biên giới", "province": ["Đắk Lắk", "Yên Bái"]}).get_json()
    assert {"query", "total", "page", "per_page", "took_ms", "hits", "facets"} <= set(data)
    assert set(data["facets"]) == set(FACETS)
    assert data["total"] == len(data["hits"]) and all(h["province"] in ("Đắk Lắk", "Yên Bái") for h in data["hits"])
    assert {"id", "title", "date", "province", "source", "kind", "snippet"} <= set(data["hits"][0])


@pytest.mark.parametrize("params", BAD_PARAMS, ids=lambda p: ",".join(p))
def test_bad_parameters_are_400_with_a_message_everywhere(wide, params):
    for path in ("/api/search", "/export.csv"):
        response = wide.get(path, query_string=params)
        assert response.status_code == 400, (path, params)
        assert response.get_json()["error"], (path, params)
    page = wide.get("/", query_string=params)
    assert page.status_code == 400 and soup(page).select_one("[role=alert]").get_text(strip=True)


def test_api_document_by_id_with_slashes(wide):
    doc = wide.get("/api/documents/lai-chau/2018/so-ket").get_json()
    assert doc["id"] == "lai-chau/2018/so-ket" and doc["province"] == "Lai Châu" and doc["body"]
    assert wide.get("/documents/lai-chau/2018/so-ket").status_code == 200


def test_csv_export_opens_in_excel_and_has_every_hit(wide):
    total = wide.get("/api/search", query_string={"q": "biên giới"}).get_json()["total"]
    response = wide.get("/export.csv", query_string={"q": "biên giới"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith("\ufeff".encode("utf-8")), "UTF-8 with BOM, so that Excel reads the diacritics"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "title", "date"]
    assert len(rows) - 1 == total == len(REPORTS) + 1
    assert any("Đắk Lắk" in row for row in rows)
    filtered = list(csv.reader(io.StringIO(wide.get("/export.csv?province=Yên Bái").data.decode("utf-8-sig"))))
    assert len(filtered) == 2 and filtered[1][3] == "Yên Bái"


def test_the_page_links_to_the_csv_of_the_same_search(wide):
    page = soup(wide.get("/", query_string={"q": "biên giới", "province": "Yên Bái", "page": 1}))
    href = page.select_one("a.export")["href"]
    assert href.startswith("/export.csv?") and "Y%C3%AAn+B%C3%A1i" in href
    assert wide.get(href).status_code == 200


@pytest.mark.parametrize("path", [
    "/?q=" + "\x00", "/?q=" + "a" * 5000, "/?q=%22%22%22", "/?q=AND OR NOT ( ) * ?", "/?q=\ud7ff", "/?q=%ff%fe",
    "/?province=" + "%00", "/?year=abcd", "/?date_from=0000-00-00", "/?per_page=100&page=10000",
    "/documents/..%2f..%2fetc%2fpasswd", "/documents/%00", "/original/..%2fsetup", "/original/",
    "/facets/province?fq=" + "%00" * 3, "/facets/%00", "/api/search?q=" + "ư" * 3000, "/api/documents/%2e%2e",
    "/export.csv?q=%00", "/static/../setup.cfg", "/nope",
])
def test_nothing_gets_a_500(wide, path):
    response = wide.get(path)
    assert response.status_code < 500, (path, response.status_code)


def test_wrong_method_is_405_not_500(wide):
    assert wide.post("/").status_code == 405
    assert wide.post("/api/search").get_json()["error"]


def test_missing_index_is_503_with_what_to_do(tmp_path):
    client = create_app({"TTDN_INDEX": str(tmp_path / "none"), "TESTING": True}).test_client()
    page = client.get("/")
    assert page.status_code == 503 and "ttdn-index build" in page.get_data(as_text=True)
    assert client.get("/api/search").status_code == 503


def test_configuration_from_environment_and_settings_file(tmp_path, monkeypatch, wide_index):
    monkeypatch.setenv("TTDN_INDEX", str(wide_index))
    monkeypatch.delenv("TTDN_SETTINGS", raising=False)
    app = create_app()
    assert app.config["TTDN_INDEX"] == str(wide_index)
    assert app.test_client().get("/api/search").get_json()["total"] == len(REPORTS) + 1
    settings = tmp_path / "ttdn.cfg"
    settings.write_text(f"TTDN_INDEX = {str(tmp_path / 'other')!r}\nTTDN_CORPUS = ['/srv/corpus']\n", encoding="utf-8")
    monkeypatch.setenv("TTDN_SETTINGS", str(settings))
    app = create_app()
    assert app.config["TTDN_INDEX"] == str(tmp_path / "other") and app.config["TTDN_CORPUS"] == ["/srv/corpus"]
    assert create_app({"TTDN_INDEX": "explicit"}).config["TTDN_INDEX"] == "explicit", "the argument wins"


def test_ttdn_web_command_line():
    out = subprocess.run([sys.executable, "-m", "webapp", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and all(flag in out.stdout for flag in ("--index", "--port", "--host", "--corpus"))
