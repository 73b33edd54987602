"""Real NukeViet 4.5 and WordPress 6.1 sites on loopback, driven by ../shared/realcms (see its README).

``start(cms, work)`` installs one instance from our content file (``content/<cms>.txt``) with the
CMS's own installer, ``site.truth()`` derives and verifies its ground truth, ``site.mutate()`` moves
it to the later state the content file describes, ``site.stop()`` removes it with its database.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import SHARED

REALCMS = SHARED / "realcms"
CONTENT = Path(__file__).parent / "content"
CMSS = ("nukeviet", "wordpress")
THEME = Path("/usr/share/wordpress/wp-content/themes/twentytwentythree")
UP_TIMEOUT_S = 300
TRUTH_TIMEOUT_S = 300


def unavailable() -> str | None:
    """Why the real CMSs cannot run on this machine (None when they can)."""
    if not (REALCMS / "README.md").is_file():
        return f"the real-CMS harness is not at {REALCMS} (set DANVAN_SHARED)"
    if os.geteuid() != 0:
        return "the real CMSs need root (apache runs its workers as www-data)"
    check = subprocess.run(["bash", str(REALCMS / "install-packages.sh"), "--check"], capture_output=True, text=True)
    if check.returncode != 0:
        return "the real-CMS packages are missing or MariaDB is down: " + " ".join(check.stdout.split())[:200]
    if not THEME.is_dir():
        return f"WordPress's theme is missing ({THEME}: Debian package wordpress-theme-twentytwentythree)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(args: list[str], timeout: int) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


@dataclass
class RealSite:
    """One running instance: its work folder, base URL, source id, and its access log."""

    cms: str
    work: Path
    base: str
    source_id: str
    header: dict[str, str] = field(default_factory=dict)

    @property
    def access_log(self) -> Path:
        return self.work / "apache" / "access.log"

    def truth(self, later: bool = False) -> tuple[dict, dict]:
        """(truth.json keyed by URL, non_articles.json of this site) for the current state."""
        out = self.work.parent / f"{self.cms}-{'later' if later else 'truth'}"
        _run(["python3", str(REALCMS / self.cms / "truth.py"), "--work", str(self.work), "--out", str(out),
              *(["--later"] if later else [])], TRUTH_TIMEOUT_S)
        truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
        non_articles = json.loads((out / "non_articles.json").read_text(encoding="utf-8"))
        non_articles = non_articles.get(self.source_id, non_articles)
        return {t["url"]: t for t in truth.values()}, non_articles

    def mutate(self) -> None:
        _run(["bash", str(REALCMS / self.cms / "mutate.sh"), "--work", str(self.work)], UP_TIMEOUT_S)

    def reset(self) -> None:
        _run(["bash", str(REALCMS / self.cms / "mutate.sh"), "--work", str(self.work), "--reset"], UP_TIMEOUT_S)

    def stop(self) -> None:
        subprocess.run(["bash", str(REALCMS / self.cms / "down.sh"), "--work", str(self.work), "--drop"],
                       capture_output=True, timeout=120)

    def log_mark(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def log_since(self, mark: int) -> list[str]:
        with open(self.access_log, "rb") as fh:
            fh.seek(mark)
            return fh.read().decode("utf-8", errors="replace").splitlines()

    def source_toml(self) -> str:
        """This site as a sources-file entry (its unit as the content file's header gives it), no delay."""
        h = self.header
        lines = ["[[source]]", f'id = "{self.source_id}"', f'name = "{h["name"]}"', f'province = "{h["province"]}"',
                 f'unit = "{h["unit"]}"', f'level = "{h["level"]}"']
        if h.get("district"):
            lines.append(f'district = "{h["district"]}"')
        lines += [f'start_urls = ["{self.base}/"]', "delay_s = 0", ""]
        return "\n".join(lines)


def content_header(path: Path) -> dict[str, str]:
    """The site header of a content file (the first value of each key)."""
    header: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("@@"):
            break
        if ":" in line and not line.lstrip().startswith("#"):
            key, _, value = line.partition(":")
            header.setdefault(key.strip(), value.strip())
    return header


def start(cms: str, work: Path) -> RealSite:
    """Install one instance (its own apache on a free loopback port, a fresh database) from our content file."""
    content = CONTENT / f"{cms}.txt"
    work.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(work.parent, 0o755)
    shutil.rmtree(work, ignore_errors=True)
    db = f"dvt_{cms[:2]}_{uuid.uuid4().hex[:8]}"
    base = _run(["bash", str(REALCMS / cms / "up.sh"), "--work", str(work), "--port", str(free_port()),
                 "--db", db, "--db-user", db, "--content", str(content)], UP_TIMEOUT_S).strip().splitlines()[-1]
    header = content_header(content)
    return RealSite(cms, work, base.rstrip("/"), header["id"], header)
