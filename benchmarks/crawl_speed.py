#!/usr/bin/env python3
"""Crawl speed: a generated 2,000-page site served on loopback, crawled with delay 0.

    .venv/bin/python benchmarks/crawl_speed.py [--pages 2000] [--hosts 4]

Runs four crawls into fresh archives and prints pages per second for each:
one host with all pages, then N hosts with pages/N each (crawled in parallel, one connection
per host); each first crawl (fetch + WARC + SQLite + extraction) and a re-crawl of the same
state (fetch + hash comparison; nothing re-extracted).
"""
from __future__ import annotations

import argparse
import html
import logging
import os
import sys
import tempfile
import multiprocessing
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive import Archive, Config, Source  # noqa: E402
from crawler import Settings, crawl  # noqa: E402

PER_LISTING = 19


def article(n: int) -> bytes:
    title = f"Hội nghị sơ kết công tác dân vận khéo số {n}"
    paragraphs = "".join(
        f"<p>Đoạn {i}: Ban Dân vận Huyện ủy phối hợp với Mặt trận Tổ quốc và các đoàn thể vận động nhân dân "
        f"hiến đất làm đường, xây dựng nông thôn mới, giữ gìn an ninh trật tự ở cơ sở (bài {n}).</p>" for i in range(6))
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>'
            f'<div class="menu"><a href="/tin-tuc/">Tin tức</a></div><div class="article"><h1>{html.escape(title)}</h1>'
            f'<p class="date">Thứ Hai, 05/07/2022</p>{paragraphs}<p>Nguyễn Văn An</p></div></body></html>').encode()


def listing(page: int, pages: int, articles: int) -> bytes:
    first = (page - 1) * PER_LISTING
    links = "".join(f'<li><a href="/tin-tuc/bai-{n}.html">Bài {n}</a></li>'
                    for n in range(first, min(first + PER_LISTING, articles)))
    nxt = f'<a href="/tin-tuc/page-{page + 1}/">Trang sau</a>' if page < pages else ""
    return f'<!doctype html><html><head><meta charset="utf-8"><title>Tin tức</title></head><body><ul>{links}</ul>{nxt}</body></html>'.encode()


def make_site(total: int) -> dict[str, bytes]:
    """``total`` pages: listing pages of 19 articles each, linked one to the next."""
    listings = -(-total // (PER_LISTING + 1))
    articles = total - listings
    site = {"/tin-tuc/" if p == 1 else f"/tin-tuc/page-{p}/": listing(p, listings, articles) for p in range(1, listings + 1)}
    site.update({f"/tin-tuc/bai-{n}.html": article(n) for n in range(articles)})
    return site


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self):
        body = self.server.pages.get(self.path.split("?")[0])
        if self.path == "/robots.txt":
            body, ctype, status = b"User-agent: *\nDisallow:\n", "text/plain", 200
        elif body is None:
            body, ctype, status = b"not found", "text/plain", 404
        else:
            ctype, status = "text/html; charset=utf-8", 200
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _serve_forever(total: int, ports) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.pages = make_site(total)  # type: ignore[attr-defined]
    ports.put(server.server_address[1])
    server.serve_forever()


def serve(total: int) -> tuple[multiprocessing.Process, int]:
    """A site of ``total`` pages in its own process (so that serving does not compete with crawling)."""
    ports = multiprocessing.Queue()
    proc = multiprocessing.Process(target=_serve_forever, args=(total, ports), daemon=True)
    proc.start()
    return proc, ports.get(timeout=60)


def run(label: str, ports: list[int], settings_overrides: dict) -> None:
    sources = [Source(id=f"bench-{i}", name=f"Bench {i}", province="Bình Phước", unit="Ban Dân vận Huyện ủy",
                      level="huyện", start_urls=(f"http://127.0.0.1:{port}/tin-tuc/",), delay_s=0.0)
               for i, port in enumerate(ports)]
    with tempfile.TemporaryDirectory() as home:
        config = Config.load(home)
        settings = Settings.from_config(config, delay_s=0.0, **settings_overrides)
        with Archive.open(config) as archive:
            for phase in ("first crawl", "re-crawl"):
                started = time.perf_counter()
                report = crawl(config, archive, sources, settings=settings)
                seconds = time.perf_counter() - started
                pages = report.total("pages_fetched")
                print(f"{label:<28} {phase:<12} {pages:>6} pages {seconds:>7.1f} s {pages / seconds:>8.1f} pages/s"
                      f"   ({report.total('articles_new')} new articles, {report.total('pages_unchanged')} unchanged)",
                      flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=4)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    one = serve(args.pages)
    many = [serve(args.pages // args.hosts) for _ in range(args.hosts)]
    print(f"{args.pages} pages, delay 0, loopback, servers in separate processes; {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}")
    run("1 host", [one[1]], {})
    run(f"{args.hosts} hosts x {args.pages // args.hosts} pages", [port for _, port in many],
        {"max_sources_in_parallel": args.hosts})
    for proc, _ in [one, *many]:
        proc.terminate()


if __name__ == "__main__":
    main()
