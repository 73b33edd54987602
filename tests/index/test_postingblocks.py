"""Posting block payloads: zstd for large blocks, stored as they are when small, zlib still read (older indexes)."""
from __future__ import annotations

import pickle
import zlib
from array import array

from index.postingblocks import COMPRESS_MIN, ZSTD, block_payload, packed, read_payload


def test_integers_are_packed_in_the_narrowest_array_that_holds_them():
    assert [packed(v).typecode for v in ([1, 255], [1, 256], [65535], [65536])] == ["B", "H", "H", "I"]


def test_a_large_block_is_compressed_with_zstd_and_read_back_whole():
    deltas, weights = packed(list(range(1, 3000))), packed([1, 2, 3] * 1000)
    payload, compression = block_payload(deltas, weights)
    assert compression == ZSTD and len(payload) < len(pickle.dumps((deltas, weights, None)))
    assert read_payload(payload, compression) == (deltas, weights, None)


def test_a_small_block_is_stored_as_it_is():
    payload, compression = block_payload(packed([3, 1]), None)
    assert compression == 0 and len(payload) < COMPRESS_MIN
    assert read_payload(payload, compression) == (array("B", [3, 1]), None, None)


def test_a_zlib_block_of_an_index_written_before_zstd_is_still_read():
    data = (array("H", [5, 1, 1]), 2.0, None)
    assert read_payload(zlib.compress(pickle.dumps(data), 1), 1) == data
