"""A deterministic generator of TTĐN-like reports, any number of them, with their ground truth.

Why it looks the way it does:
- Document i depends only on (seed, i), so the first 1,000 documents of a
  100,000-document corpus are the 1,000-document corpus: sizes nest, and a
  segmentation cache filled for a small corpus serves the larger ones.
- The body is ~800 syllables: a lead paragraph and a closing paragraph written
  for this document (date, official, kind, year, cited documents, countries),
  and ten to twelve paragraphs drawn from a per-province pool of template
  paragraphs. Real reports are like that (the same administrative prose in
  every province and every year: most words occur in most documents, which is
  what makes Whoosh slow), and it keeps the distinct text small enough to
  segment once on this machine (see bench/run.py, "segmentation").
- Every file carries page boilerplate in one of several site styles (menus,
  counters, share buttons, copyright lines, comment forms) that the cleaner
  must drop; the ground truth lists them.

    python -m bench.generate OUT_DIR --count 1000 [--seed 7]

writes OUT_DIR/<province-slug>/<year>/<i>.txt and OUT_DIR.truth.jsonl
(one JSON object a line: id, title, date, year, province, kind, officials,
cited_documents, countries, topics, boilerplate).
"""
from __future__ import annotations

import argparse
import json
import random
import unicodedata
from functools import lru_cache
from pathlib import Path

from indexer import data

KINDS = {
    "tong_ket_nam": ["Hội nghị tổng kết công tác thông tin đối ngoại năm {year}",
                     "Tổng kết công tác thông tin đối ngoại năm {year} và triển khai nhiệm vụ năm {next}"],
    "so_ket_6_thang": ["Sơ kết công tác thông tin đối ngoại 6 tháng đầu năm {year}",
                       "Hội nghị sơ kết 6 tháng đầu năm {year} công tác thông tin đối ngoại"],
    "tong_ket_giai_doan": ["Tổng kết công tác thông tin đối ngoại giai đoạn {start}-{year}",
                           "Hội nghị tổng kết {span} năm thực hiện Chiến lược thông tin đối ngoại giai đoạn {start}-{year}"],
    "tap_huan": ["Tập huấn nghiệp vụ công tác thông tin đối ngoại năm {year}",
                 "Lớp bồi dưỡng nghiệp vụ thông tin đối ngoại cho cán bộ cơ sở năm {year}"],
}
KIND_WEIGHTS = {"tong_ket_nam": 5, "so_ket_6_thang": 3, "tong_ket_giai_doan": 1, "tap_huan": 2}

DOCUMENTS = ["16-KL/TW", "272-QĐ/TW", "09/2017/NĐ-CP", "72/2015/NĐ-CP", "79-QĐ/TW", "22/2014/QĐ-TTg",
             "03-KL/TW", "102-KL/TW", "45/2020/QĐ-TTg", "12-NQ/TU"]
DOC_PHRASES = {"KL": "Kết luận số", "QĐ": "Quyết định số", "NĐ": "Nghị định", "NQ": "Nghị quyết số"}

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Lò", "Giàng"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Quốc", "Ngọc", "Xuân"]
GIVEN = ["Hùng", "Lan", "Sơn", "Hà", "Bình", "Tuấn", "Hương", "Dũng", "Thắng", "Mai", "Phong", "Chung", "Sính"]
POSTS = ["Phó Bí thư Thường trực Tỉnh ủy", "Trưởng Ban Tuyên giáo Tỉnh ủy", "Phó Chủ tịch UBND tỉnh",
         "Giám đốc Sở Thông tin và Truyền thông", "Trưởng Ban Chỉ đạo công tác thông tin đối ngoại tỉnh"]

