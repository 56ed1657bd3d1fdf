"""Metadata readers on sentences in styles the samples do not use (issue 3)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from indexer import citations, dates, metadata, places, people
from indexer.documents import RECORD_KEYS, read_document

from cleaning_gold import FIXTURES


@pytest.mark.parametrize("line,iso", [
    ("17:14, 04/03/2020", "2020-03-04"), ("Thứ ba - 01/12/2020 09:16", "2020-12-01"),
    ("Ngày cập nhật 28/12/2019", "2019-12-28"), ("Đăng ngày: Thứ năm, 12 Tháng 3 2020 09:15", "2020-03-12"),
    ("Cập nhật lúc: 16:30, 09.10.2020", "2020-10-09"), ("ngày 06 tháng 7 năm 2018", "2018-07-06"),
])
def test_dateline_styles(line, iso):
    assert dates.dateline_date([line]) == iso


def test_lead_dates_take_their_year_from_what_the_report_reviews():
    annual = ["(kontumtv.vn) – Sáng 7/1, Hội nghị tổng kết công tác thông tin đối ngoại năm 2015."]
    assert metadata.extract(annual)["date"] == "2016-01-07"
    december = ["Chiều 28/12, Ban Chỉ đạo tổ chức hội nghị tổng kết công tác thông tin đối ngoại năm 2021."]
    assert metadata.extract(december)["date"] == "2021-12-28"
    six = ["Ngày 6/7, Ban Chỉ đạo tổ chức Hội nghị sơ kết 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2018."]
    meta = metadata.extract(six)
    assert meta["date"] == "2018-07-06" and meta["kind"] == "so_ket_6_thang"
    assert meta["period"] == "6 tháng đầu năm 2018"


def test_a_cited_document_date_is_not_the_report_date():
    text = ["Tỉnh quán triệt Quyết định số 272-QĐ/TW ngày 21-01-2015 của Bộ Chính trị về công tác đối ngoại."]
    assert dates.body_date(text) is None


def test_cited_documents_from_every_notation():
    text = ["Thực hiện Kết luận số 16-KL/TW và Kết luận 16, Quyết định 272 QĐ/TW, Nghị định số 9/2017/ND-CP, "
            "Quyết định 79/QĐ-TTg, Nghị quyết 35, Chỉ thị 12-CT/TU."]
    assert citations.cited_documents(text) == ["16-KL/TW", "272-QĐ/TW", "09/2017/NĐ-CP", "79/QĐ-TTg", "35-NQ/TW",
                                               "12-CT/TU"]


def test_province_variants_old_tone_landmarks_and_the_2025_merger():
    assert places.province(["Đoàn công tác làm việc tại tỉnh Đắc Lắc về du lịch."]) == "Đắk Lắk"
    assert places.province(["Sở Thông tin và Truyền thông tỉnh Khánh Hoà tổ chức lớp tập huấn."]) == "Khánh Hòa"
    assert places.province(["Đồn Biên phòng Cửa khẩu quốc tế Lao Bảo tuyên truyền cho bà con huyện Hướng Hóa."]) \
        == "Quảng Trị"
    assert places.province(["Tuyên truyền về hòa bình, hữu nghị."]) is None  # "hòa bình" is a word, not the province
    assert places.province(["Đoàn đại biểu tỉnh Gia Lai thăm tỉnh Kon Tum."], "Kon Tum đón đoàn công tác") == "Kon Tum"
    assert places.since_2025("Kon Tum") == "Quảng Ngãi" and places.since_2025("Hà Giang") == "Tuyên Quang"
    assert places.canonical_province("Thừa Thiên - Huế") == "Thừa Thiên Huế"


def test_countries_in_every_form_but_not_inside_place_and_person_names():
    text = ["Tỉnh Lào Cai hợp tác với tỉnh Vân Nam, đón đoàn tỉnh Attapeu và Cam-pu-chia.",
            "Phóng viên Hoàng Nga đưa tin; Mỹ Tho đón khách; Pháp luật về biên giới."]
    assert places.countries(text) == ["Trung Quốc", "Lào", "Campuchia"]


def test_officials_and_titles_in_the_three_word_orders():
    text = ["Dự hội nghị có ông Lê Văn Minh, Giám đốc Sở Ngoại vụ; Phó Chủ tịch UBND tỉnh Lạng Sơn Nguyễn Thị Hà "
            "chủ trì. Các đồng chí: Lò Văn Tiến - Ủy viên Ban Thường vụ Tỉnh ủy; Ksor Phước - Chủ tịch Hội hữu nghị.",
            "Tư tưởng Hồ Chí Minh được quán triệt tại Sở Văn hóa, Thể thao và Du lịch."]
    names, titles = people.officials(text)
    assert names == ["Lê Văn Minh", "Nguyễn Thị Hà", "Lò Văn Tiến", "Ksor Phước"]
    assert titles["Lê Văn Minh"] == "Giám đốc Sở Ngoại vụ"
    assert titles["Nguyễn Thị Hà"].startswith("Phó Chủ tịch UBND tỉnh")


@pytest.mark.parametrize("byline,names", [
    ("Quang Mẫn – Duy Phong", ["Quang Mẫn", "Duy Phong"]), ("Bài, ảnh: Đặng Trần Chung", ["Đặng Trần Chung"]),
    ("K. Phượng", ["K. Phượng"]), ("Thu Hà (TTXVN)", ["Thu Hà"]), ("Tin, ảnh: Minh Đức - Văn Kỳ", ["Minh Đức", "Văn Kỳ"]),
])
def test_authors_from_bylines(byline, names):
    assert people.authors(["Hội nghị đã thành công tốt đẹp với sự tham gia của nhiều đại biểu.", byline]) == names


def test_source_from_signatures_trailing_lines_and_sidecar_url():
    assert metadata.extract(["(BLC) - Ngày 6/7, hội nghị diễn ra."])["source"] == "Báo Lai Châu"
    assert metadata.extract(["(Baosonla.org.vn) - Sáng 24/6, hội nghị."])["source"] == "baosonla.org.vn"
    assert metadata.extract(["Hội nghị diễn ra sáng nay tại tỉnh.", "Theo TTXVN"])["source"] == "TTXVN"
    meta = metadata.extract(["Hội nghị diễn ra."], sidecar={"url": "https://www.tuyengiao.kontum.gov.vn/a"})
    assert meta["source"] == "tuyengiao.kontum.gov.vn" and meta["url"] == "https://www.tuyengiao.kontum.gov.vn/a"


def test_sidecar_overrides_what_is_extracted(tmp_path):
    page = tmp_path / "bao-cao.txt"
    page.write_bytes((FIXTURES / "flat_baosonla.txt").read_bytes())
    (tmp_path / "bao-cao.meta.json").write_text(json.dumps(
        {"title": "Tên do người thu thập đặt", "date": "2019-06-24", "province": "Đắc Lắc", "source": "Báo Sơn La"}),
        encoding="utf-8")
    rec = read_document(page, tmp_path)
    assert (rec["title"], rec["date"], rec["province"], rec["province_2025"], rec["source"]) == \
        ("Tên do người thu thập đặt", "2019-06-24", "Đắk Lắk", "Đắk Lắk", "Báo Sơn La")


def test_kinds_and_topics_from_the_taxonomy():
    assert metadata.extract(["Tập huấn kỹ năng thông tin đối ngoại cho cán bộ cơ sở"])["kind"] == "tap_huan"
    assert metadata.extract(["Tổng kết 10 năm thực hiện Chiến lược giai đoạn 2011 - 2020"])["period"] == "2011-2020"
    assert metadata.extract(["Đoàn công tác thăm Cô Tô"])["kind"] == "khac"
    assert set(metadata.topics("Tuyên truyền phân giới cắm mốc, chủ quyền biển, đảo và kiều bào trên mạng xã hội")) \
        == {"phan_gioi_cam_moc", "bien_gioi", "bien_dao", "kieu_bao", "mang_xa_hoi"}
    assert metadata.topics("Hai bên hợp tác tốt.") == []  # one weak word is not a topic


def test_nothing_crashes_on_odd_input():
    for paragraphs in ([], [""], ["(((("], ["1/1/1"], ["Ngày 31/2, tổng kết năm 2019."], ["x" * 10000]):
        meta = metadata.extract(paragraphs)
        assert set(meta) >= {"title", "date", "province", "topics", "official_titles", "province_2025"}


def test_cli_clean_json_prints_the_design_keys_and_the_dropped_lines():
    out = subprocess.run([sys.executable, "-m", "indexer", "clean", str(FIXTURES / "flat_nukeviet_gialai.txt"), "--json"],
                         capture_output=True, text=True, check=True)
    rec = json.loads(out.stdout)
    design = {"id", "title", "date", "province", "source", "authors", "kind", "period", "countries", "cited_documents",
              "officials", "topics", "body", "dropped"}
    assert design <= set(rec) and set(RECORD_KEYS) == set(rec)
    assert rec["id"] == "flat_nukeviet_gialai" and rec["province_2025"] == "Gia Lai"
    assert {"line": "Đang truy cập45", "reason": "counter"} in rec["dropped"]
    assert all(d["reason"] for d in rec["dropped"]) and "Đang truy cập" not in rec["body"]


def test_a_citizen_quoted_by_name_is_not_an_official_and_post_2025_names_map_to_themselves():
    names, titles = people.officials(["Ông Nguyễn Văn Tư, một người dân ở xã Sơn Kim cho biết. "
                                      "Bà Lê Thị Hoa, Chủ tịch Hội Phụ nữ tỉnh phát biểu."])
    assert names == ["Lê Thị Hoa"] and titles == {"Lê Thị Hoa": "Chủ tịch Hội Phụ nữ tỉnh"}
    assert places.since_2025("Huế") == "Huế" and places.since_2025("Paris") is None


def test_a_report_without_headline_keeps_its_first_paragraph_for_dates():
    meta = metadata.extract(["Ngày 6/7, tỉnh đón đoàn công tác tỉnh Hủa Phăn (Lào) nhân dịp kỷ niệm năm 2018.",
                             "Năm 2017 hai bên đã ký biên bản hợp tác."])
    assert meta["date"] == "2018-07-06" and meta["countries"] == ["Lào"]
