"""The payload of a posting block: a term's document-number deltas and frequencies as packed arrays,
pickled and compressed with zstd (zlib in indexes written before; the block's info says which).

Whoosh's block layout is kept (``index.fastwriter`` writes it, ``index.columns`` reads it), but the
payload is read only by ``read_payload``: zstd decompresses these blocks about six times faster than zlib
at the same size, and decompression was most of the cost of reading a posting list from disk.
"""
from __future__ import annotations

import pickle
import threading
import zlib
from array import array

import zstandard

ZSTD = 100             # the block info's compression field for a zstd payload (Whoosh's own: 0 none, 1-9 zlib)
ZSTD_LEVEL = 3
COMPRESS_MIN = 1024    # smaller payloads are stored as they are
PICKLE = pickle.HIGHEST_PROTOCOL
_local = threading.local()  # zstd (de)compressors are not to be shared between threads


def packed(values: list[int]) -> array:
    """Small integers as the narrowest array that holds them (pickled as raw bytes, read back without a loop)."""
    top = max(values)
    return array("B" if top < 256 else "H" if top < 65536 else "I", values)


def block_payload(deltas: array, weights) -> tuple[bytes, int]:
    """(payload, compression) of one block."""
    data = pickle.dumps((deltas, weights, None), PICKLE)
    if len(data) < COMPRESS_MIN:
        return data, 0
    if not hasattr(_local, "compressor"):
        _local.compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
    return _local.compressor.compress(data), ZSTD


def read_payload(data: bytes, compression: int) -> tuple:
    """(deltas, weights, values) of one block's payload."""
    if compression == ZSTD:
        if not hasattr(_local, "decompressor"):
            _local.decompressor = zstandard.ZstdDecompressor()
        data = _local.decompressor.decompress(data)
    elif compression:
        data = zlib.decompress(data)
    return pickle.loads(data)
