"""Small loopback HTTP servers for the crawler tests: scripted answers, a request log with headers."""
from __future__ import annotations

import html
import socket
import ssl
import struct
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from archive import Config
from crawler import Settings

Route = Callable[[BaseHTTPRequestHandler], None]


def quick_settings(config: Config, **overrides) -> Settings:
    """Polite settings shrunk for tests: no delay, small timeouts, tiny backoff."""
    values = dict(delay_s=0.0, retries=2, backoff_s=0.01, backoff_max_s=0.05, connect_timeout_s=1.0,
                  read_timeout_s=0.5, total_timeout_s=5.0)
    values.update(overrides)
    return Settings.from_config(config, **values)


def send(h: BaseHTTPRequestHandler, status: int = 200, body: bytes | str = b"",
         content_type: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
    data = body.encode("utf-8") if isinstance(body, str) else body
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        h.send_header(name, value)
    h.end_headers()
    if h.command != "HEAD":
        h.wfile.write(data)


def reset_connection(h: BaseHTTPRequestHandler) -> None:
    """Close the socket with a TCP RST instead of an answer."""
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.close_connection = True
    h.connection.close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall between headers and body

    def do_GET(self):
        site: ScriptedSite = self.server.site  # type: ignore[attr-defined]
        path = self.path
        with site.lock:
            site.log.append((path, dict(self.headers.items())))
        route = site.routes.get(path) or site.routes.get(path.split("?", 1)[0])
        if route is None and path == "/robots.txt":
            route = lambda h: send(h, 200, site.robots, "text/plain")  # noqa: E731
        if route is None:
            send(self, 404, "<html><body>Không tìm thấy</body></html>")
            return
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True

    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # scripted failures are expected


class ScriptedSite:
    """A site on 127.0.0.1 whose paths answer with Python functions; ``log`` holds (path, headers)."""

    def __init__(self, routes: dict[str, Route] | None = None, robots: str = "User-agent: *\nDisallow:\n",
                 tls: tuple[str, str] | None = None):
        self.routes: dict[str, Route] = dict(routes or {})
        self.robots = robots
        self.log: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.site = self  # type: ignore[attr-defined]
        scheme = "http"
        if tls:  # (certificate file, key file): serve HTTPS
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
            scheme = "https"
        self.base = f"{scheme}://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.log]

    def count(self, path: str) -> int:
        return self.paths.count(path)

    def __enter__(self) -> "ScriptedSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def page(h, body: str, status: int = 200, headers: dict | None = None) -> None:
    send(h, status, body, headers=headers)


def article_html(n: int, title: str | None = None, extra: str = "", charset_meta: str = "utf-8") -> str:
    """An article page the extractor recognises: headline, date, several paragraphs."""
    title = title or f"Hội nghị sơ kết công tác dân vận số {n}"
    return f"""<!doctype html><html><head><meta charset="{charset_meta}"><title>{html.escape(title)} - Ban Dân vận</title>
</head><body><div class="menu"><a href="/">Trang chủ</a></div>
<div class="article"><h1>{html.escape(title)}</h1><p class="date">Thứ Hai, 05/07/2022</p>
<p>Ngày 5/7, Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận sáu tháng đầu năm, với sự tham dự của
đại diện các xã, thị trấn và các đoàn thể chính trị - xã hội trên địa bàn (bài số {n}).</p>
<p>Hội nghị đánh giá kết quả thực hiện phong trào thi đua dân vận khéo, nhân rộng các mô hình hay trong vùng đồng
bào dân tộc thiểu số, góp phần củng cố khối đại đoàn kết toàn dân tộc.</p>
{extra}
<p>Nguyễn Văn An</p></div></body></html>"""


def listing_html(links: list[str], next_link: str | None = None) -> str:
    items = "".join(f'<li><a href="{u}">Bài {u}</a></li>' for u in links)
    nxt = f'<a href="{next_link}">Trang sau</a>' if next_link else ""
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Tin tức</title></head><body>
<h2>Tin tức</h2><ul>{items}</ul>{nxt}</body></html>"""


def sources_toml(*entries: tuple[str, str], extra: str = "delay_s = 0") -> str:
    """A sources file: (id, start URL) pairs, each a huyện-level unit in Bình Phước."""
    out = []
    for source_id, start in entries:
        out.append(f'[[source]]\nid = "{source_id}"\nname = "Ban Dân vận {source_id}"\nprovince = "Bình Phước"\n'
                   f'unit = "Ban Dân vận Huyện ủy"\nlevel = "huyện"\ndistrict = "Lộc Ninh"\n'
                   f'start_urls = ["{start}"]\n{extra}\n')
    return "\n".join(out)


def make_source(source_id: str, start: str, **extra):
    """A Source with one start URL (a huyện-level unit), delay 0 unless told."""
    from archive import Source

    extra.setdefault("delay_s", 0.0)
    extra.setdefault("start_urls", (start,))
    return Source(id=source_id, name=f"Ban Dân vận {source_id}", province="Bình Phước", unit="Ban Dân vận Huyện ủy",
                  level="huyện", district="Lộc Ninh", **extra)


def closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed_certificate(folder) -> tuple[str, str]:
    """A throw-away self-signed certificate for 127.0.0.1 (made with the openssl command)."""
    import subprocess

    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    return cert, key
