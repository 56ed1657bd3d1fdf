"""The small pure pieces behind the pages: collation, URL state, facet description, timeline geometry."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from webapp import create_app
from webapp.collation import sort_key
from webapp.facets import describe
from webapp.state import SearchState
from webapp.timeline import build as build_timeline

# Provinces in Vietnamese dictionary order: letters first (a < ă < â, d < đ, o < ô < ơ, u < ư), tones second.
DICTIONARY_ORDER = ["An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
                    "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai",
                    "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hải Dương", "Hải Phòng", "Hòa Bình",
                    "Huế", "Hưng Yên", "Khánh Hòa", "Kon Tum", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng",
                    "Long An", "Ninh Bình", "Phú Thọ", "Quảng Ninh", "Sóc Trăng", "Sơn La", "Tây Ninh",
                    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Yên Bái"]


def test_vietnamese_collation_orders_provinces_as_a_dictionary():
    shuffled = sorted(DICTIONARY_ORDER, key=lambda s: s[::-1])
    assert sorted(shuffled, key=sort_key) == DICTIONARY_ORDER
    assert sorted(["Yên Bái", "Đắk Lắk", "Dak Lak", "Điện Biên"], key=sort_key) == \
        ["Dak Lak", "Đắk Lắk", "Điện Biên", "Yên Bái"], "Đ after D, before E"


def test_collation_is_insensitive_to_encoding_and_numbers_sort_as_numbers():
    nfd = "Đắk Lắk".encode("utf-8").decode("utf-8")
    import unicodedata
    assert sort_key(unicodedata.normalize("NFD", nfd))[:2] == sort_key(nfd)[:2]
    assert sorted(["Kết luận 16", "Kết luận 9", "Kết luận 100"], key=sort_key) == \
        ["Kết luận 9", "Kết luận 16", "Kết luận 100"]


@given(st.lists(st.text(max_size=12), max_size=20))
def test_collation_is_a_total_order_on_any_text(values):
    ordered = sorted(values, key=sort_key)
    assert sorted(ordered, key=sort_key) == ordered
    assert sorted(values) == sorted(ordered)


def test_search_state_edits_one_thing_and_drops_the_page():
    app = create_app({"TTDN_INDEX": "unused"})
    with app.test_request_context("/"):
        state = SearchState({"q": ["biên giới"], "province": ["Kon Tum"], "page": ["3"], "date_to": [""]})
        assert "date_to" not in state.params
        added = parse_qs(urlsplit(state.toggled("province", "Lai Châu").url()).query)
        assert added == {"q": ["biên giới"], "province": ["Kon Tum", "Lai Châu"]}
        removed = parse_qs(urlsplit(state.toggled("province", "Kon Tum").url()).query)
        assert removed == {"q": ["biên giới"]}
        assert parse_qs(urlsplit(state.at_page(4).url()).query)["page"] == ["4"]
        assert "page" not in state.at_page(1).params
        assert state.cleared().params == {"q": ["biên giới"]}
        assert state.only("year", "2019").values("year") == ["2019"]
        assert state.only("year", "2019").only("year", "2019").values("year") == []
        assert SearchState({}).url() == "/"


def label(kind, value):
    return {"kind": {"tong_ket_nam": "Tổng kết năm"}, "facets": {"kind": "Loại", "province": "Tỉnh", "year": "Năm"}}\
        .get(kind, {}).get(value, value)


def test_facet_description_keeps_selected_values_and_hides_the_long_tail():
    app = create_app({"TTDN_INDEX": "unused"})
    counts = [{"value": f"Tỉnh {chr(65 + i)}", "count": 20 - i, "selected": False} for i in range(15)]
    with app.test_request_context("/"):
        state = SearchState({"province": ["Tỉnh O", "Đâu đó"]})
        facet = describe("province", counts, state, label, "pages.facet", limit=5)
    visible = [v.value for v in facet.values if not v.hidden]
    assert "Tỉnh O" in visible and "Đâu đó" in visible, "selected values are always visible, even unknown ones at 0"
    assert visible == ["Đâu đó", "Tỉnh A", "Tỉnh B", "Tỉnh C", "Tỉnh O"], "selected first, then the most frequent"
    assert facet.more_url.startswith("/facets/province") and facet.hidden_count == 16 - len(visible)
    assert [v.value for v in facet.values] == sorted((v.value for v in facet.values), key=sort_key)
    assert facet.filterable


def test_timeline_fills_gaps_and_scales_bars():
    app = create_app({"TTDN_INDEX": "unused"})
    with app.test_request_context("/"):
        chart = build_timeline([{"value": "2015", "count": 4}, {"value": "2018", "count": 1}, {"value": "x", "count": 3}],
                               SearchState({"year": ["2018"]}))
    assert [b.year for b in chart.bars] == ["2015", "2016", "2017", "2018"]
    heights = {b.year: b.height for b in chart.bars}
    assert heights["2015"] == max(heights.values()) and heights["2016"] == 0 and 0 < heights["2018"] < heights["2015"]
    assert [b.selected for b in chart.bars] == [False, False, False, True]
    assert all(b.y + b.height == chart.baseline for b in chart.bars)
    assert build_timeline([], SearchState({})) is None
