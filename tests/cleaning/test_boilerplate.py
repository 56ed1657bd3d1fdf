"""The line classifier and the HTML flattening on page shapes the fixtures do not cover (issue 3)."""
from __future__ import annotations

from indexer.boilerplate import byline_names, clean, clean_text, is_counter

LEAD = ("Sáng 10/1, Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Hà Giang tổ chức hội nghị tổng kết công tác "
        "năm 2020, triển khai nhiệm vụ năm 2021.")
PARA = ("Năm 2020, các cơ quan báo chí của tỉnh đã đăng tải hàng trăm tin, bài về hoạt động đối ngoại, quảng bá "
        "hình ảnh đất nước, con người Hà Giang tới bạn bè quốc tế và đồng bào ta ở nước ngoài.")
PARA2 = ("Hội nghị cũng chỉ ra một số hạn chế như kinh phí còn hạn hẹp, đội ngũ làm công tác thông tin đối ngoại "
         "chủ yếu kiêm nhiệm, việc phản bác thông tin sai trái trên mạng xã hội có lúc chưa kịp thời.")


def test_counters_in_all_their_spellings_and_titles_that_end_in_numbers():
    for line in ("Đang truy cập28", "Tổng truy cập 7.103.112", "Hôm nay2,497", "Lượt xem:251 | lượt tải:105",
                 "Truy cập hiện tại 3.619 khách", "Đang online: 52", "Hôm nay 876"):
        assert is_counter(line) or clean_text(f"{LEAD}\n{PARA}\nHồng Vân\n{line}").dropped, line
    for title in ("Hội nghị báo cáo viên tháng 2/2020", "Tổng kết công tác thông tin đối ngoại năm 2019",
                  "Hội chợ thương mại quốc tế Việt - Trung lần thứ 17"):
        assert not is_counter(title), title


def test_bylines_but_not_headings():
    assert byline_names("Quang Mẫn – Duy Phong") == ["Quang Mẫn", "Duy Phong"]
    assert byline_names("PV") == []
    for line in ("Kết quả nổi bật", "Các tin khác", "Trong năm 2019, tỉnh đã tổ chức nhiều hoạt động.", "Hà Nội, 2020:"):
        assert byline_names(line) is None, line


def test_short_lead_under_the_headline_and_a_list_of_short_items_stay_in_the_article():
    text = "\n".join(["Trang chủ", "Tin tức", "Giới thiệu", "Hà Giang tổng kết công tác thông tin đối ngoại năm 2020",
                      "Thứ hai, 11/01/2021", "Sáng 10/1, Ban Chỉ đạo tổng kết công tác năm 2020.", PARA,
                      "- Tổ chức 12 hội nghị;", "- Đăng 450 tin bài;", "- Phát hành 3 ấn phẩm;", "- Xây dựng 2 chuyên trang;",
                      "- Tổ chức 5 đoàn công tác.", PARA2, "Minh Đức", "Tin khác", "Lượt xem: 12"])
    c = clean_text(text)
    assert c.title_hint == "Hà Giang tổng kết công tác thông tin đối ngoại năm 2020"
    assert c.paragraphs[0] == c.title_hint and c.paragraphs[-1] == "Minh Đức"
    assert "- Xây dựng 2 chuyên trang;" in c.paragraphs and PARA2 in c.paragraphs
    assert not {"Trang chủ", "Tin khác", "Lượt xem: 12"} & set(c.paragraphs)


def test_a_caption_repeated_as_alt_text_appears_once():
    c = clean_text(f"{LEAD}\nCác đại biểu dự hội nghị.\nCác đại biểu dự hội nghị. |\n{PARA}")
    assert c.paragraphs.count("Các đại biểu dự hội nghị.") == 1
    assert {"line": "Các đại biểu dự hội nghị. |", "reason": "repeated line (caption or alt text)"} in c.dropped


def test_comment_section_after_the_byline_is_dropped_even_when_its_lines_are_long():
    tail = ["Hồng Vân", "Trả lời", "Email của bạn sẽ không được hiển thị công khai. Các trường bắt buộc được đánh dấu *",
            "Bài viết rất hay và bổ ích, mong rằng các cơ quan tiếp tục có thêm nhiều chương trình như vậy cho bà con vùng cao."]
    c = clean_text("\n".join([LEAD, PARA, PARA2] + tail))
    assert c.paragraphs == [LEAD, PARA, PARA2, "Hồng Vân"]


