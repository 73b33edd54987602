"""Serve the web app with gunicorn: several worker processes (every core), each with threads.

gunicorn is the well-kept pre-fork server of the Python world: the master keeps ``workers`` processes
alive (restarting one that dies), each runs the app with ``threads`` threads. Every process opens the
index once and shares that reader between its threads (index.searchindex), so open files and memory
grow with the processes, never with threads or requests, and every core answers searches.
"""
from __future__ import annotations

import gc
import logging
import os
import socket
import threading

from gunicorn.app.base import BaseApplication

from archive import Config

log = logging.getLogger(__name__)


class DanvanServer(BaseApplication):
    """gunicorn, configured from code (no gunicorn config file), serving ``create_app(config)``."""

    def __init__(self, config: Config, options: dict):
        self.danvan_config, self.options = config, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from webapp import create_app

        return create_app(self.danvan_config)


def _warm_up(worker) -> None:
    """In each worker: read the index's columns and vocabulary in a thread, before the first searches; with a
    shared archive (a database URL), follow its changes in another (webapp.resources.follow_archive)."""
    from webapp.resources import EXTENSION, follow_archive, warm_up_index

    def warm_up_then_freeze() -> None:
        warm_up_index(worker.wsgi)
        gc.freeze()  # what the index holds for good (columns, vocabulary) is never scanned by the collector again

    threading.Thread(target=warm_up_then_freeze, name="danvan-warm-up", daemon=True).start()
    state = worker.wsgi.extensions[EXTENSION]
    if state["config"].database_url and state["settings"].follow_s > 0:
        threading.Thread(target=follow_archive, args=(worker.wsgi,), name="danvan-follow", daemon=True).start()


def options(host: str, port: int, workers: int, threads: int, ready=None) -> dict:
    """gunicorn's settings: gthread workers, quiet logs (warnings on stderr), no access log."""
    def when_ready(server) -> None:
        address = server.LISTENERS[0].sock.getsockname()
        url = f"http://{host}:{address[1]}/"
        if ready:
            ready(url)
        else:
            print(f"serving Kho Dân vận at {url} with {workers} processes x {threads} threads (Ctrl-C to stop)",
                  flush=True)

    return {"bind": f"{host}:{port}", "workers": workers, "threads": threads, "worker_class": "gthread",
            "timeout": 120, "graceful_timeout": 10, "keepalive": 5, "accesslog": None, "errorlog": "-",
            "loglevel": "warning", "post_worker_init": _warm_up, "when_ready": when_ready,
            "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None, "proc_name": "danvan-serve"}


def serve(config: Config, host: str = "127.0.0.1", port: int = 5000, ready=None, workers: int | None = None,
          threads: int | None = None) -> None:
    """Serve until interrupted (gunicorn then exits the process); ``ready(url)`` is called once it listens.

    Raises OSError at once when the address is taken (gunicorn alone would retry, then exit).
    """
    from webapp.settings import WebSettings

    settings = WebSettings.from_config(config)
    if port:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
    workers = workers or settings.workers or (os.cpu_count() or 1)
    DanvanServer(config, options(host, port, workers, threads or settings.threads, ready)).run()
