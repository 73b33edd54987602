"""Worker processes die with the process that started them (Linux ``PR_SET_PDEATHSIG``), even on kill -9.

Imported by the fork servers of the extraction and document-reading pools (so they die with their run) and
run in each worker (so it dies with the fork server): a killed run leaves no process behind holding its pipes.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent ends (a no-op where the call does not exist)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


die_with_parent()  # on import: the fork server preloads this module
