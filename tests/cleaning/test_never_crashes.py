"""Whatever text or markup arrives, cleaning and metadata return something and never raise (issue 3)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer import metadata
from indexer.boilerplate import clean

PIECES = ["Trang chủ", "Đang truy cập28", "Ngày 6/7", "17:14, 04/03/2020", "Kết luận 16", "16-KL/TW", "(BLC) -",
          "đồng chí Phạm Minh Tấn, Phó Bí thư", "Quang Mẫn – Duy Phong", "tỉnh Kon Tum", "Lào Cai", "năm 2019",
          "<p>", "</p>", "<div class='menu'>", "<br>", "<table><tr><td>", "&nbsp;", "<!--", "<h1>", "\n", "|", "…"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(texts, st.booleans())
def test_clean_and_extract_never_raise(text, is_html):
    cleaned = clean(text, is_html)
    meta = metadata.extract(cleaned.paragraphs, cleaned.title_hint, {}, hints=cleaned.hints)
    assert isinstance(cleaned.paragraphs, list) and all(isinstance(d["reason"], str) for d in cleaned.dropped)
    assert meta["date"] is None or len(meta["date"]) == 10