def test_an_inline_related_box_does_not_cut_the_article_in_two():
    text = "\n".join([LEAD, PARA, "Tin liên quan", "Hà Giang đón đoàn công tác tỉnh Vân Nam", PARA2, "Thu Hà"])
    c = clean_text(text)
    assert PARA2 in c.paragraphs and "Tin liên quan" not in c.paragraphs


def test_html_article_in_br_separated_text_keeps_title_from_the_page_title_segment():
    html = ("<html><head><title>Cổng TTĐT tỉnh Hà Giang | Hà Giang tổng kết thông tin đối ngoại năm 2020</title></head>"
            "<body><div id='menu'><a>Trang chủ</a><a>Tin tức</a></div><table><tr><td>"
            "<b>Hà Giang tổng kết thông tin đối ngoại năm 2020</b><br>Ngày 11/01/2021<br><br>"
            f"{LEAD}<br><br>{PARA}<br><br>{PARA2}<br><br><b>Minh Đức</b></td></tr></table>"
            "<div class='footer'>Bản quyền thuộc Cổng TTĐT tỉnh Hà Giang</div></body></html>")
    c = clean(html, is_html=True)
    assert c.title_hint == "Hà Giang tổng kết thông tin đối ngoại năm 2020"
    assert [LEAD, PARA, PARA2] == [p for p in c.paragraphs if len(p) > 80]
    assert not any("Bản quyền" in p or p == "Trang chủ" for p in c.paragraphs)


def test_a_page_of_menus_only_has_no_article():
    assert clean("<html><body><nav>Trang chủ</nav><script>var a=1</script></body></html>", True).paragraphs == []


def test_teaser_lists_with_summaries_around_the_article_are_not_the_article():
    teaser = []
    for i in range(6):
        teaser += [f"Tin nổi bật số {i} về hoạt động của tỉnh",
                   f"Tóm tắt bài viết số {i}: các cơ quan, đơn vị đã tích cực triển khai nhiều hoạt động thiết thực "
                   "nhân dịp kỷ niệm ngày lễ lớn của đất nước."]
    title = "Hà Giang tổng kết công tác thông tin đối ngoại năm 2020"
    c = clean_text("\n".join(["Trang chủ", "Tin nổi bật", *teaser, title, "Ngày 11/01/2021", LEAD, PARA, PARA2,
                              "Tin nổi bật", *teaser]))
    assert c.title_hint == title
    assert c.paragraphs == [title, "Ngày 11/01/2021", LEAD, PARA, PARA2]


def test_hard_wrapped_text_is_joined_back_into_paragraphs():
    import textwrap

    body = "\n\n".join(textwrap.fill(p, 70) for p in (LEAD, PARA, PARA2))
    c = clean_text(f"Trang chủ\nTin tức\nHà Giang tổng kết công tác thông tin đối ngoại năm 2020\nNgày 11/01/2021\n"
                   f"{body}\n\nMinh Đức\nTin khác\nLượt xem: 12")
    assert c.paragraphs[2:] == [LEAD, PARA, PARA2, "Minh Đức"]


def test_a_title_case_subheading_or_a_photo_credit_does_not_close_the_article():
    para3 = ("Tỉnh đã tổ chức thành công nhiều hoạt động giao lưu hữu nghị với các tỉnh nước bạn, góp phần tăng cường "
             "hiểu biết và tin cậy lẫn nhau giữa nhân dân hai bên biên giới.")
    c = clean_text("\n".join([LEAD, PARA, "Ảnh: Minh Đức", PARA2, "Kết Quả Nổi Bật", para3, "Thu Hà", "Trả lời",
                              "Bình luận của bạn đọc về bài viết này rất dài và có nhiều ý kiến khác nhau về vấn đề."]))
    assert c.paragraphs[-1] == "Thu Hà" and "Kết Quả Nổi Bật" in c.paragraphs and PARA2 in c.paragraphs
    assert "Trả lời" not in c.paragraphs
