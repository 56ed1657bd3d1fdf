"""A corpus folder of everything staff may drop into it, with what the build must do with each file.

Good files carry a marker word of their own (``rbmoc01`` …) so a test can check
that each one is searchable; bad files carry the words their skip reason must
contain. The reports are written in site styles other than the five samples
(a provincial newspaper with a dateline, a portal page with menus, a
department's bulletin), so nothing here depends on the shipped corpus.
"""
from __future__ import annotations

import codecs
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

PROVINCES = ["Lào Cai", "Quảng Ninh", "Điện Biên", "Hà Giang", "Cao Bằng", "Kiên Giang", "Đắk Nông", "Bình Phước"]

_SENTENCES = [
    "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh {p} tổ chức hội nghị sơ kết công tác năm {y}, "
    "đánh giá kết quả tuyên truyền về chủ quyền biên giới quốc gia và hợp tác với các địa phương nước bạn.",
    "Trong năm, các cơ quan báo chí của tỉnh đã đăng tải hàng trăm tin, bài về công tác đối ngoại nhân dân, "
    "quảng bá hình ảnh đất nước, con người {p} tới bạn bè quốc tế và đồng bào ta ở nước ngoài.",
    "Hội nghị cũng chỉ ra một số hạn chế như kinh phí còn hạn hẹp, đội ngũ làm công tác thông tin đối ngoại "
    "chủ yếu kiêm nhiệm, việc phản bác thông tin sai trái trên mạng xã hội có lúc chưa kịp thời.",
    "Năm tới, Ban Chỉ đạo đề nghị các sở, ngành tiếp tục quán triệt Kết luận số 16-KL/TW của Bộ Chính trị, "
    "đổi mới nội dung, hình thức tuyên truyền và tăng cường phối hợp với Bộ đội Biên phòng tỉnh.",
]


def report_text(marker: str, province: str, year: int = 2019, extra: list[str] = ()) -> str:
    """A plausible report, newspaper style: headline, dateline, long paragraphs, byline, with one marker word."""
    paras = [s.format(p=province, y=year) for s in _SENTENCES] + list(extra)
    paras[1] += f" Mã kiểm thử {marker} đánh dấu riêng văn bản này."
    return (f"Trang chủ | Thời sự | Chính trị\n\n"
            f"{province}: sơ kết công tác thông tin đối ngoại năm {year}\n\n"
            f"({province.upper()}) - Ngày 15/12/{year}, tại thành phố, hội nghị đã diễn ra.\n\n"
            + "\n\n".join(paras) + "\n\nPV\n\nLượt xem: 1.234\n")


