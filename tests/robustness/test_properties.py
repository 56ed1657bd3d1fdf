"""Property tests: the query parser, the Searcher, the loader and the cleaner never raise on any input
(issue 7). Inputs mix random Unicode with the pieces the grammars care about, so that hypothesis reaches
the unbalanced, nested and half-typed cases and not only letters."""
from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from indexer import boilerplate, loading
from indexer import query as q
from indexer.schema import FACETS
from indexer.search import QueryError, Searcher

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

QUERY_PIECES = ['"', "(", ")", "|", "-", "+", "*", "?", ":", "~", "^", "\\", " ", "  ", "\x00", "\t", "\n",
                "OR", "AND", "NOT", "or", "tinh:", "nam:", "loai:", "title:", 'tinh:"', "phân", "giới", "cắm",
                "mốc", "phan", "gioi", "TTĐN", "BCĐ", "Kết luận 16", "16-KL/TW", "09/2017/NĐ-CP", "Lai Châu",
                "hoà", "hòa", "Đ", "\u0301", "\u202e", "🇻🇳", "2019", "-1", "0"]
query_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(QUERY_PIECES), st.text(max_size=4)), max_size=40).map("".join),
)


@SETTINGS
@given(query_text)
@example("(" * 3000 + "phân" + ")" * 10)
@example('"' * 999 + "a")
@example("OR " * 400)
@example("-" * 1000 + "a")
@example("tinh:" * 300)
def test_query_parser_never_raises(text):
    parsed = q.parse(text)
    built = q.to_whoosh(parsed)
    assert isinstance(built, wq.Query)


def _leaf_queries(node):
    yield node
    for child in node.children():
        yield from _leaf_queries(child)


LEADING_WILDCARDS = ["*", "**", "*ình", "*a*", "?iên", "*nh OR *ng", "-*", "*" * 3000, "?" * 50, "tinh:*", '"*ng"']


@pytest.mark.parametrize("text", LEADING_WILDCARDS)
def test_a_leading_wildcard_expands_nothing(text):
    """A leading wildcard would have Whoosh walk the whole vocabulary on every search: it is plain text."""
    asked = []

    def expand(fieldname, prefix):
        asked.append(prefix)
        return [prefix + "x"] if prefix else []

    for node in _leaf_queries(q.to_whoosh(q.parse(text), expand=expand)):
        if isinstance(node, (wq.Wildcard, wq.Regex, wq.FuzzyTerm)):
            raise AssertionError(f"{text!r} became {node!r}")
        if isinstance(node, wq.Prefix):
            assert node.text.strip("*?"), f"{text!r} became an empty prefix {node!r}"
    assert all(p and p[0] not in "*?" for p in asked), (text, asked)


def test_prefix_expansion_is_bounded_on_a_real_index(searcher):
    """A one-letter prefix ("t*") reaches a bounded number of terms, not every syllable starting with t."""
    expand = getattr(searcher._gen, "expand", None)
    if expand is None:
        pytest.skip("this Searcher expands no prefixes")
    for text in ("t*", "a*", "n*", "đ*", "t* n* h* c*"):
        terms = [n for n in _leaf_queries(q.to_whoosh(q.parse(text), expand=expand)) if isinstance(n, wq.Term)]
        prefixes = max(1, text.count("*"))
        assert len({(t.fieldname, t.text) for t in terms}) <= prefixes * 8 * q.MAX_PREFIX_TERMS, text
        r = searcher.search(text)
        assert r["total"] >= 0


@pytest.fixture(scope="module")
def searcher(corpus_index):
    with Searcher(corpus_index) as s:
        yield s


# Mostly valid values, so that most examples reach retrieval, ranking and facets; some bad ones.
bad_page = st.one_of(st.integers(min_value=-10, max_value=10 ** 12), st.text(max_size=6),
                     st.sampled_from(["1", "2", "100", "101", "0", "1e3", ""]))
page_value = st.one_of(st.integers(min_value=1, max_value=3), st.integers(min_value=1, max_value=3),
                       st.integers(min_value=1, max_value=100), bad_page)
