"""External programs (tesseract, catdoc, antiword) run with a timeout: a hung tool is killed, never waited on."""
from __future__ import annotations

import logging
import os
import shutil
import subprocess

log = logging.getLogger(__name__)
STDERR_CHARS = 200  # of a failing tool's message kept in the reason


class ToolError(Exception):
    """An external tool is missing, failed or timed out; the message says which, in one line."""


def run_tool(args: list[str], *, stdin: bytes | None = None, timeout: float,
             env: dict[str, str] | None = None) -> bytes:
    """The tool's standard output; ToolError when it is missing, times out or exits non-zero."""
    name = os.path.basename(args[0])
    exe = shutil.which(args[0])
    if exe is None:
        raise ToolError(f"{name} is not installed")
    try:
        done = subprocess.run([exe, *args[1:]], input=stdin, capture_output=True, timeout=timeout,
                              env={**os.environ, **(env or {})}, check=False)
    except subprocess.TimeoutExpired as e:
        raise ToolError(f"{name} timed out after {timeout:g} s") from e
    except OSError as e:
        raise ToolError(f"{name} could not be run: {e}") from e
    if done.returncode != 0:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())[:STDERR_CHARS]
        raise ToolError(f"{name} failed (exit {done.returncode}): {message or 'no message'}")
    return done.stdout
