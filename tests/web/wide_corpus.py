"""A corpus wider than the five seeds, built into a real index: many provinces (for "show more",
the filter box and Vietnamese collation), years with gaps (for the timeline), a report in a
sub-folder (an id with slashes), a saved HTML page with a sidecar URL, and a Windows-1258 file
(the original-text route must re-encode it as UTF-8)."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

# (relative path, province, date, title) — provinces written as sites write them.
REPORTS = [
    ("dak-lak/2019-tong-ket.txt", "Đắk Lắk", "2019-12-20", "Đắk Lắk tổng kết công tác thông tin đối ngoại năm 2019"),
    ("dak-lak/2021-so-ket.txt", "Đắk Lắk", "2021-07-02", "Đắk Lắk sơ kết 6 tháng công tác thông tin đối ngoại"),
    ("yen-bai/2018.txt", "Yên Bái", "2018-12-28", "Yên Bái tổng kết công tác thông tin đối ngoại năm 2018"),
    ("an-giang/2016.txt", "An Giang", "2016-12-15", "An Giang triển khai công tác thông tin đối ngoại biên giới"),
    ("dien-bien/2020.txt", "Điện Biên", "2020-12-22", "Điện Biên tổng kết công tác thông tin đối ngoại năm 2020"),
    ("da-nang/2014.txt", "Đà Nẵng", "2014-01-10", "Đà Nẵng: thông tin đối ngoại về biển đảo"),
    ("dong-nai/2023.txt", "Đồng Nai", "2023-06-30", "Đồng Nai sơ kết 6 tháng đầu năm 2023 công tác thông tin đối ngoại"),
    ("bac-ninh/2017.txt", "Bắc Ninh", "2017-12-05", "Bắc Ninh tổng kết thông tin đối ngoại năm 2017"),
    ("ca-mau/2015.txt", "Cà Mau", "2015-12-30", "Cà Mau: thông tin đối ngoại và kiều bào"),
    ("ha-giang/2009.txt", "Hà Giang", "2009-12-18", "Hà Giang: phân giới cắm mốc và thông tin đối ngoại"),
    ("ha-noi/2022.txt", "Hà Nội", "2022-12-12", "Hà Nội tổng kết công tác thông tin đối ngoại năm 2022"),
    ("son-la/2019.txt", "Sơn La", "2019-06-25", "Sơn La sơ kết công tác thông tin đối ngoại"),
    ("quang-ninh/2013.txt", "Quảng Ninh", "2013-12-26", "Quảng Ninh tổng kết thông tin đối ngoại năm 2013"),
    ("lai-chau/2018/so-ket.txt", "Lai Châu", "2018-07-06", "Lai Châu sơ kết 6 tháng công tác thông tin đối ngoại 2018"),
    ("kon-tum/2020.html", "Kon Tum", "2020-12-01", "Kon Tum: 10 năm triển khai Chiến lược thông tin đối ngoại"),
]

# Sidecar fields beyond province/date/title: a known URL, and a hostile one that must not become a link.
SIDECAR_EXTRA = {
    "kon-tum/2020.html": {"url": "https://kontum.gov.vn/tin-tuc/10-nam-chien-luoc", "source": "kontum.gov.vn"},
    "son-la/2019.txt": {"url": "javascript:alert(1)", "source": "sonla.gov.vn"},
}

BODY = """{title}

Ngày {day}, Ban Chỉ đạo công tác thông tin đối ngoại tỉnh {province} tổ chức hội nghị tổng kết công tác thông tin đối ngoại.

Đồng chí Nguyễn Văn Bình, Phó Chủ tịch UBND tỉnh, chủ trì hội nghị. Thực hiện Kết luận số 16-KL/TW của Bộ Chính trị, các cơ quan đã tăng cường tuyên truyền về biên giới, biển đảo và hợp tác với Lào.

Năm qua, công tác thông tin đối ngoại của tỉnh {province} đạt nhiều kết quả; công tác phân giới cắm mốc được phổ biến rộng rãi tới nhân dân vùng biên giới.
"""

HTML = """<!doctype html><html><head><meta charset="utf-8"><title>{title} - Cổng thông tin điện tử</title></head>
<body><nav><a href="/">Trang chủ</a> | <a href="/tin-tuc">Tin tức</a></nav>
<article><h1>{title}</h1>{paras}</article>
<footer>Bản quyền thuộc Cổng thông tin điện tử tỉnh. Lượt truy cập: 123456</footer></body></html>
"""

CP1258_NAME = "cp1258/ban-tin.txt"
CP1258_TEXT = "Bản tin thông tin đối ngoại tỉnh Gia Lai\n\nNgày 5/1/2011, tỉnh Gia Lai tổng kết công tác thông tin đối ngoại năm 2010 về biên giới với Campuchia.\n"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese Windows editors wrote it: base letters precomposed, tones combining."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
            out += (base + tones).encode("cp1258")
    return out


def write_corpus(root: Path) -> Path:
    for rel, province, date, title in REPORTS:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        day = "/".join(reversed(date.split("-")))
        text = BODY.format(title=title, province=province, day=day)
        if path.suffix == ".html":
            paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:])
            path.write_text(HTML.format(title=title, paras=paras), encoding="utf-8")
        else:
            path.write_text(text, encoding="utf-8")
        side = {"province": province, "date": date, "title": title}
        side.update(SIDECAR_EXTRA.get(rel, {}))
        path.with_name(path.stem + ".meta.json").write_text(json.dumps(side, ensure_ascii=False), encoding="utf-8")
    path = root / CP1258_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_cp1258(CP1258_TEXT))
    return root
