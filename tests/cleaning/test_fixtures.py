"""Twenty-one pages in other site styles (NukeViet, WordPress, Joomla, DotNetNuke, Liferay, provincial papers,
layout-table sites, class-less div soup; HTML and flattened text; cp1258 declared and undeclared, NFD, UTF-16,
UTF-8 BOM, TCVN3 and VNI legacy fonts), each
with gold written by hand before the cleaner was tuned: body-sentence recall, boilerplate kept, and
title/date/province (issue 3)."""
from __future__ import annotations

import pytest

from cleaning_gold import FIXTURES, fixture_gold, norm, score_body
from indexer.boilerplate import clean
from indexer.documents import read_document
from indexer.loading import load_file


@pytest.fixture(scope="module")
def results():
    return {name: (g, read_document(FIXTURES / name, FIXTURES)) for name, g in fixture_gold().items()}


def test_the_fixture_set_covers_the_required_styles(results):
    names = set(results)
    assert len(names) >= 15
    assert any(n.endswith((".html", ".htm")) for n in names) and any(n.endswith(".txt") for n in names)
    assert {results[n][1]["encoding"] for n in names} >= {"cp1258", "utf-8", "utf-8-sig", "utf-16", "tcvn3", "vni"}
    assert any(b"\xcc\x81" in (FIXTURES / n).read_bytes() or b"\xcc\x80" in (FIXTURES / n).read_bytes()
               for n in names), "an NFD page"
    assert any(b"<TD" in (FIXTURES / n).read_bytes() for n in names), "a page whose article sits in a layout table"


def test_body_recall_boilerplate_and_title_date_province(results):
    found = total = kept = strings = 0
    right = {"title": 0, "date": 0, "province": 0}
    for name, (g, rec) in results.items():
        f, n, k, b = score_body(rec["body"], g)
        found, total, kept, strings = found + f, total + n, kept + k, strings + b
        wrong = []
        for key in right:
            if rec[key] == g[key]:
                right[key] += 1
            else:
                wrong.append(f"{key}={rec[key]!r} (gold {g[key]!r})")
        leaked = [s for s in g["boilerplate"] if norm(s) in norm(rec["body"])]
        print(f"{name:36} sentences {f}/{n} boilerplate kept {k}/{b} {' '.join(wrong)} {leaked or ''}")
    n_docs = len(results)
    recall, leak = found / total, kept / strings
    print(f"\nfixtures: {n_docs} pages, body-sentence recall {recall:.3f} ({found}/{total}), boilerplate kept "
          f"{leak:.1%} ({kept}/{strings}), title {right['title']}/{n_docs}, date {right['date']}/{n_docs}, "
          f"province {right['province']}/{n_docs}")
    assert recall >= 0.98
    assert leak <= 0.02
    for key, n_right in right.items():
        assert n_right / n_docs >= 0.9, key


def test_own_rules_against_trafilatura_on_the_html_fixtures():
    """The comparison the extractor choice rests on (timings in bench/cleaning.py)."""
    trafilatura = pytest.importorskip("trafilatura")
    scores = {"trafilatura": [0, 0, 0, 0], "own rules": [0, 0, 0, 0]}
    for name, g in fixture_gold().items():
        loaded = load_file(FIXTURES / name)
        if not loaded.is_html:
            continue
        bodies = {"trafilatura": trafilatura.extract(loaded.text, include_comments=False, include_tables=True) or "",
                  "own rules": "\n\n".join(clean(loaded.text, True).paragraphs)}
        for key, body in bodies.items():
            scores[key] = [a + b for a, b in zip(scores[key], score_body(body, g))]
    for key, (f, n, k, b) in scores.items():
        print(f"{key:12} body-sentence recall {f / n:.3f}, boilerplate kept {k / b:.1%}")
    own, traf = scores["own rules"], scores["trafilatura"]
    assert own[0] / own[1] >= traf[0] / traf[1] and own[2] / own[3] <= traf[2] / traf[3]
