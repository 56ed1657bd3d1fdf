"""Hostile search requests: what a typo, a pasted document, a scanner or a curious user sends.

Each entry is a list of (name, value) pairs for the query string, so that a
parameter can repeat. Shared by the Flask test-client test and the real-HTTP test.
"""
from __future__ import annotations

QUERIES = [
    # quotes and brackets
    '"', '""', '"""', '"phân giới', 'phân "giới cắm', '"phân giới" "cắm', '(((', ')))', '((phân giới)',
    'phân) (giới', '()', '[', ']', '{', '}', '[2019 TO', '{a TO b}', '<', '>', '<>',
    # wildcards: a leading one must not expand the whole vocabulary
    '*', '**', '?', '???', '*ình', '*a*', '?iên', '*nh OR *ng', 'biên*', 'b*', 'đ*', '"*"', '*:*', '-*',
    # operators in the wrong place
    'OR', 'OR OR', 'AND', 'NOT', 'AND OR NOT', 'OR phân OR', 'phân AND', 'NOT NOT NOT biên giới', '|', '||',
    '| phân |', '-', '--', '---biên', '+', '++phân', 'phân -', '-"', '-(', '~', 'phân~3', 'giới^2', '^', '\\',
    '\\"', '&&', '!', '!!phân',
    # field syntax, broken and unknown
    ':', '::', 'title:', 'title:phân', 'body:(', 'province:"Kon', 'tinh:', 'tinh:"', 'tinh:"Lai Châu',
    'nam:abcd', 'nam:99999999999999999999', 'nam:-1', 'year:>2019', 'date:[2019 TO 2020]', 'id:*',
    'khongco:gi', 'loai:khac loai:', 'tinh:((', ':phân', 'a:b:c:d', 'http://example.com/a?b=c',
    # length
    'x' * 10_000, 'phân giới cắm mốc ' * 600, '"' * 5000, '(' * 5000, 'a ' * 5000, '*' * 3000,
    'OR ' * 3000, '-a ' * 3000, 'tinh:a ' * 2000,
    # control characters, NUL, odd Unicode
    '\x00', 'phân\x00giới', '\x01\x02\x03\x1b[31m', '\t\n\r\x0b\x0c', '\x7f\x80\x9f', '\u202eđảo ngược',
    '\u200b\u200c\u200d\ufeff', '\u0301\u0301\u0301', 'ﬁ ß İ', 'ｆｕｌｌ', '🇻🇳 biên giới 🏳️', '\U0010ffff',
    'ا ل ع ر ب ي ة', 'ⓟⓗⓐⓝ', ' ' * 3000, 'Ð ð đ Đ',
    # injection-shaped strings: plain text to a search engine
    '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'; DROP TABLE documents; --", '{{7*7}}',
    '${jndi:ldap://x/a}', '../../../../etc/passwd', '%00', '%s%s%s%n', 'javascript:alert(1)',
]

PARAMS = [
    [("page", str(10 ** 9))], [("page", "0")], [("page", "-1")], [("page", "abc")], [("page", "1e3")],
    [("page", "")], [("page", "1.5")], [("page", "99999999999999999999999999999")], [("page", "2"), ("page", "3")],
    [("per_page", str(10 ** 6))], [("per_page", "0")], [("per_page", "-5")], [("per_page", "x")],
    [("sort", "bogus")], [("sort", "")], [("sort", "relevance;drop")],
    [("foo", "bar")], [("provine", "Kon Tum")], [("facet", "x")], [("", "")], [("q\x00", "a")],
    [("province", "<script>alert(1)</script>")], [("province", "")], [("province", "x" * 5000)],
    [("year", "abcd")], [("year", "99999999999999999999")], [("year", "-2019")], [("kind", "không-có")],
    [("topic", "\x00")], [("country", "%")], [("document", "16-KL/TW")], [("official", "'")],
    [("province", f"Tỉnh {i}") for i in range(1000)],
    [("date_from", "2019-13-45")], [("date_from", "not-a-date")], [("date_to", "0000-00-00")],
    [("date_from", "2019-02-29")], [("date_from", "2020-01-01"), ("date_to", "2019-01-01")],
    [("date_from", "9" * 100_000)], [("date_to", "2019-12-31T00:00:00")], [("date_from", "-2019-01-01")],
    [("date_from", "2019-1-1")], [("date_to", "\x00")],
    [("q", "biên giới"), ("page", str(10 ** 9)), ("per_page", str(10 ** 6))],
    [("q", "*"), ("sort", "oldest"), ("province", "Kon Tum"), ("year", "1900")],
    [("q", "biên giới"), ("q", "phân giới")], [("q", "a"), ("fq", "(((")],
]

REQUESTS = [[("q", q)] for q in QUERIES] + PARAMS
