"""Search nodes following a shared archive (PostgreSQL): two `danvan serve` processes, each with its own
home and index, pick up new articles by themselves; a node that was down catches up."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import requests

from archive import Archive, Config

REPO = Path(__file__).resolve().parents[2]


def article(n: int, word: str) -> dict:
    return {"url": f"http://127.0.0.1:1/tin-tuc/bai-{n}.html", "title": f"Bài {n}: {word}",
            "text": f"Ban Dân vận huyện tổ chức hội nghị về {word} với đông đảo đoàn viên tham dự.",
            "published": "2024-03-0%d" % (1 + n % 9), "source": "Ban Dân vận Huyện ủy Lộc Ninh", "source_id": "ln"}


class Node:
    """`danvan serve` on its own home, following the archive at ``url`` every half second."""

    def __init__(self, home: Path, url: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "danvan", "--home", str(home), "--set", f"database_url={url}",
             "--set", "web.follow_s=0.5", "serve", "--port", "0", "--workers", "2", "--threads", "2"],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert "serving Kho Dân vận at http://127.0.0.1:" in line, self.proc.stderr.read() if self.proc.poll() else line
        self.base = line.split(" at ", 1)[1].split()[0]

    def finds(self, word: str) -> int:
        return requests.get(self.base + "api/search", params={"q": word}, timeout=30).json()["total"]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()
        self.proc.stderr.close()


def eventually(probe, limit_s: float = 60.0) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if probe():
            return True
        time.sleep(0.2)
    return False


def test_two_serve_nodes_follow_the_archive_and_a_node_that_was_down_catches_up(pg_config, tmp_path):
    url = pg_config.database_url
    with Archive.open(pg_config) as archive:
        archive.import_article(article(1, "chuyển đổi số"))
        a, b = Node(tmp_path / "a", url), Node(tmp_path / "b", url)
        try:
            assert eventually(lambda: a.finds("chuyển đổi số") == 1 and b.finds("chuyen doi so") == 1)  # first build
            archive.import_article(article(2, "dân vận khéo"))
            assert eventually(lambda: a.finds("dân vận khéo") == 1 and b.finds("dan van kheo") == 1)
            b.stop()
            archive.import_article(article(3, "an sinh xã hội"))
            archive.import_article(article(4, "an sinh xã hội"))
            assert eventually(lambda: a.finds("an sinh xã hội") == 2)
            b = Node(tmp_path / "b", url)                    # the same home: its index, behind by two articles
            assert eventually(lambda: b.finds("an sinh xã hội") == 2)
            assert b.finds("chuyển đổi số") == 1 and b.finds("dân vận khéo") == 1
        finally:
            a.stop()
            b.stop()
    assert not (Config.load(tmp_path / "a").db_path).exists()  # the nodes keep no archive of their own


def test_copy_archive_moves_a_sqlite_archive_into_postgresql_row_for_row(tmp_path, postgres_server, capsys):
    from danvan.cli import main
    from tests.pg import fresh_database

    home = tmp_path / "home"
    with Archive.open(Config.load(home)) as archive:
        for n in range(5):
            archive.import_article(article(n, "kết nghĩa"))
        archive.mark_removed(article(4, "")["url"])
    url = fresh_database(postgres_server)
    assert main(["--home", str(home), "copy-archive", "--to", url]) == 0
    assert "copied" in capsys.readouterr().out
    with Archive.open(Config.load(home)) as before, \
            Archive.open(Config.load(tmp_path / "other", overrides=[f"database_url={url}"])) as after:
        assert [vars(a) for a in after.iter_articles()] == [vars(a) for a in before.iter_articles()]
        assert after.latest_change() == before.latest_change()
        after.import_article(article(9, "mới"))                       # numbering goes on after the copied rows
        assert after.latest_change() == before.latest_change() + 1
    assert main(["--home", str(home), "copy-archive", "--to", url]) == 2  # never into a non-empty archive
