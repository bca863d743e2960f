"""Datasette, configured for the archive: metadata, facets, search and CSV settings.

``serve(db)`` is what ``thanhuy-archive serve`` runs. The socket is bound before Datasette
starts so that ``--port 0`` works and the real address can be announced.
"""

import json
import socket
import sys
from pathlib import Path

import yaml

from crawler.fields import ARTICLE_FIELDS

HERE = Path(__file__).parent

SETTINGS = {
    # CSV of any table, filter or search streams every row, with no size cap: Datasette's
    # default max_csv_mb (100) cuts a large export and still answers 200.
    "allow_csv_stream": True,
    "max_csv_mb": 0,
    # Facet suggestions cost most of a search's time on a large archive.
    "suggest_facets": False,
    "default_page_size": 50,
}


def build_metadata(db_name):
    metadata = yaml.safe_load((HERE / "metadata.yml").read_text(encoding="utf-8"))
    columns = {name: f"{en} / {vi}" for name, (en, vi) in ARTICLE_FIELDS.items()}
    columns["search_folded"] = "Accent-free copy of title, lead and body, for search / Bản không dấu để tìm kiếm"
    columns["first_seen_at"] = "When the archive first captured the article / Lần đầu thu thập"
    columns["last_fetched_at"] = "When it was last fetched / Lần thu thập gần nhất"
    columns["last_changed_at"] = "When its content last changed / Lần thay đổi nội dung gần nhất"
    columns["removed_at"] = "When it was first seen gone (404/410); empty while online / Thời điểm bài bị gỡ"
    columns["capture_id"] = "The capture (raw page) the fields come from / Bản lưu gốc"
    columns["captures"] = "How many times the article was fetched / Số lần thu thập"
    tables = metadata.setdefault("databases", {}).setdefault(db_name, {}).setdefault("tables", {})
    articles = tables.setdefault("articles", {})
    articles.setdefault("description", "One row per article id: the latest extraction of its latest capture.")
    articles.setdefault("columns", columns)
    articles.setdefault("sort_desc", "published_at")
    articles.setdefault("facets", ["category", {"array": "authors"}, "source"])
    articles.setdefault("searchmode", "escaped")
    return metadata


def make_datasette(db_path):
    from datasette.app import Datasette

    db_name = Path(db_path).stem
    return Datasette([str(db_path)], metadata=build_metadata(db_name), settings=SETTINGS)


def serve(db_path, host="127.0.0.1", port=8001, announce=False):
    import asyncio

    import uvicorn

    ds = make_datasette(db_path)
    asyncio.get_event_loop().run_until_complete(ds.invoke_startup())
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sys.stderr.write(f"thanhuy-archive serve: cannot listen on {host}:{port}: {e.strerror}\n")
        return 2
    real_port = sock.getsockname()[1]
    url = f"http://{host}:{real_port}/"
    print(f"Archive served at {url}  (open {url}{Path(db_path).stem}/articles ; Ctrl+C stops)",
          flush=True)
    config = uvicorn.Config(ds.app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
    return 0
