"""Parsing the search box: operators, filters, abbreviations, and input that must never raise."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.query import Planner, parse


def kinds(parsed):
    return [(u.kind, u.syls) for u in parsed.must]


def test_plain_words_are_syllable_terms_and_one_run():
    p = parse("Lai Châu biên giới")
    assert kinds(p) == [("term", ("lai",)), ("term", ("châu",)), ("term", ("biên",)), ("term", ("giới",))]
    assert p.runs == [("lai", "châu", "biên", "giới")]
    assert not p.folded


def test_no_diacritics_means_folded():
    assert parse("phan gioi cam moc").folded
    assert not parse("phân giới cắm mốc").folded
    assert parse('tinh:"Lai Châu" bien gioi').folded  # filter values do not count


def test_phrase_or_exclusion_prefix_and_filters():
    p = parse('"đối ngoại nhân dân" -Campuchia kiều* tinh:"Lai Châu" nam:2019 loai:so_ket_6_thang')
    assert [u.kind for u in p.must] == ["phrase", "prefix"]
    assert [u.syls for u in p.must_not] == [("campuchia",)]
    assert p.filters == {"province": ["Lai Châu"], "year": ["2019"], "kind": ["so_ket_6_thang"]}
    alt = parse("Hoàng Sa OR Trường Sa").must
    assert len(alt) == 1 and alt[0].kind == "any" and len(alt[0].alts) == 2
    assert parse("a | b").must[0].kind == "any"
    neg = parse('biên giới -tinh:"Kon Tum" - Lào')
    assert neg.not_filters == {"province": ["Kon Tum"]} and not neg.filters
    assert [u.syls for u in neg.must] == [("biên",), ("giới",), ("lào",)]  # a lone "-" means nothing
    grouped = parse("biên giới (Lào OR Campuchia)")
    assert [u.kind for u in grouped.must] == ["term", "term", "any"]


def test_abbreviations_and_document_numbers_are_units():
    assert [(u.kind, u.key) for u in parse("TTĐN Lạng Sơn").must][0] == ("concept", "thong_tin_doi_ngoai")
    assert parse("thông tin đối ngoại").must[0].key == "thong_tin_doi_ngoai"
    assert parse("ttdn").must[0].key == "thong_tin_doi_ngoai"
    assert parse("BCH BĐBP").must[0].key == "bo_chi_huy"
    assert parse("BCH Đảng bộ").must[0].key == "ban_chap_hanh"
    doc = parse("Kết luận số 16").must
    assert [(u.kind, u.key, u.code) for u in doc] == [("docref", "16", "kl")]
    assert parse("09/2017/NĐ-CP").must[0].key == "09/2017/nđ-cp"


def test_unknown_field_names_are_words():
    p = parse("http://example.vn giờ:8")
    assert not p.filters and p.must


@pytest.mark.parametrize("text", [
    '"unbalanced quote', "((a b", "a b))", ")(", "OR", "OR OR a OR", "-", "- -", "--a", "-(", '-"',
    "a*", "*", "**", "*a", "tinh:", 'tinh:"', "nam:abc", "\x00\x01\x7f", "\u200b", "a" * 10_000,
    "(" * 5000 + "a", '"' * 999, "phân giới cắm mốc " * 500, "\ufeffTTĐN", "🙂 TTĐN", "NOT AND OR",
])
def test_bad_syntax_never_raises(text, searcher):
    p = parse(text)
    Planner(p).plan()
    r = searcher.search(text)
    assert r["total"] >= 0 and isinstance(r["partial"], bool)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list('ab ()"-*|:ORđếtinh2019\x00') + ["OR", " OR ", "tinh:", "TTĐN", "16-KL/TW"]),
                max_size=30))
def test_any_text_parses_and_plans(pieces):
    Planner(parse("".join(pieces))).plan()