# Template paragraphs of the per-province pool. {p} is the province; (a|b) picks one alternative.
POOL_TEMPLATES = [
    "Trong năm, công tác thông tin đối ngoại đã được các cấp ủy, chính quyền, các cơ quan, đơn vị, sở, ngành, "
    "Mặt trận và các đoàn thể của tỉnh {p} (quan tâm chỉ đạo|quan tâm|chú trọng) và đạt nhiều kết quả, góp phần "
    "hoàn thành tốt nhiệm vụ tuyên truyền đối ngoại của Đảng, Nhà nước, giữ vững ổn định chính trị, xã hội, bảo vệ "
    "vững chắc độc lập, chủ quyền, toàn vẹn lãnh thổ.",
    "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh {p} đã ban hành kế hoạch, hướng dẫn các cơ quan, đơn vị "
    "(triển khai|thực hiện|tổ chức thực hiện) nhiệm vụ thông tin đối ngoại; phối hợp với Bộ đội Biên phòng tỉnh "
    "tuyên truyền về chủ quyền biên giới quốc gia, công tác phân giới cắm mốc và quản lý mốc quốc giới.",
    "Các cơ quan báo chí, Đài Phát thanh và Truyền hình tỉnh {p}, Báo {p} đã (đăng tải|phát sóng|xuất bản) hàng "
    "nghìn tin, bài, phóng sự giới thiệu tiềm năng, thế mạnh, hình ảnh con người, văn hóa của tỉnh đến bạn bè "
    "trong nước và quốc tế; trang thông tin điện tử của tỉnh có chuyên mục thông tin đối ngoại.",
    "Công tác đấu tranh, phản bác các thông tin sai trái, luận điệu xuyên tạc của các thế lực thù địch trên "
    "mạng xã hội, internet được (chú trọng|tăng cường|đẩy mạnh); lực lượng dư luận viên của tỉnh {p} đã kịp thời "
    "định hướng thông tin, cung cấp thông tin chính thống cho nhân dân.",
    "Hoạt động đối ngoại nhân dân, giao lưu hữu nghị với các địa phương nước bạn được duy trì; tỉnh {p} đã đón "
    "tiếp các đoàn khách quốc tế, tổ chức các hoạt động xúc tiến đầu tư, thương mại, du lịch, qua đó quảng bá "
    "hình ảnh địa phương và thu hút (các dự án|nguồn vốn|nhà đầu tư) nước ngoài.",
    "Công tác thông tin đối ngoại hướng tới cộng đồng người Việt Nam ở nước ngoài, kiều bào có thân nhân tại "
    "tỉnh {p} được (quan tâm|chú ý|đẩy mạnh); các chương trình gặp mặt kiều bào dịp Tết cổ truyền được tổ chức "
    "trang trọng, thiết thực.",
    "Công tác đào tạo, bồi dưỡng nghiệp vụ thông tin đối ngoại cho đội ngũ cán bộ làm công tác tuyên giáo, báo "
    "chí, phát ngôn viên của tỉnh {p} được (tổ chức thường xuyên|quan tâm|duy trì); nhiều lớp tập huấn kỹ năng "
    "cung cấp thông tin cho báo chí, kỹ năng sử dụng mạng xã hội đã được mở.",
    "Bên cạnh những kết quả đạt được, công tác thông tin đối ngoại của tỉnh {p} vẫn còn một số hạn chế: nhận "
    "thức của một số cấp ủy, chính quyền về vị trí, vai trò của công tác này chưa đầy đủ; nội dung, hình thức "
    "tuyên truyền chưa (phong phú|đa dạng|hấp dẫn); kinh phí bố trí còn hạn chế.",
    "Công tác tuyên truyền về biển, đảo, chủ quyền biển đảo Việt Nam, về Hoàng Sa, Trường Sa được tỉnh {p} "
    "quan tâm triển khai bằng nhiều hình thức như tổ chức cuộc thi, triển lãm bản đồ và trưng bày tư liệu, "
    "(thu hút đông đảo|nhận được sự hưởng ứng của) cán bộ, đảng viên và nhân dân.",
    "Các sở, ban, ngành, địa phương của tỉnh {p} đã chủ động cung cấp thông tin cho báo chí, tổ chức họp báo "
    "định kỳ, phát ngôn và cung cấp thông tin kịp thời về các sự kiện (quan trọng|nổi bật|lớn) của tỉnh, góp "
    "phần định hướng dư luận xã hội.",
    "Tỉnh {p} tiếp tục phối hợp với các cơ quan Trung ương triển khai các chương trình hợp tác quốc tế, tăng "
    "cường quan hệ với các tổ chức phi chính phủ nước ngoài, vận động nguồn viện trợ phục vụ phát triển kinh "
    "tế, xã hội, (xóa đói giảm nghèo|giảm nghèo bền vững|xây dựng nông thôn mới).",
    "Thời gian tới, tỉnh {p} tiếp tục nâng cao chất lượng công tác thông tin đối ngoại, đổi mới nội dung, "
    "phương thức tuyên truyền, ứng dụng công nghệ thông tin và chuyển đổi số, xây dựng cơ sở dữ liệu về thông "
    "tin đối ngoại, (phát huy|tăng cường) vai trò của các cơ quan báo chí địa phương.",
]

