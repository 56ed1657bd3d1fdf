"""ttdn-index: build the index, show how a file is cleaned, search from the shell."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from indexer.build import BuildError, build, default_index_dir
from indexer.documents import RECORD_KEYS, read_document
from indexer.loading import SkipFile
from indexer.schema import FACETS


def _print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_build(args) -> int:
    try:
        report = build(args.corpus or ["corpus"], args.index, workers=args.workers, rebuild=args.rebuild)
    except BuildError as e:
        print(f"ttdn-index: {e}", file=sys.stderr)
        if e.report is not None:  # nothing indexable: say why, file by file
            for skip in e.report["skipped"]:
                print(f"  skipped {skip['path']}: {skip['reason']}", file=sys.stderr)
            if args.report:
                Path(args.report).write_text(json.dumps({**e.report, "error": str(e)}, ensure_ascii=False, indent=2),
                                             encoding="utf-8")
        return 1
    if args.report:
        Path(args.report).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"{report['documents']} documents in {report['index']} ({report.get('generation')}): "
          f"{report['added']} added, {report['updated']} updated, {report['removed']} removed, "
          f"{report['unchanged']} unchanged, {len(report['skipped'])} skipped, {report['segmented']} segmented, "
          f"{report['seconds']} s")
    for skip in report["skipped"]:
        print(f"  skipped {skip['path']}: {skip['reason']}")
    return 0


def cmd_clean(args) -> int:
    try:
        record = read_document(Path(args.file))
    except SkipFile as e:
        print(f"ttdn-index: {args.file} skipped: {e}", file=sys.stderr)
        return 1
    out = {key: record.get(key) for key in RECORD_KEYS}
    if args.json:
        _print_json(out)
        return 0
    for key in RECORD_KEYS:
        if key not in ("body", "dropped"):
            print(f"{key}: {out[key]}")
    print("\n" + out["body"] + "\n")
    for d in out["dropped"]:
        print(f"[dropped: {d['reason']}] {d['line']}")
    return 0


def cmd_search(args) -> int:
    from indexer.search import IndexMissing, QueryError, Searcher

    filters = {key: getattr(args, key) for key in FACETS if getattr(args, key)}
    try:
        with Searcher(args.index) as s:
            r = s.search(args.query, filters=filters, sort=args.sort, page=args.page, per_page=args.per_page,
                         date_from=args.date_from, date_to=args.date_to)
    except (QueryError, IndexMissing) as e:
        print(f"ttdn-index: {e}", file=sys.stderr)
        return 2
    if args.json:
        _print_json(r)
        return 0
    print(f"{r['total']} kết quả ({r['took_ms']} ms)")
    for i, hit in enumerate(r["hits"], start=(r["page"] - 1) * r["per_page"] + 1):
        print(f"{i:3}. {hit['title']}  [{hit['id']}]  {hit['date'] or ''}  {hit['province'] or ''}")
    return 0


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ttdn-index", description="Chỉ mục tìm kiếm báo cáo thông tin đối ngoại")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build or update the index from corpus folders")
    b.add_argument("corpus", nargs="*", help="corpus folders (default: corpus)")
    b.add_argument("--index", default=None, help="index folder (default: $TTDN_INDEX or var/index)")
    b.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    b.add_argument("--rebuild", action="store_true", help="rebuild from scratch instead of updating")
    b.add_argument("--report", default=None, help="also write the build report as JSON to this file")
    b.set_defaults(func=cmd_build)

    c = sub.add_parser("clean", help="show the clean text, metadata and dropped lines of one file")
    c.add_argument("file")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_clean)

    s = sub.add_parser("search", help="search the index")
    s.add_argument("query", nargs="?", default="")
    s.add_argument("--index", default=None)
    for key in FACETS:
        s.add_argument(f"--{key}", action="append", default=None, help=f"filter by {key} (repeatable)")
    s.add_argument("--date-from", default=None)
    s.add_argument("--date-to", default=None)
    s.add_argument("--sort", default="relevance", help="relevance, newest or oldest")
    s.add_argument("--page", type=int, default=1)
    s.add_argument("--per-page", type=int, default=10)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)
    return p


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if getattr(args, "index", None) is None and args.command != "clean":
        args.index = default_index_dir()
    return args.func(args)
