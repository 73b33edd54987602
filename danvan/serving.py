"""Serve the web app with waitress, a production WSGI server."""
from __future__ import annotations

import logging
import threading

from archive import Config

log = logging.getLogger(__name__)


def serve(config: Config, host: str = "127.0.0.1", port: int = 5000, ready=None) -> None:
    """Serve until interrupted; ``ready(url)`` is called once the socket listens."""
    from waitress.server import create_server

    from webapp import create_app
    from webapp.resources import warm_up_index

    app = create_app(config)
    threading.Thread(target=warm_up_index, args=(app,), name="danvan-warm-up", daemon=True).start()
    server = create_server(app, host=host, port=port, threads=8)
    url = f"http://{host}:{server.effective_port}/"
    if ready:
        ready(url)
    else:
        print(f"serving Kho Dân vận at {url} (Ctrl-C to stop)", flush=True)
    try:
        server.run()
    finally:
        server.close()
