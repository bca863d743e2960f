"""Datasette for the archive: ``thanhuy-archive serve`` is ``datasette archive.db`` with the
settings below; everything else comes from the plugin (``thanhuy_archive.web.plugin``), which
the package's ``datasette`` entry point loads in any Datasette.

``serve(db)`` is what ``thanhuy-archive serve`` runs. The socket is bound before Datasette
starts so that ``--port 0`` works and the real address can be announced. An archive that
cannot be written (a read-only file or folder) is served as immutable, as it is.

Charts: no maintained plugin draws one on Datasette 0.65. datasette-vega's last release is
0.6.2 of July 2018 (its Vega bundle is from then); datasette-plot 0.1.0 (December 2023, one
alpha) requires datasette>=1.0a6. ``articles_per_month`` and ``term_per_year`` therefore carry
a ``bar`` column (0-100) that the plugin draws as an inline SVG bar: a self-contained chart, no
script, nothing fetched.
"""

import socket
import sys
from pathlib import Path

PLUGIN = "thanhuy_archive"  # the entry point's name

SETTINGS = {
    # CSV of any table, filter or search streams every row, with no size cap: Datasette's
    # default max_csv_mb (100) cuts a large export and still answers 200.
    "allow_csv_stream": True,
    "max_csv_mb": 0,
    # Facet suggestions cost most of a search's time on a large archive (1.3 s of 1.6 s).
    "suggest_facets": False,
    "default_page_size": 50,
    # A facet over its limit comes back empty, silently, in JSON: the archive's facets are
    # indexed (20-70 ms on 200,000 articles); this limit only stops a runaway.
    "facet_time_limit_ms": 1500,
    "sql_time_limit_ms": 3000,
    "truncate_cells_html": 300,
}


def make_datasette(db_path):
    """The Datasette ``thanhuy-archive serve`` runs on the archive at ``db_path``."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from pipelines.storage import writable

    if pm.get_plugin(PLUGIN) is None:
        raise RuntimeError("the archive's Datasette plugin is not installed: run "
                           "`pip install -e .` in the project (it registers the entry point)")
    if writable(db_path):
        return Datasette([str(db_path)], settings=SETTINGS)
    return Datasette(immutables=[str(db_path)], settings=SETTINGS)


def serve(db_path, host="127.0.0.1", port=8001):
    import asyncio

    import uvicorn

    ds = make_datasette(db_path)
    asyncio.get_event_loop().run_until_complete(ds.invoke_startup())
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit TCP_NODELAY: without it a response written in two parts
    # (headers, body) waits ~40 ms for a delayed ACK on every keep-alive request.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)  # before announcing: early connections wait in the backlog
    except OSError as e:
        sys.stderr.write(f"thanhuy-archive serve: cannot listen on {host}:{port}: {e.strerror}\n")
        return 2
    real_port = sock.getsockname()[1]
    url = f"http://{host}:{real_port}/"
    print(f"Archive served at {url}  (search: {url}-/search ; tables: {url}{Path(db_path).stem} ;"
          " Ctrl+C stops)", flush=True)
    config = uvicorn.Config(ds.app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
    return 0
