"""A farm of local news sites for crawl benchmarks: hundreds of hosts on loopback addresses, one process.

Site ``i`` answers on 127.0.(1 + i // 250).(1 + i % 250):PORT with robots.txt, a home page that is the
first of a chained listing, and ``articles`` short Vietnamese article pages. Served by one asyncio
process (HTTP/1.1 keep-alive, strong ETags) that records every request: ``GET /__log__`` on any
address returns the log as JSON lines "host path status".
"""
from __future__ import annotations

import asyncio
import hashlib
import html
import json
import multiprocessing
import sys
import time

PER_LISTING = 10


def site_address(i: int) -> str:
    return f"127.0.{1 + i // 250}.{1 + i % 250}"


def article(site: int, n: int) -> bytes:
    title = f"Hội nghị sơ kết công tác dân vận khéo số {n} của đơn vị {site}"
    paragraphs = "".join(
        f"<p>Đoạn {i}: Ban Dân vận Huyện ủy phối hợp với Mặt trận Tổ quốc và các đoàn thể vận động nhân dân "
        f"hiến đất làm đường, xây dựng nông thôn mới, giữ gìn an ninh trật tự ở cơ sở (bài {n}, đơn vị {site}).</p>"
        for i in range(5))
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>'
            f'<div class="menu"><a href="/">Trang chủ</a></div><div class="article"><h1>{html.escape(title)}</h1>'
            f'<p class="date">Thứ Hai, 05/07/2022 08:{n % 60:02d}</p>{paragraphs}<p>Nguyễn Văn An</p></div>'
            f'</body></html>').encode()


def listing(page: int, pages: int, articles: int) -> bytes:
    first = (page - 1) * PER_LISTING
    links = "".join(f'<li><a href="/tin-tuc/bai-{n}.html">Bài số {n} về công tác dân vận</a></li>'
                    for n in range(first, min(first + PER_LISTING, articles)))
    nxt = f'<a href="/tin-tuc/page-{page + 1}/">Trang sau</a>' if page < pages else ""
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>Tin tức</title></head><body><h2>Tin tức</h2>'
            f'<ul>{links}</ul>{nxt}</body></html>').encode()


def site_pages(site: int, articles: int) -> dict[str, bytes]:
    pages = -(-articles // PER_LISTING)
    out = {"/robots.txt": b"User-agent: *\nDisallow: /admin/\n",
           "/": listing(1, pages, articles)}
    out.update({f"/tin-tuc/page-{p}/": listing(p, pages, articles) for p in range(2, pages + 1)})
    out.update({f"/tin-tuc/bai-{n}.html": article(site, n) for n in range(articles)})
    return out


class Farm:
    def __init__(self, sites: int, articles: int):
        self.pages = {site_address(i): site_pages(i, articles) for i in range(sites)}
        self.etags = {(h, p): '"%s"' % hashlib.sha1(b).hexdigest()[:16] for h, ps in self.pages.items()
                      for p, b in ps.items()}
        self.log: list[str] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "/"
                headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
                status, body, etag = self.answer(host, path, headers)
                self.log.append(f"{time.time():.3f} {host} {path} {status}")
                extra = f"ETag: {etag}\r\n" if etag else ""
                writer.write((f"HTTP/1.1 {status} X\r\nContent-Type: "
                              f"{'application/json' if path == '/__log__' else 'text/html; charset=utf-8'}\r\n"
                              f"Content-Length: {len(body)}\r\n{extra}\r\n").encode() + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def answer(self, host: str, path: str, headers: dict) -> tuple[int, bytes, str | None]:
        if path == "/__log__":
            return 200, json.dumps(self.log).encode(), None
        body = self.pages.get(host, {}).get(path.split("?")[0])
        if body is None:
            return 404, b"not found", None
        etag = self.etags[(host, path.split("?")[0])]
        if headers.get("if-none-match") == etag:
            return 304, b"", etag
        return 200, body, etag


async def _serve(sites: int, articles: int, port: int, ready) -> None:
    farm = Farm(sites, articles)
    servers = [await asyncio.start_server(farm.handle, site_address(i), port) for i in range(sites)]
    ready.put(port)
    await asyncio.gather(*(s.serve_forever() for s in servers))


def _run(sites: int, articles: int, port: int, ready) -> None:
    asyncio.run(_serve(sites, articles, port, ready))


def start(sites: int, articles: int, port: int = 18700) -> multiprocessing.Process:
    """The farm in its own process (serving does not compete with the crawl's threads for the GIL)."""
    ready = multiprocessing.Queue()
    proc = multiprocessing.Process(target=_run, args=(sites, articles, port, ready), daemon=True)
    proc.start()
    ready.get(timeout=120)
    return proc


def request_log(port: int = 18700) -> list[tuple[float, str, str, int]]:
    import urllib.request
    with urllib.request.urlopen(f"http://{site_address(0)}:{port}/__log__", timeout=60) as r:
        lines = json.loads(r.read())
    out = []
    for line in lines:
        when, host, path, status = line.split(" ")
        if path != "/__log__":
            out.append((float(when), host, path, int(status)))
    return out


def sources_toml(sites: int, port: int, delay_s: float) -> str:
    return "\n".join(
        f'[[source]]\nid = "farm-{i:03d}"\nname = "Ban Dân vận Huyện ủy số {i}"\nprovince = "Bình Phước"\n'
        f'unit = "Ban Dân vận Huyện ủy"\nlevel = "huyện"\ndistrict = "Huyện {i}"\n'
        f'start_urls = ["http://{site_address(i)}:{port}/"]\ndelay_s = {delay_s}\n' for i in range(sites))


if __name__ == "__main__":
    proc = start(int(sys.argv[1]), int(sys.argv[2]))
    print("serving", flush=True)
    proc.join()
