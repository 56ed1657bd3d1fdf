"""ttdn-web: serve the app with waitress, a production WSGI server."""
from __future__ import annotations

import argparse
import os
import sys

from indexer.build import default_index_dir


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ttdn-web", description="Trang tìm kiếm báo cáo thông tin đối ngoại")
    p.add_argument("--index", default=None, help="index folder (default: $TTDN_INDEX or var/index)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=5000)
    p.add_argument("--threads", type=int, default=8, help="threads per worker process (default 8)")
    p.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 4),
                   help="worker processes sharing the port (default: one per core, at most 4)")
    p.add_argument("--corpus", action="append", default=None, metavar="DIR",
                   help="corpus folder(s) for the original files, when the index does not record them (repeatable)")
    args = p.parse_args(argv)

    if args.workers < 1 or args.threads < 1:
        p.error("--workers and --threads must be at least 1")

    from webapp import create_app
    from webapp.serving import serve

    config = {"TTDN_INDEX": str(args.index or default_index_dir())}
    if args.corpus:
        config["TTDN_CORPUS"] = args.corpus
    try:
        print(f"TTĐN search on http://{args.host}:{args.port}/ ({args.workers} process(es) × {args.threads} threads)",
              flush=True)
        serve(lambda: create_app(config), args.host, args.port, args.threads, args.workers)
    except OSError as e:
        print(f"ttdn-web: cannot listen on {args.host}:{args.port}: {e.strerror or e}; "
              "choose another --port or stop the program using it", file=sys.stderr)
        return 2
    return 0
