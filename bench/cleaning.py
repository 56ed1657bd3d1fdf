"""Cleaning speed and quality: the project's own rules against trafilatura, on the hand-gold fixtures and the seeds.

    python -m bench.cleaning [--repeat 20]

Prints, per extractor, body-sentence recall and boilerplate kept on the HTML
fixtures (tests/cleaning/fixtures, gold written by hand), and milliseconds per
document for loading + cleaning + metadata over every fixture and sample
document (the work `ttdn-index build` does per file before segmentation).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "cleaning"))

from cleaning_gold import FIXTURES, fixture_gold, score_body  # noqa: E402

from indexer import metadata  # noqa: E402
from indexer.boilerplate import clean  # noqa: E402
from indexer.loading import load_file  # noqa: E402


def _ms(fn, repeat: int) -> float:
    fn()  # warm: regexes and tables compile once per process
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.cleaning", description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args(argv)
    import trafilatura

    gold = fixture_gold()
    quality = {"own rules": [0, 0, 0, 0], "trafilatura": [0, 0, 0, 0]}
    speed = {"own rules": [], "trafilatura": []}
    for name, g in gold.items():
        loaded = load_file(FIXTURES / name)
        if not loaded.is_html:
            continue
        runs = {"own rules": lambda: "\n\n".join(clean(loaded.text, True).paragraphs),
                "trafilatura": lambda: trafilatura.extract(loaded.text, include_comments=False,
                                                           include_tables=True) or ""}
        for key, run in runs.items():
            quality[key] = [a + b for a, b in zip(quality[key], score_body(run(), g))]
            speed[key].append(_ms(run, args.repeat))
    print(f"HTML fixtures ({len(speed['own rules'])} pages)")
    print(f"{'extractor':14} {'recall':>8} {'kept':>8} {'ms/page':>9}")
    for key, (f, n, k, b) in quality.items():
        print(f"{key:14} {f / n:8.3f} {k / b:8.1%} {statistics.median(speed[key]):9.2f}")

    files = [FIXTURES / n for n in gold] + sorted((ROOT / "corpus").glob("*.txt"))
    per_doc = []
    for path in files:
        def whole(path=path):
            loaded = load_file(path)
            cleaned = clean(loaded.text, loaded.is_html)
            metadata.extract(cleaned.paragraphs, cleaned.title_hint, {}, hints=cleaned.hints)
        per_doc.append((_ms(whole, args.repeat), path.name))
    per_doc.sort()
    times = [t for t, _ in per_doc]
    print(f"\nload + clean + metadata, {len(files)} documents: median {statistics.median(times):.2f} ms, "
          f"max {times[-1]:.2f} ms ({per_doc[-1][1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
