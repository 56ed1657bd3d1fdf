"""indexer.fasttext gives exactly what the analyzers and schema.is_unaccented give, only faster."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from bench.generate import document
from indexer import fasttext
from indexer.analysis import folded_analyzer, syllable_analyzer
from indexer.schema import is_unaccented

ROOT = Path(__file__).resolve().parents[2]

TEXTS = [
    "Hội nghị tổng kết công tác thông tin đối ngoại (TTĐN) năm 2019 của tỉnh Lai Châu.",
    unicodedata.normalize("NFD", "Phân giới cắm mốc trên tuyến biên giới Việt Nam – Lào"),
    "Hoà bình, khoá học, thuý, quý, HOÀ, Khoá: cách bỏ dấu cũ và mới",
    "Thực hiện Kết luận số 16-KL/TW, Nghị định 09/2017/NĐ-CP và Quyết định 1191/QĐ-TTg; Sở TT&TT, BCĐ.",
    "phan gioi cam moc tren tuyen bien gioi, bao chi, mang xa hoi 3,5% 1.200 nguoi",
    "Ðoàn (Đ viết bằng ký tự Ð) ở Hà Giang; á, ở, ư — một chữ cái",
    "",
]


def _analyzed(text, folded):
    analyzer = folded_analyzer() if folded else syllable_analyzer()
    return [(t.text, t.startchar, t.endchar) for t in analyzer(text, chars=True)]


def _samples():
    yield from TEXTS
    for i in range(5):
        yield document(i)[1]
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        yield path.read_text(encoding="utf-8")


@pytest.mark.parametrize("folded", [False, True])
def test_tokens_equal_the_analyzers(folded):
    for text in _samples():
        assert fasttext.tokens(text, folded) == _analyzed(text, folded), text[:60]


def test_is_unaccented_equals_schema():
    for text in list(_samples()) + ["khong dau gi ca " * 20, "Có dấu " * 30, "khong dau " * 30 + "có"]:
        for kwargs in ({}, {"min_letters": 20}):
            assert fasttext.is_unaccented(text[:2000], **kwargs) == is_unaccented(text[:2000], **kwargs), text[:60]


def _marks(toks, forms, prefixes):
    from indexer.search import match_forms

    return match_forms(toks, forms, prefixes)


QUERIES = ["thông tin đối ngoại", '"phân giới cắm mốc" biên giới', "tin tin", "đối ngoại nhân dân",
           "kiều*", "16-KL/TW", "Kết luận 16", "TTĐN", "tỉnh", "a", "thong tin doi ngoai", "bao chi*",
           "hoà bình khoá", "Sở TT&TT", "năm 2019", "3,5", "công tác công tác"]


@pytest.mark.parametrize("folded", [False, True])
def test_tokens_for_gives_the_same_marks(folded):
    from indexer import query as q

    for text in _samples():
        full = fasttext.tokens(text, folded)
        for query in QUERIES:
            forms, prefixes = q.parse(query).highlight_forms(folded)
            if not forms and not prefixes:
                continue
            sparse = fasttext.tokens_for(text, folded, forms, prefixes)
            assert _marks(sparse, forms, prefixes) == _marks(full, forms, prefixes), (query, text[:60])
            assert len(sparse) <= len(full) + len(full) // 2 + 1
