"""Metadata the words should find, and filters typed in the box, on records as the cleaner produces them."""
from __future__ import annotations

from whoosh import index as windex

from indexer.schema import SCHEMA_VERSION, build_schema, to_whoosh
from indexer.search import Searcher

RECORDS = [
    {"id": "kon-tum", "hash": "1", "title": "Kon Tum tổng kết công tác thông tin đối ngoại năm 2019",
     "body": "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh tổng kết năm 2019, giao lưu với tỉnh Attapeu (Lào).",
     "date": "2019-12-20", "year": "2019", "province": "Kon Tum", "province_2025": "Quảng Ngãi",
     "officials": ["Y Mửi"], "official_titles": {"Y Mửi": "Phó Bí thư Thường trực Tỉnh ủy"},
     "kind": "tong_ket_nam", "topics": ["doi_ngoai_nhan_dan"], "source": "kontumtv.vn"},
    {"id": "quang-ninh", "hash": "2", "title": "Quảng Ninh tổng kết công tác thông tin đối ngoại năm 2019",
     "body": "Tỉnh tuyên truyền về chủ quyền biển, đảo và quảng bá hình ảnh vịnh Hạ Long.",
     "date": "2019-12-30", "year": "2019", "province": "Quảng Ninh", "province_2025": "Quảng Ninh",
     "officials": [], "kind": "tong_ket_nam", "topics": ["bien_dao"], "source": None},
]


def _index(tmp_path):
    """One generation written with the project's schema, published as a build would publish it."""
    gen = tmp_path / "gen-000001"
    gen.mkdir()
    ix = windex.create_in(str(gen), build_schema())
    with ix.writer() as w:
        for r in RECORDS:
            w.add_document(**to_whoosh(r, r["title"] + "\n" + r["body"]))
    (gen / "SCHEMA").write_text(SCHEMA_VERSION + "\n")
    (tmp_path / "CURRENT").write_text(gen.name + "\n")
    return tmp_path


def ids(r):
    return [h["id"] for h in r["hits"]]


def test_province_2025_is_a_typed_filter_and_found_by_words(tmp_path):
    with Searcher(_index(tmp_path)) as s:
        assert ids(s.search('tinhmoi:"quang ngai"')) == ["kon-tum"]
        assert ids(s.search("tinhmoi:Quảng_Ninh")) == ["quang-ninh"]
        assert ids(s.search("Quảng Ngãi thông tin đối ngoại")) == ["kon-tum"]
        assert ids(s.search("quang ngai")) == ["kon-tum"]


def test_officials_and_their_titles_are_found_by_words(tmp_path):
    with Searcher(_index(tmp_path)) as s:
        assert ids(s.search("Y Mửi")) == ["kon-tum"]
        assert ids(s.search("Phó Bí thư Thường trực Y Mửi")) == ["kon-tum"]
        assert ids(s.search("canbo:\"y mui\"")) == ["kon-tum"]


def test_typed_filter_values_are_spelled_as_the_index_spells_them(tmp_path):
    with Searcher(_index(tmp_path)) as s:
        r = s.search("tinh:quang-ninh chude:bien_dao nam:2019")
        assert ids(r) == ["quang-ninh"]
        assert {"value": "Quảng Ninh", "count": 1, "selected": True} in r["facets"]["province"]
        assert ids(s.search('loai:"tong ket nam" -tinh:"Kon Tum"')) == ["quang-ninh"]
        assert s.search('tinh:"Hà Nội"')["total"] == 0