SITE_STYLES = [
    {"head": ["Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Chính trị", "Kinh tế", "Văn hóa - Xã hội"],
     "tail": ["Chia sẻ", "Bình luận", "Gửi bình luận", "Tin liên quan", "Lượt xem: {n}"]},
    {"head": ["TRANG CHỦ | THỜI SỰ | ĐỐI NGOẠI | MULTIMEDIA", "Thứ {wd}, {d}/{m}/{y}", "Đăng nhập"],
     "tail": ["In bài viết", "Gửi email", "Bản quyền thuộc về Cổng thông tin điện tử tỉnh", "Đang truy cập: {n}"]},
    {"head": ["Menu", "Tìm kiếm", "English"],
     "tail": ["Facebook Zalo Twitter", "Số lượt truy cập: {n}", "Ghi rõ nguồn khi phát hành lại thông tin"]},
    {"head": [], "tail": ["Tác giả: {author}", "Nguồn: {site}"]},
]
WEEKDAYS = ["hai", "ba", "tư", "năm", "sáu", "bảy"]


@lru_cache(maxsize=None)
def provinces() -> tuple[str, ...]:
    return tuple(data.load_json("provinces.json")["provinces"])


@lru_cache(maxsize=None)
def countries() -> tuple[str, ...]:
    return tuple(data.load_json("countries.json")["countries"])


