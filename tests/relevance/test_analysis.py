"""The Vietnamese analyzers: what gets indexed for a piece of text."""
from __future__ import annotations

import unicodedata

from indexer.abbreviations import document_concepts, inline_definitions
from indexer.analysis import folded_analyzer, pair_analyzer, syllable_analyzer, word_analyzer
from indexer.schema import is_unaccented


def texts(analyzer, text):
    return [t.text for t in analyzer(text)]


def test_syllables_nfc_tone_placement_case_and_document_numbers():
    text = unicodedata.normalize("NFD", "Hoà bình, KHOÁ học theo Kết luận 16-KL/TW và 09/2017/NĐ-CP, Sở TT&TT")
    assert texts(syllable_analyzer(), text) == [
        "hòa", "bình", "khóa", "học", "theo", "kết", "luận", "16-kl/tw", "và", "09/2017/nđ-cp", "sở", "tt&tt"]
    assert texts(folded_analyzer(), "Đắk Lắk, Phú Quốc") == ["dak", "lak", "phu", "quoc"]


def test_no_english_stop_words_or_dropped_one_letter_syllables():
    assert texts(syllable_analyzer(), "an ninh ở to the on a") == ["an", "ninh", "ở", "to", "the", "on", "a"]


def test_positions_and_offsets_point_into_the_text_as_written():
    text = "Công tác phân giới cắm mốc"
    toks = [(t.text, t.pos, text[t.startchar:t.endchar]) for t in syllable_analyzer()(text, positions=True, chars=True)]
    assert toks[2] == ("phân", 2, "phân") and toks[-1] == ("mốc", 5, "mốc")


def test_pairs_stop_at_sentence_and_line_breaks():
    assert texts(pair_analyzer(), "Phân giới, cắm mốc. Biên giới\nhòa bình") == [
        "phân_giới", "giới_cắm", "cắm_mốc", "biên_giới", "hòa_bình"]
    assert texts(pair_analyzer(folded=True), "Cắm mốc") == ["cam_moc"]


def test_words_keep_underthesea_compounds():
    assert texts(word_analyzer(), "phân_giới cắm_mốc 16-KL/TW") == ["phân_giới", "cắm_mốc", "16-kl/tw"]
    assert texts(word_analyzer(folded=True), "Đối_ngoại") == ["doi_ngoai"]


def test_abbreviations_and_expansions_become_the_same_concept():
    assert document_concepts("Ban Chỉ đạo công tác TTĐN") == ["ban_chi_dao", "thong_tin_doi_ngoai"]
    assert document_concepts("công tác thông tin đối ngoại") == ["thong_tin_doi_ngoai"]
    assert document_concepts("BCH BĐBP tỉnh; BCH Đảng bộ") == ["bo_chi_huy", "bo_doi_bien_phong", "ban_chap_hanh"]


def test_inline_definitions_override_the_house_sense():
    text = "Giảm tổn thất điện năng (TTĐN) năm 2020. Tỷ lệ TTĐN đạt 4,2%."
    assert inline_definitions(text) == {"ttdn": ("tổn", "thất", "điện", "năng")}
    assert set(document_concepts(text)) == {"ton_that_dien_nang"}
    assert inline_definitions("Sở Thông tin và Truyền thông (TTTT) tỉnh")["tttt"][0] == "thông"


def test_unaccented_reports_are_recognised():
    assert is_unaccented("Ban Chi dao cong tac thong tin doi ngoai tinh An Giang tong ket cong tac nam 2019 " * 3)
    assert not is_unaccented("Ban Chỉ đạo công tác thông tin đối ngoại tỉnh An Giang tổng kết công tác năm 2019 " * 3)


def test_a_one_word_expansion_is_a_concept_too():
    assert document_concepts("Năm hữu nghị VN-CPC 2022 với Campuchia") == ["viet_nam", "campuchia", "campuchia"]
