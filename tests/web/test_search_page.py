"""The search page through Flask's test client, on a real index of the wide corpus.

Expected numbers are read from the JSON API of the same index, never typed in:
the page must agree with the Searcher whatever the extraction finds.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit


from pagetools import soup
from wide_corpus import REPORTS

from webapp.collation import sort_key

Q = "biên giới"


def api(client, **params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def params_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def facet_items(page, key, hidden=False):
    """[(label, count, checked, toggle href)] of one facet as the sidebar shows it (visible ones unless `hidden`)."""
    items = []
    for li in page.select(f"#list-{key} li.fv"):
        if li.has_attr("hidden") and not hidden:
            continue
        items.append((li.select_one("a.toggle span").get_text(), int(li.select_one(".count").get_text().replace(".", "")),
                      li.select_one("input[type=checkbox]").has_attr("checked"), li.select_one("a.toggle")["href"]))
    return items


def hit_dates(page):
    return [t["datetime"] for t in page.select(".hit .meta time")]


def test_empty_query_browses_everything_newest_first(wide):
    response = wide.get("/")
    assert response.status_code == 200
    page = soup(response)
    total = api(wide)["total"]
    assert int(page.select_one("#result-count")["data-total"]) == total == len(REPORTS) + 1
    dates = hit_dates(page)
    assert dates == sorted(dates, reverse=True) and len(dates) == 10
    assert page.select_one("[role=search] input#q").has_attr("autofocus")
    assert "ms" in page.select_one(".took").get_text()


def test_hits_show_title_link_date_province_kind_and_highlighted_snippet(wide):
    page = soup(wide.get("/", query_string={"q": "bien gioi"}))
    hits = page.select("li.hit")
    result = api(wide, q="bien gioi")
    assert len(hits) == min(10, result["total"]) > 0
    first, data = hits[0], result["hits"][0]
    link = first.select_one("h3 a")
    assert link.get_text() == data["title"]
    assert urlsplit(link["href"]).path == f"/documents/{data['id']}"
    assert params_of(link["href"])["q"] == ["bien gioi"], "the document page highlights the query too"
    meta = first.select_one(".meta").get_text()
    assert data["province"] in meta and "Tổng kết" in meta or "Sơ kết" in meta or "Khác" in meta
    assert first.select_one(".meta time")["datetime"] == data["date"]
    marks = [m.get_text().lower() for m in first.select(".snippet mark")]
    assert marks and any("giới" in m for m in marks), "diacritic-insensitive highlight of whole syllables"


def test_pagination_and_sort_links_keep_the_state(wide):
    page = soup(wide.get("/", query_string={"q": Q, "per_page": 5, "province": ["Đắk Lắk", "Yên Bái", "Hà Nội",
                                                                                   "Điện Biên", "Đồng Nai", "An Giang"]}))
    total = int(page.select_one("#result-count")["data-total"])
    assert total > 5
    nav = page.select_one("nav.pages")
    assert nav.select_one("[aria-current=page]").get_text() == "1"
    nxt = nav.select_one("a[rel=next]")["href"]
    assert params_of(nxt)["page"] == ["2"] and len(params_of(nxt)["province"]) == 6 and params_of(nxt)["q"] == [Q]
    second = soup(wide.get(nxt))
    assert second.select_one("nav.pages [aria-current=page]").get_text() == "2"
    assert second.select_one("ol.hits")["start"] == "6"
    first_ids = {a["href"] for a in page.select(".hit h3 a")}
    assert not first_ids & {a["href"] for a in second.select(".hit h3 a")}

    sorts = {a.get_text(): a["href"] for a in page.select("nav.sort a")}
    assert set(sorts) == {"Phù hợp nhất", "Mới nhất", "Cũ nhất"}
    oldest = soup(wide.get(sorts["Cũ nhất"]))
    dates = hit_dates(oldest)
    assert dates == sorted(dates) and "page" not in params_of(sorts["Cũ nhất"])
    # Browsing without a query has no relevance to sort by.
    assert "Phù hợp nhất" not in soup(wide.get("/")).select_one("nav.sort").get_text()


def test_every_facet_key_has_a_labelled_fieldset_with_the_api_counts(wide, wide_app):
    page = soup(wide.get("/", query_string={"q": Q}))
    result = api(wide, q=Q)
    labels = wide_app.extensions["ttdn_labels"]
    for key, counts in result["facets"].items():
        if not counts:
            continue
        fieldset = page.select_one(f"#facet-{key}")
        assert fieldset is not None, key
        assert fieldset.select_one("legend").get_text() == labels["facets"][key]
        shown = {li.select_one("input")["value"]: int(li.select_one(".count").get_text().replace(".", ""))
                 for li in fieldset.select("li.fv")}
        for c in counts:
            if c["value"] in shown:
                assert shown[c["value"]] == c["count"], (key, c)
    kinds = [label for label, *_ in facet_items(page, "kind")]
    assert kinds and all(k in labels["kind"].values() for k in kinds), "kind codes get Vietnamese labels"


def test_provinces_in_vietnamese_collation_years_chronological(wide):
    page = soup(wide.get("/facets/province"))
    names = [li.select_one("a.toggle span").get_text() for li in page.select("li.fv")]
    assert names == sorted(names, key=sort_key)
    assert names.index("Đắk Lắk") < names.index("Yên Bái")
    assert names.index("Cà Mau") < names.index("Đà Nẵng") < names.index("Gia Lai"), "Đ comes right after D"
    years = [label for label, *_ in facet_items(soup(wide.get("/")), "year")]
    assert years == sorted(years, key=int)


def test_or_within_a_facet_and_across_facets_with_disjunctive_counts(wide):
    page = soup(wide.get("/", query_string={"q": Q}))
    provinces = {label: count for label, count, *_ in facet_items(page, "province", hidden=True)}
    a, b = "Đắk Lắk", "Yên Bái"
    one = soup(wide.get("/", query_string={"q": Q, "province": a}))
    assert int(one.select_one("#result-count")["data-total"]) == provinces[a]
    after = {label: count for label, count, *_ in facet_items(one, "province", hidden=True)}
    assert after[b] == provinces[b], "a facet's counts ignore its own selection"
    both = soup(wide.get("/", query_string={"q": Q, "province": [a, b]}))
    assert int(both.select_one("#result-count")["data-total"]) == provinces[a] + provinces[b]
    # AND across facets: a year that only one of the two provinces has.
    year = next(label for label, count, *_ in facet_items(soup(wide.get("/", query_string={"q": Q, "province": b})), "year"))
    narrowed = api(wide, q=Q, province=[a, b], year=year)
    page = soup(wide.get("/", query_string={"q": Q, "province": [a, b], "year": year}))
    assert int(page.select_one("#result-count")["data-total"]) == narrowed["total"] < provinces[a] + provinces[b]


def test_selected_values_stay_visible_at_zero(wide):
    page = soup(wide.get("/", query_string={"province": ["Atlantis", "Yên Bái"], "year": "2009"}))
    items = {label: (count, checked) for label, count, checked, _ in facet_items(page, "province")}
    assert items["Atlantis"] == (0, True)
    assert items["Yên Bái"] == (0, True), "Yên Bái has no 2009 report, and stays shown because it is selected"
    assert page.select_one("#list-province li.zero")


def test_other_values_keep_their_counts_when_the_selection_leaves_nothing(wide):
    """Yên Bái has no 2009 report: the page must still show which provinces have one, to widen the search."""
    everywhere = api(wide, q=Q, year="2009")["facets"]["province"]
    assert everywhere
    page = soup(wide.get("/", query_string={"q": Q, "year": "2009", "province": "Yên Bái"}))
    assert int(page.select_one("#result-count")["data-total"]) == 0
    shown = {label: count for label, count, *_ in facet_items(page, "province", hidden=True)}
    for c in everywhere:
        assert shown[c["value"]] == c["count"]


def test_toggle_links_chips_and_clear_all_edit_the_url(wide):
    page = soup(wide.get("/", query_string={"q": Q, "page": 2, "per_page": 3}))
    label, _, checked, href = facet_items(page, "province")[0]
    assert not checked
    params = params_of(href)
    assert params["province"] == [label] and params["q"] == [Q] and "page" not in params
    selected = soup(wide.get(href))
    chips = selected.select(".chips a.chip")
    assert len(chips) == 1 and label in chips[0].get_text()
    assert "province" not in params_of(chips[0]["href"]) and params_of(chips[0]["href"])["q"] == [Q]
    clear = selected.select_one(".chips a.clear-all")
    assert clear.get_text() == "Xóa tất cả"
    assert set(params_of(clear["href"])) == {"q", "per_page"}
    untoggle = [h for lab, _, checked, h in facet_items(selected, "province") if lab == label][0]
    assert "province" not in params_of(untoggle)
    dated = soup(wide.get("/", query_string={"date_from": "2015-01-01", "province": label}))
    chips = {c.get_text(" ", strip=True).split(":")[0]: c for c in dated.select(".chips a.chip")}
    assert set(chips) == {"Từ ngày", "Tỉnh, thành phố"}
    assert "01/01/2015" in chips["Từ ngày"].get_text() and "01/01/2015" in dated.title.get_text()
    assert params_of(chips["Từ ngày"]["href"]) == {"province": [label]}


def test_form_works_without_javascript(wide):
    page = soup(wide.get("/", query_string={"q": Q, "sort": "oldest", "province": "Hà Nội"}))
    form = page.select_one("form#search-form")
    assert form["method"].lower() == "get" and form["action"] == "/"
    assert form.select_one("[role=search] #q")["name"] == "q"
    assert form.select_one("button#apply").get_text() == "Áp dụng bộ lọc"
    boxes = form.select("#list-province input[type=checkbox]")
    assert boxes and all(b["name"] == "province" for b in boxes)
    assert [b["value"] for b in boxes if b.has_attr("checked")] == ["Hà Nội"]
    assert form.select_one("input[type=hidden][name=sort]")["value"] == "oldest"
    assert {i["name"] for i in form.select("input[type=date]")} == {"date_from", "date_to"}
    # The filter box only filters the list: it has no name, so it never becomes a search parameter.
    assert not form.select_one("input.filter-box").has_attr("name")


def test_show_more_has_its_own_page_with_a_filter_box(wide):
    page = soup(wide.get("/", query_string={"q": Q, "sort": "oldest"}))
    more = page.select_one("#facet-province a.more")
    assert more is not None and re.search(r"\d", more.get_text())
    assert urlsplit(more["href"]).path == "/facets/province"
    assert params_of(more["href"]) == {"q": [Q], "sort": ["oldest"]}
    hidden = page.select("#list-province li[hidden]")
    assert hidden, "values beyond the first ones are in the page, hidden until 'Xem thêm'"
    assert page.select_one("#facet-province input.filter-box"), "a filter box on a long facet"

    full = soup(wide.get(more["href"]))
    assert full.select_one("h1").get_text() == "Tỉnh, thành phố"
    values = [b["value"] for b in full.select("form.facet-page input[type=checkbox]")]
    assert len(values) == len({c["value"] for c in api(wide, q=Q)["facets"]["province"]})
    carried = {(i["name"], i["value"]) for i in full.select("form.facet-page input[type=hidden]")}
    assert carried == {("q", Q), ("sort", "oldest")}
    narrowed = soup(wide.get("/facets/province", query_string={"fq": "dak"}))
    names = [li.select_one("a.toggle span").get_text() for li in narrowed.select("li.fv")]
    assert names == ["Đắk Lắk"], "the filter ignores diacritics"
    assert wide.get("/facets/nope").status_code == 404
    assert wide.get("/facets/province", query_string={"sort": "x"}).status_code == 400


def test_date_range_filters_and_bad_dates_get_the_page_with_a_message(wide):
    page = soup(wide.get("/", query_string={"date_from": "2018-01-01", "date_to": "2019-12-31"}))
    dates = hit_dates(page)
    assert dates and all("2018-01-01" <= d <= "2019-12-31" for d in dates)
    assert page.select_one("#date_from")["value"] == "2018-01-01"
    bad = wide.get("/", query_string={"q": Q, "date_from": "31/12/2019"})
    assert bad.status_code == 400
    page = soup(bad)
    assert "date_from" in page.select_one("[role=alert]").get_text()
    assert page.select_one("[role=search] #q")["value"] == Q, "the page keeps the user's query to correct"


def test_bad_parameters_on_the_page_are_400_with_the_message(wide):
    for params in ({"page": "abc"}, {"per_page": "0"}, {"sort": "random"}, {"provine": "Kon Tum"},
                   {"date_from": "2020-01-01", "date_to": "2019-01-01"}, {"page": ["1", "2"]}):
        response = wide.get("/", query_string=params)
        assert response.status_code == 400, params
        page = soup(response)
        assert page.select_one("[role=alert]").get_text(strip=True)
        assert page.select_one("form#search-form [role=search]")
        assert "lỗi tham số" in page.title.get_text()


def test_title_carries_query_filters_and_count(wide):
    total = api(wide, q=Q, province="Đắk Lắk")["total"]
    title = soup(wide.get("/", query_string={"q": Q, "province": "Đắk Lắk"})).title.get_text()
    assert Q in title and "Đắk Lắk" in title and f"{total} kết quả" in title


def test_timeline_bars_link_to_their_year(wide):
    page = soup(wide.get("/", query_string={"q": Q}))
    years = {c["value"]: c["count"] for c in api(wide, q=Q)["facets"]["year"]}
    bars = page.select(".timeline svg a.bar")
    assert bars
    drawn = {}
    for bar in bars:
        year = bar.select_one("title").get_text().split(":")[0].split()[-1]
        drawn[year] = int(bar.select_one("title").get_text().split(":")[1].split()[0])
        assert params_of(bar["href"]) == {"q": [Q], "year": [year]}
        assert float(bar.select_one("rect.fill")["height"]) > 0 or drawn[year] == 0
    assert {y: n for y, n in drawn.items() if n} == years
    span = sorted(int(y) for y in drawn)
    assert span == list(range(span[0], span[-1] + 1)), "missing years are drawn as empty slots"
    assert any(n == 0 for n in drawn.values()), "the wide corpus has a year without reports"
    # The selected year is highlighted, and its bar link removes the filter again.
    year = max(years)
    picked = soup(wide.get("/", query_string={"q": Q, "year": year}))
    selected = picked.select_one(".timeline a.bar.selected")
    assert year in selected.select_one("title").get_text()
    assert "year" not in params_of(selected["href"])


def test_pages_have_no_inline_code_and_no_external_resources(wide, client):
    for response in (wide.get("/?q=biên giới&province=Yên Bái"), wide.get("/facets/province"),
                     wide.get("/documents/kon-tum/2020?q=biên giới"), wide.get("/?page=x"), wide.get("/nope")):
        html = response.get_data(as_text=True)
        page = soup(response)
        assert not re.search(r"\sstyle=", html), "inline styles break under the CSP"
        assert all(s.has_attr("src") and not s.get_text().strip() for s in page.select("script"))
        assert not page.select("style")
        assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"
        for tag in page.select("script[src], link[href], img[src]"):
            assert (tag.get("src") or tag.get("href")).startswith("/"), tag
        assert page.html["lang"] == "vi"
    csp = wide.get("/").headers.get("Content-Security-Policy", "")
    assert "unsafe-inline" not in csp


def test_static_files_and_favicon_are_served(wide):
    for path in ("/static/app.js", "/static/style.css", "/static/favicon.svg", "/favicon.ico"):
        response = wide.get(path)
        assert response.status_code == 200 and response.data, path


def test_suggestion_and_partial_results_are_shown_when_the_searcher_gives_them(wide_app, monkeypatch):
    from webapp.search_service import searcher

    with wide_app.app_context():
        s = searcher()
    original = s.search

    def with_extras(*args, **kwargs):
        return {**original(*args, **kwargs), "suggestion": "biên giới", "partial": True}

    monkeypatch.setattr(s, "search", with_extras)
    page = soup(wide_app.test_client().get("/", query_string={"q": "bien gioii"}))
    link = page.select_one(".suggestion a")
    assert link.get_text() == "biên giới" and params_of(link["href"])["q"] == ["biên giới"]
    assert page.select_one(".notice")
