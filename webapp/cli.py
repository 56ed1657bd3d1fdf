"""ttdn-web: serve the app with waitress, a production WSGI server."""
from __future__ import annotations

import argparse

from indexer.build import default_index_dir


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ttdn-web", description="Trang tìm kiếm báo cáo thông tin đối ngoại")
    p.add_argument("--index", default=None, help="index folder (default: $TTDN_INDEX or var/index)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=5000)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--corpus", action="append", default=None, metavar="DIR",
                   help="corpus folder(s) for the original files, when the index does not record them (repeatable)")
    args = p.parse_args(argv)

    from waitress import serve

    from webapp import create_app

    config = {"TTDN_INDEX": str(args.index or default_index_dir())}
    if args.corpus:
        config["TTDN_CORPUS"] = args.corpus
    app = create_app(config)
    print(f"TTĐN search on http://{args.host}:{args.port}/", flush=True)
    serve(app, host=args.host, port=args.port, threads=args.threads, ident="ttdn-search")
    return 0