def slug(text: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    folded = folded.replace("đ", "d").replace("Đ", "D").lower()
    return "-".join("".join(c if c.isalnum() else " " for c in folded).split())


def _fill(template: str, rng: random.Random, **slots) -> str:
    out, i = [], 0
    while i < len(template):
        if template[i] == "(" and "|" in template[i:template.find(")", i)]:
            end = template.find(")", i)
            out.append(rng.choice(template[i + 1:end].split("|")))
            i = end + 1
        else:
            out.append(template[i])
            i += 1
    return "".join(out).format(**slots)


@lru_cache(maxsize=None)
def province_pool(seed: int, province: str, variants: int = 4) -> tuple[tuple[str, ...], ...]:
    """Per template, a few filled variants: one province's prose, shared by all its documents as real prose is."""
    rng = random.Random(f"{seed}:pool:{province}")
    return tuple(tuple(dict.fromkeys(_fill(t, rng, p=province) for _ in range(variants))) for t in POOL_TEMPLATES)


def _official(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _cite(doc: str) -> str:
    for key, phrase in DOC_PHRASES.items():
        if key in doc:
            return f"{phrase} {doc}"
    return f"Văn bản số {doc}"


def document(i: int, seed: int = 7) -> tuple[str, str, dict]:
    """(relative path without extension, file text, ground truth) of document i."""
    rng = random.Random(f"{seed}:doc:{i}")
    province = rng.choice(provinces())
    year = rng.randint(2012, 2024)
    kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
    start = year - rng.choice([4, 5, 9])
    title = _fill(rng.choice(KINDS[kind]), rng, year=year, next=year + 1, start=start, span=year - start + 1)
    title = f"{title} tỉnh {province}" if rng.random() < 0.6 else title
    month = 7 if kind == "so_ket_6_thang" else rng.choice([12, 12, 1, 3, 10])
    day = rng.randint(1, 28)
    report_year = year + 1 if month in (1, 3) else year
    date = f"{report_year:04d}-{month:02d}-{day:02d}"
    official, post = _official(rng), rng.choice(POSTS)
    cited = sorted(set(rng.sample(DOCUMENTS, rng.randint(0, 3))))
    partner = sorted(set(rng.sample(countries(), rng.randint(0, 2))))
    site = f"{slug(province).replace('-', '')}.gov.vn"

    lead = (f"({site}) – Ngày {day}/{month}/{report_year}, đồng chí {official}, {post} {province} chủ trì "
            f"{title[0].lower() + title[1:]}. Dự hội nghị có lãnh đạo các sở, ban, ngành, Mặt trận Tổ quốc và "
            f"các đoàn thể, lãnh đạo Ủy ban nhân dân các huyện, thành phố.")
    paragraphs = [lead]
    pool = province_pool(seed, province)
    for k in rng.sample(range(len(pool)), rng.randint(10, 12)):
        paragraphs.append(rng.choice(pool[k]))
    if cited:
        paragraphs.insert(2, "Thực hiện " + ", ".join(_cite(d) for d in cited) + ", trong năm " + str(year) +
                          f" tỉnh {province} đã cụ thể hóa thành các chương trình, kế hoạch công tác thông tin "
                          "đối ngoại sát với tình hình thực tế của địa phương.")
    if partner:
        paragraphs.insert(3, f"Năm {year}, tỉnh {province} đã tổ chức (hoặc tham gia) các hoạt động giao lưu, "
                          f"hợp tác với các địa phương của {' và '.join(partner)}, trao đổi đoàn, ký kết biên bản "
                          "ghi nhớ hợp tác trên các lĩnh vực kinh tế, văn hóa, giáo dục.")
    paragraphs.append(f"Phát biểu kết luận hội nghị, đồng chí {official} đề nghị các cơ quan, đơn vị tiếp tục "
                      f"thực hiện tốt nhiệm vụ thông tin đối ngoại năm {year + 1}, bám sát các chủ trương của "
                      "Trung ương, chủ động nắm bắt tình hình, xây dựng kế hoạch cụ thể, bảo đảm hiệu quả.")

    style = SITE_STYLES[rng.randrange(len(SITE_STYLES))]
    slots = dict(n=rng.randint(100, 99999), wd=rng.choice(WEEKDAYS), d=day, m=month, y=report_year,
                 author=_official(rng), site=site)
    head = [h.format(**slots) for h in style["head"]]
    tail = [t.format(**slots) for t in style["tail"]]
    text = "\n".join(head + [title, ""] + [p + "\n" for p in paragraphs] + tail) + "\n"

    doc_id = f"{slug(province)}/{year}/{i:06d}"
    truth = {"id": doc_id, "title": title, "date": date, "year": str(report_year), "province": province,
             "kind": kind, "officials": [official], "cited_documents": cited, "countries": partner,
             "boilerplate": head + tail}
    return doc_id, text, truth


def generate(out_dir: Path, count: int, seed: int = 7) -> Path:
    """Write count documents (skipping files already identical) and the ground truth; returns the truth file."""
    out_dir = Path(out_dir)
    truth_path = out_dir.with_name(out_dir.name + ".truth.jsonl")
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(truth_path, "w", encoding="utf-8") as truth_file:
        for i in range(count):
            doc_id, text, truth = document(i, seed)
            path = out_dir / (doc_id + ".txt")
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            truth_file.write(json.dumps(truth, ensure_ascii=False) + "\n")
    return truth_path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    print(generate(args.out_dir, args.count, args.seed))


if __name__ == "__main__":
    main()