def report_html(marker: str, province: str, year: int = 2020, charset: str | None = "utf-8") -> str:
    """The same kind of report as a portal page with menu, sidebar and footer."""
    paras = [s.format(p=province, y=year) for s in _SENTENCES]
    paras[2] += f" Mã kiểm thử {marker} đánh dấu riêng văn bản này."
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<!doctype html><html><head>{meta}<title>Cổng thông tin {province}</title></head><body>"
            f"<nav><ul><li>Trang chủ</li><li>Tin tức</li></ul></nav>"
            f"<article><h1>Hội nghị thông tin đối ngoại tỉnh {province} năm {year}</h1>"
            f"<p class='date'>Ngày 20/12/{year}</p>{body}</article>"
            f"<aside>Tin liên quan</aside><footer>Bản quyền thuộc Cổng thông tin tỉnh</footer></body></html>")


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows software writes it: base letters precomposed, tone marks combining."""
    out = bytearray()
    for cluster in re.findall(r".[\u0300-\u036f]*", unicodedata.normalize("NFD", text), re.S):
        try:
            out += unicodedata.normalize("NFC", cluster).encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        tones = "".join(ch for ch in cluster if ch in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(ch for ch in cluster if ch not in tones))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def markup_corpus(root: Path, payload: str) -> Path:
    """Two reports whose text and metadata carry markup: hostile/bao-cao (text + sidecar), hostile/trang (HTML)."""
    folder = root / "hostile"
    folder.mkdir(parents=True)
    text = report_text("rbxss01", "Lai Châu", extra=[
        f"Đoàn công tác ghi nhận chuỗi {payload} và <img src=x onerror=alert(2)> trong biểu mẫu báo cáo của tỉnh, "
        f"cùng \"><svg onload=alert(3)> và javascript:alert(4) do một trang mạng chèn vào.",
    ])
    (folder / "bao-cao.txt").write_text(text, encoding="utf-8")
    (folder / "bao-cao.meta.json").write_text(json.dumps({
        "title": f"Báo cáo {payload} thông tin đối ngoại <b>đậm</b>",
        "source": "<img src=x onerror=alert('nguon')>", "url": "javascript:alert('url')",
        "province": "<svg onload=alert('tinh')>", "date": "2019-12-20"}, ensure_ascii=False), encoding="utf-8")
    # A page whose *text* is markup (entities decode to "<script>…" in the extracted article).
    page = report_html("rbxss02", "Cao Bằng").replace(
        "<p class='date'>", "<p>Ban biên tập trích dẫn &lt;script&gt;alert(1)&lt;/script&gt; và "
        "&lt;iframe src=javascript:alert(5)&gt; như một ví dụ về mã độc gửi qua thư điện tử tới cơ quan nhà nước.</p>"
        "<p class='date'>")
    page = page.replace("<title>", "<title>&lt;/title&gt;&lt;script&gt;alert(6)&lt;/script&gt;")
    (folder / "trang.html").write_text(page, encoding="utf-8")
    return root


@dataclass
class HostileCorpus:
    root: Path
    good: dict[str, str] = field(default_factory=dict)  # doc id → marker word
    bad: dict[str, tuple[str, ...]] = field(default_factory=dict)  # path relative to root → words of the reason
    duplicates: dict[str, str] = field(default_factory=dict)  # path of a copy → id of the document it copies


def _good(c: HostileCorpus, rel: str, data: bytes, marker: str) -> None:
    path = c.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    c.good[Path(rel).with_suffix("").as_posix()] = marker


def _bad(c: HostileCorpus, rel: str, data: bytes | None, *reason: str) -> Path:
    path = c.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if data is not None:
        path.write_bytes(data)
    c.bad[rel] = tuple(reason)
    return path


def make(root: Path, big_file: bool = True, depth: int = 10_000) -> HostileCorpus:
    """Write the hostile corpus under root and return what the build must make of it."""
    c = HostileCorpus(root=Path(root))
    c.root.mkdir(parents=True, exist_ok=True)

    # Good files in every encoding and shape the loader must read.
    _good(c, "utf8/lao-cai.txt", report_text("rbmoc01", "Lào Cai").encode("utf-8"), "rbmoc01")
    _good(c, "utf8/bom.txt", codecs.BOM_UTF8 + report_text("rbmoc02", "Quảng Ninh").encode("utf-8"), "rbmoc02")
    nfd = unicodedata.normalize("NFD", report_text("rbmoc03", "Điện Biên"))
    _good(c, "utf8/nfd.txt", nfd.encode("utf-8"), "rbmoc03")
    _good(c, "cp1258/undeclared.txt", cp1258_bytes(report_text("rbmoc04", "Hà Giang")), "rbmoc04")
    _good(c, "cp1258/undeclared-page.html", cp1258_bytes(report_html("rbmoc05", "Cao Bằng", charset=None)), "rbmoc05")
    _good(c, "utf16/le.txt", report_text("rbmoc06", "Kiên Giang").encode("utf-16"), "rbmoc06")  # BOM + LE
    _good(c, "utf16/be.txt", codecs.BOM_UTF16_BE + report_text("rbmoc07", "Đắk Nông").encode("utf-16-be"),
          "rbmoc07")
    _good(c, "utf16/le-no-bom.txt", report_text("rbmoc13", "Lào Cai", 2016).encode("utf-16-le"), "rbmoc13")
    _good(c, "utf16/be-no-bom.txt", report_text("rbmoc14", "Hà Giang", 2015).encode("utf-16-be"), "rbmoc14")
    _good(c, "html/portal.html", report_html("rbmoc08", "Bình Phước").encode("utf-8"), "rbmoc08")
    # Broken HTML: unclosed tags, stray closers, a comment never closed at the end.
    broken = report_html("rbmoc09", "Lào Cai", 2021).replace("</p>", "", 3).replace("<article>", "<article><b><i>")
    broken = broken.replace("</body></html>", "</div></span></td><p>Bản quyền <!-- chưa đóng")
    _good(c, "html/broken.htm", broken.encode("utf-8"), "rbmoc09")
    # 10,000 nested elements (no real page is like this, but parsers recurse): the text inside must survive.
    inner = "".join(f"<p>{s.format(p='Quảng Ninh', y=2022)}</p>" for s in _SENTENCES)
    inner = inner.replace("</p>", " Mã kiểm thử rbmoc10 đánh dấu riêng văn bản này.</p>", 1)
    nested = ("<html><head><meta charset='utf-8'></head><body>" + "<div><blockquote>" * (depth // 2) + inner
              + "</blockquote></div>" * (depth // 2) + "</body></html>")
    _good(c, "html/nested.html", nested.encode("utf-8"), "rbmoc10")
    # The same document twice under two names: indexed once, the copy listed.
    twin = report_text("rbmoc11", "Điện Biên", 2018).encode("utf-8")
    _good(c, "twins/a-ban-goc.txt", twin, "rbmoc11")
    _bad(c, "twins/b-ban-sao.txt", twin, "twins/a-ban-goc")
    c.duplicates["twins/b-ban-sao.txt"] = "twins/a-ban-goc"

    # Sidecars written by hand: wrong types, impossible dates, keys that must not override the id or path.
    sidecars = {
        "wrong-types": {"date": 12345, "title": ["x", "y"], "province": {"a": 1}, "url": None, "source": 3.5},
        "bad-values": {"date": "2019-02-30", "title": "", "province": "Atlantis", "kind": "bogus", "topics": "x"},
        "not-an-object": [1, 2, 3],
        "lists-of-junk": {"countries": 5, "officials": [None, 1], "cited_documents": {"x": 1}, "authors": 7},
        "not-json": "{ chưa xong",
        "overrides": {"id": "../../etc/passwd", "path": "/etc/passwd", "body": 5, "hash": None, "year": "abc",
                      "date": "9999-99-99"},
    }
    for n, (name, side) in enumerate(sidecars.items(), start=40):
        _good(c, f"sidecars/{name}.txt", report_text(f"rbmoc{n}", "Cao Bằng", 2014).encode("utf-8"), f"rbmoc{n}")
        text = side if isinstance(side, str) else json.dumps(side, ensure_ascii=False)
        (c.root / "sidecars" / f"{name}.meta.json").write_text(text, encoding="utf-8")

    # File names: spaces, URL syntax, markup, quotes, backslashes, NFD, 240 characters all stay reachable ids;
    # a name in another system's byte encoding, or with a line break, cannot be an id: listed, not indexed.
    names = ["khoảng trắng.txt", "q?x=1#frag.txt", "<b>thẻ</b>.txt", 'ngoặc "kép".txt', "back\\slash.txt",
             "%2e%2e.txt", "-gạch.txt", unicodedata.normalize("NFD", "Báo cáo NFD.txt"), "d" * 240 + ".txt",
             "semi;colon&amp.txt"]
    for n, name in enumerate(names, start=60):
        _good(c, f"names/{name}", report_text(f"rbmoc{n}", "Lai Châu", 2013).encode("utf-8"), f"rbmoc{n}")
    with open(os.fsencode(c.root / "names") + b"/latin1-\xe9t\xe9.txt", "wb") as fh:
        fh.write(report_text("rbmoc80", "Lai Châu").encode("utf-8"))
    c.bad["names/latin1-\ufffdt\ufffd.txt"] = ("not valid UTF-8",)
    _bad(c, "names/dòng\nmới.txt", report_text("rbmoc81", "Lai Châu").encode("utf-8"), "control characters")
    c.bad["names/dòng\\nmới.txt"] = c.bad.pop("names/dòng\nmới.txt")  # the report escapes the line break

    # Files that cannot be indexed, each with the words its reason must contain.
    _bad(c, "bad/empty.txt", b"", "empty")
    _bad(c, "bad/blank.html", b"  \n\t\n ", "empty")
    _bad(c, "bad/image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4096), "binary")
    _bad(c, "bad/random.html", bytes(range(256)) * 64, "binary")
    _bad(c, "bad/scan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "file type")
    _bad(c, "bad/menu-only.html", "<html><body><nav>Trang chủ</nav><script>var a=1</script></body></html>"
         .encode("utf-8"), "no article text")
    # A folder named like a page: listed, and the report inside it is still indexed.
    (c.root / "bad" / "x.html").mkdir()
    _good(c, "bad/x.html/inside.txt", report_text("rbmoc12", "Hà Giang", 2017).encode("utf-8"), "rbmoc12")
    loops = c.root / "loops"
    loops.mkdir()
    os.symlink("b.txt", loops / "a.txt")
    os.symlink("a.txt", loops / "b.txt")
    os.symlink("self.txt", loops / "self.txt")
    c.bad["loops/a.txt"] = c.bad["loops/b.txt"] = c.bad["loops/self.txt"] = ("symbolic link",)
    os.symlink("..", loops / "up")  # a folder loop: os.walk must not follow it
    # Files that would block or never end if read: a named pipe, a device, a sparse "disk image".
    os.mkfifo(c.root / "bad" / "pipe.txt")
    os.symlink("/dev/zero", c.root / "bad" / "zero.txt")
    c.bad["bad/pipe.txt"] = c.bad["bad/zero.txt"] = ("not a regular file",)
    with open(_bad(c, "bad/disk-image.txt", None, "too large"), "wb") as fh:
        fh.truncate(8 * 1024 ** 3)  # 8 GB of nothing: sparse, costs no disk, must not be read
    if big_file:
        with open(_bad(c, "bad/big.txt", None, "too large"), "wb") as fh:
            line = (report_text("rbmoc99", "Lào Cai").replace("\n", " ") + "\n").encode("utf-8")
            for _ in range(50 * 1024 * 1024 // len(line) + 1):
                fh.write(line)
    return c


def many_reports(folder: Path, count: int, prefix: str = "rbnhieu", start: int = 0) -> list[str]:
    """count distinct reports (each with its own marker word) for builds long enough to interrupt."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for n in range(start, start + count):
        province = PROVINCES[n % len(PROVINCES)]
        # the article repeated with small variations: about 1,500 syllables, like a real annual review
        extra = [s.format(p=province, y=2000 + (n + k) % 25) + f" Đoạn {k} của báo cáo số {n}."
                 for k, s in enumerate(_SENTENCES * 6)]
        text = report_text(f"{prefix}{n:04d}", province, 2000 + n % 25, extra)
        (folder / f"{prefix}-{n:04d}.txt").write_text(text, encoding="utf-8")
        ids.append(f"{prefix}-{n:04d}")
    return ids