bad_date = st.one_of(st.text(max_size=12), st.sampled_from(["2019-02-29", "0000-00-00", "2019-13-01", "2019-1-1"]))
date_value = st.one_of(st.none(), st.none(), st.none(), st.none(), st.dates().map(str), bad_date)
facet_values = st.lists(st.one_of(st.sampled_from(["Kon Tum", "Lai Châu", "2019", "2015", "khac", "tong_ket_nam",
                                                   "bien_gioi", "Lào", "16-KL/TW"]), st.text(max_size=20)),
                        max_size=4)
filters = st.one_of(st.dictionaries(st.sampled_from(list(FACETS)), facet_values, max_size=4),
                    st.dictionaries(st.sampled_from(list(FACETS)), facet_values, max_size=2),
                    st.dictionaries(st.text(max_size=8), facet_values, max_size=2))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=query_text, filters=filters, sort=st.sampled_from(["relevance"] * 4 + ["newest", "oldest", "x"]),
       page=page_value, per_page=page_value, date_from=date_value, date_to=date_value)
def test_searcher_answers_or_says_what_to_fix(searcher, text, filters, sort, page, per_page, date_from, date_to):
    try:
        r = searcher.search(text, filters=filters, sort=sort, page=page, per_page=per_page,
                            date_from=date_from, date_to=date_to)
    except QueryError as e:
        event("QueryError")
        assert str(e)  # a message the user can act on
        return
    event("answered with hits" if r["hits"] else "answered")
    assert r["total"] >= len(r["hits"]) and set(r["facets"]) >= set(FACETS)


html_piece = st.sampled_from([
    "<div>", "</div>", "<p>", "</p>", "<blockquote>", "<li>", "<td>", "<table>", "<h1>", "</h1>", "<script>",
    "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<!doctype html>", "<meta charset='cp1258'>",
    "<br/>", "&amp;", "&#0;", "&#xD800;", "&nbsp;", "&bogus;", "<a href='", "'>", "<", ">", "\x00", "\n",
    "<svg><foreignObject><p>", "<math><mi>", "<template><p>", "<noscript>", "<iframe>", "<nav>", "</body>",
    "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Lai Châu tổ chức hội nghị tổng kết năm 2019 tại thành phố. ",
])
html_text = st.lists(st.one_of(html_piece, st.text(max_size=10)), max_size=60).map("".join)


@SETTINGS
@given(st.one_of(html_text, st.text(max_size=300)), st.booleans())
def test_cleaner_never_raises(text, is_html):
    cleaned = boilerplate.clean(text, is_html)
    assert all(isinstance(p, str) and p for p in cleaned.paragraphs)


byte_prefix = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
                               b"<?xml version='1.0' encoding='", b"<meta charset=", b"<meta http-equiv='Content-Type' "
                               b"content='text/html; charset=", b"%PDF-1.4", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04"])
charset = st.sampled_from([b"utf-8", b"cp1258", b"windows-1258", b"utf-16", b"utf-32", b"idna", b"punycode",
                           b"undefined", b"rot13", b"base64", b"zlib", b"hex", b"uu", b"utf-7", b"x-unknown", b"'",
                           b"unicode_escape", b"raw_unicode_escape", b"tcvn", b"vni", b"latin-1", b""])
raw_bytes = st.one_of(
    st.binary(max_size=400),
    st.tuples(byte_prefix, charset, st.sampled_from([b"'>", b"\">", b"?>", b""]), st.binary(max_size=200),
              st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass"))).map(b"".join),
)


@SETTINGS
@given(raw_bytes, st.booleans())
@example(b"<meta charset='undefined'><p>\xff abc</p>", True)
@example(b"<meta charset='idna'><p>" + b"a" * 80 + b"\xff</p>", True)
def test_loader_reads_or_skips_with_a_reason(data, is_html):
    try:
        loaded = loading.load_bytes(data, is_html)
    except loading.SkipFile as e:
        assert str(e)
        return
    assert isinstance(loaded.text, str) and loaded.text.strip()
