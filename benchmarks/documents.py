#!/usr/bin/env python3
"""Document reading: speed of text PDFs and of OCR, and OCR character accuracy on made-up scans.

    .venv/bin/python benchmarks/documents.py [--text-pages 300] [--scan-pages 3] [--pool 2]

The test set: pages of Vietnamese administrative prose (every tone mark and đ, ư, ơ, ă, â, ê, ô) drawn with
Pillow in DejaVu Serif 12 pt on A4, at 200 and 300 dpi, clean or with a red round stamp printed over the last
lines and a 1.5° skew (and 2°), softened and saved as JPEG-in-PDF as a scanner does. Each is read by
``read_document`` (rendered at 300 dpi, Tesseract 'vie'); accuracy = 1 - edit distance / length of the
truth, on NFC text with whitespace collapsed. A page with the two-column header is read too, to count the
header fields found. "stamp kept" turns the colour drop off, to show what it buys.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.documents import DocumentLimits, ocr, read_document  # noqa: E402
from tests.extract.documents import samples  # noqa: E402
from tests.extract.documents.scoring import char_accuracy  # noqa: E402

VARIANTS = [  # (label, scan dpi, stamp, skew degrees)
    ("200 dpi, clean", 200, False, 0.0), ("200 dpi, stamp + 1.5° skew", 200, True, 1.5),
    ("300 dpi, clean", 300, False, 0.0), ("300 dpi, stamp + 1.5° skew", 300, True, 1.5),
    ("300 dpi, stamp + 2° skew", 300, True, 2.0),
]


def text_pdf_speed(pages: int) -> None:
    data = samples.text_pdf(pages=pages)
    read_document(data)  # warm up
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        doc = read_document(data, limits=DocumentLimits(max_pages=pages))
        runs.append(time.perf_counter() - started)
    best = min(runs)
    print(f"text PDF: {pages} pages, {len(doc.text):,} chars: {best:.2f} s, {pages / best:,.0f} pages/s "
          f"(median of 3 runs {statistics.median(runs):.2f} s)")


def scan_set(dpi: int, stamp: bool, skew: float, pages: int) -> tuple[bytes, list[str]]:
    images, truths = [], []
    for n in range(pages):
        image, lines = samples.scan_image(samples.body_paragraphs(n), dpi=dpi, stamp=stamp, skew=skew)
        images.append(image)
        truths.append(" ".join(lines))
    return samples.scanned_pdf(images, dpi), truths


def ocr_accuracy(pages: int) -> None:
    print(f"OCR ({pages} body pages a variant, one tesseract thread, rendered at 300 dpi):")
    for label, dpi, stamp, skew in VARIANTS:
        data, truths = scan_set(dpi, stamp, skew, pages)
        started = time.perf_counter()
        doc = read_document(data)
        elapsed = time.perf_counter() - started
        scores = [char_accuracy(t, p.text) for t, p in zip(truths, doc.pages)]
        print(f"  {label:30s} accuracy {statistics.mean(scores):.4f} (min {min(scores):.4f})   "
              f"{pages / elapsed:.2f} pages/s ({elapsed / pages:.2f} s a page)")
    data, truths = scan_set(300, True, 1.5, pages)
    real = ocr.has_colour_marks
    ocr.has_colour_marks = lambda image: False
    try:
        doc = read_document(data)
    finally:
        ocr.has_colour_marks = real
    scores = [char_accuracy(t, p.text) for t, p in zip(truths, doc.pages)]
    print(f"  {'300 dpi, stamp kept (no drop)':30s} accuracy {statistics.mean(scores):.4f} (min {min(scores):.4f})")


def header_fields() -> None:
    print("header fields found on an OCR'd first page (number, type, issuer, date, summary):")
    for label, dpi, stamp, skew in VARIANTS:
        image, _ = samples.scan_image(samples.body_paragraphs(0, 2), dpi=dpi, stamp=stamp, skew=skew, header=True)
        doc = read_document(samples.scanned_pdf([image], dpi))
        meta = doc.metadata.__dict__ if doc.metadata else {}
        right = [k for k, v in samples.EXPECTED_META.items() if meta.get(k) == v]
        wrong = {k: meta.get(k) for k in samples.EXPECTED_META if k not in right}
        print(f"  {label:30s} {len(right)}/5" + (f"  wrong: {wrong}" if wrong else ""))


def pool_speed(processes: int, pages: int) -> None:
    """Throughput with documents read in a pool of processes, as the integration runs them."""
    data, _ = scan_set(300, True, 1.5, 1)
    jobs = [data] * pages
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(read_document, jobs[:processes]))  # start the workers
        started = time.perf_counter()
        docs = list(pool.map(read_document, jobs))
        elapsed = time.perf_counter() - started
    assert all(d.ocr for d in docs)
    print(f"OCR in a pool of {processes} processes: {pages} one-page scans in {elapsed:.1f} s, "
          f"{pages / elapsed:.2f} pages/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--text-pages", type=int, default=300)
    parser.add_argument("--scan-pages", type=int, default=3)
    parser.add_argument("--pool", type=int, default=2, help="processes for the pool figure (0: skip it)")
    args = parser.parse_args()
    problem = ocr.tesseract_problem("vie")
    text_pdf_speed(args.text_pages)
    if problem:
        print(f"OCR figures skipped: {problem}")
        return
    ocr_accuracy(args.scan_pages)
    header_fields()
    if args.pool:
        pool_speed(args.pool, 4 * args.pool)


if __name__ == "__main__":
    main()
