"""Bytes → NFC text: BOMs, declarations, cp1258, detection, legacy fonts, skips (issue 3)."""
from __future__ import annotations

import codecs
import unicodedata

import pytest

from indexer import loading
from indexer.loading import SkipFile, load_bytes, load_file
from indexer.normalize import index_form, normalize_tones

TEXT = "Hội nghị tổng kết công tác thông tin đối ngoại tỉnh Điện Biên năm 2016, quảng bá hình ảnh, hữu nghị Việt – Lào."


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows software writes it: base letter precomposed, tone mark combining."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
            out += (unicodedata.normalize("NFC", "".join(c for c in d if c not in tone)) + tone).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("data,encoding", [
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("utf-8"), "utf-8"),
    (cp1258(TEXT), "cp1258"),
])
def test_every_encoding_reads_as_the_same_nfc_text(data, encoding):
    loaded = load_bytes(data, is_html=False)
    assert loaded.text == TEXT and loaded.encoding == encoding
    assert unicodedata.is_normalized("NFC", loaded.text)


def test_cp1258_writes_tones_as_combining_marks_and_they_are_composed():
    data = cp1258("đối ngoại")
    assert b"\xec" in data or b"\xf2" in data  # combining acute / dot below bytes of cp1258
    assert load_bytes(data, False).text == "đối ngoại"


@pytest.mark.parametrize("head", ['<meta charset="windows-1258">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'])
def test_html_declarations_are_obeyed(head):
    page = f"<html><head>{head}</head><body><p>{TEXT}</p></body></html>"
    loaded = load_bytes(cp1258(page), is_html=True)
    assert TEXT in loaded.text and loaded.encoding == "cp1258"


def test_valid_utf8_wins_over_a_wrong_latin1_declaration():
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{TEXT}</p></body></html>'
    assert TEXT in load_bytes(page.encode("utf-8"), is_html=True).text


def test_detection_scores_candidates_as_vietnamese_when_little_text_declares_nothing():
    short = "Đà Nẵng, Huế"  # too little Vietnamese for the cp1258 fast path: the detector is consulted
    loaded = load_bytes(cp1258(short), is_html=False)
    assert loaded.text == short


def test_tcvn3_and_vni_legacy_fonts_are_converted():
    # as such pages read when their bytes are shown as Latin-1
    tcvn3 = "C«ng t¸c th«ng tin ®èi ngo¹i. Céng hoµ x· héi chñ nghÜa ViÖt Nam. §éc lËp - Tù do - H¹nh phóc"
    vni = "Coâng taùc thoâng tin ñoái ngoaïi. Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñoäc laäp - Töï do - Haïnh phuùc"
    a = load_bytes(tcvn3.encode("latin-1"), is_html=False)
    b = load_bytes(('<html><head><meta charset="windows-1252"></head><body><p style="font-family:VNI-Times">'
                    + vni + "</p></body></html>").encode("cp1252"), is_html=True)
    assert a.encoding == "tcvn3" and b.encoding == "vni"
    assert a.text.startswith("Công tác thông tin đối ngoại. Cộng hoà xã hội chủ nghĩa Việt Nam. Độc lập - Tự do")
    assert "Công tác thông tin đối ngoại. Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc" in b.text


def test_unicode_text_with_latin1_symbols_is_not_taken_for_a_legacy_font():
    text = "Hội nghị © 2020 ® § thông tin đối ngoại"
    assert load_bytes(text.encode("utf-8"), False).text == text


def test_nfd_becomes_nfc_and_tone_placement_is_normalised_only_for_indexing():
    nfd = unicodedata.normalize("NFD", "Khánh Hoà, khoá học, Thuý")
    loaded = load_bytes(nfd.encode("utf-8"), False)
    assert loaded.text == "Khánh Hoà, khoá học, Thuý"  # display keeps the old placement as written
    assert normalize_tones(loaded.text) == "Khánh Hòa, khóa học, Thúy"
    assert index_form("Hoà") == index_form("hòa") and index_form("quý") == "quý"


def test_a_txt_file_holding_a_saved_page_is_read_as_html(tmp_path):
    page = tmp_path / "trang.txt"
    page.write_text(f"<!DOCTYPE html><html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    assert load_file(page).is_html


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"), (b" \n\t ", "empty"), (b"%PDF-1.4\n%\xe2\xe3", "PDF"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    (b"PK\x03\x04" + b"x" * 50, "binary"), (bytes(range(32)) * 20, "binary"),
])
def test_unreadable_bytes_are_skipped_with_a_reason(data, reason):
    with pytest.raises(SkipFile, match=reason):
        load_bytes(data, is_html=False)


def test_files_over_the_size_limit_are_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "MAX_BYTES", 100)
    big = tmp_path / "lon.txt"
    big.write_text(TEXT * 5, encoding="utf-8")
    with pytest.raises(SkipFile, match="too large"):
        load_file(big)
