"""The real NukeViet and WordPress sites, started once per test session (skipped where they cannot run, never in CI)."""
from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.realcms import harness


@pytest.fixture(scope="session")
def real_sites() -> dict[str, harness.RealSite]:
    """Both CMSs installed from tests/realcms/content/ on free loopback ports; removed at the end."""
    reason = harness.unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"the real-CMS tests must run in CI: {reason}")
        pytest.skip(f"{reason} (as root: bash ../shared/realcms/install-packages.sh)")
    work = Path(tempfile.mkdtemp(prefix="danvan-realcms-"))  # not pytest's tmp: www-data must enter it
    os.chmod(work, 0o755)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {cms: pool.submit(harness.start, cms, work / cms) for cms in harness.CMSS}
        sites = {}
        try:
            sites = {cms: f.result() for cms, f in futures.items()}
        finally:
            if len(sites) < len(futures):
                for f in futures.values():
                    if f.exception() is None:
                        f.result().stop()
    yield sites
    for site in sites.values():
        site.stop()
    shutil.rmtree(work, ignore_errors=True)
