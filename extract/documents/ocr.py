"""Tesseract OCR of one page image (Vietnamese model), with coloured marks (stamps, signatures) dropped first."""
from __future__ import annotations

import io
import logging
from functools import lru_cache

from PIL import Image, ImageChops

from extract.documents.model import DocumentLimits
from extract.documents.tools import ToolError, run_tool

log = logging.getLogger(__name__)

TESSERACT = "tesseract"
PAGE_SEGMENTATION = "3"        # fully automatic page segmentation: finds the header's two columns
COLOUR_SAMPLE_PX = 600         # the colour test runs on a thumbnail this wide
SATURATION_MIN = 90            # a pixel this saturated (0-255) ...
BRIGHTNESS_MIN = 70            # ... and this bright is ink of a colour (a red stamp, a blue signature)
COLOUR_SHARE_MIN = 0.0005      # a page with this share of coloured pixels (a 4 cm stamp: ~0.2-1 %) gets them dropped
LIST_LANGS_TIMEOUT_S = 20


@lru_cache(maxsize=8)
def tesseract_problem(lang: str) -> str | None:
    """Why OCR cannot run here (tesseract or a language model missing), or None when it can."""
    try:
        out = run_tool([TESSERACT, "--list-langs"], timeout=LIST_LANGS_TIMEOUT_S).decode("utf-8", "replace")
    except ToolError as e:
        return str(e)
    have = {line.strip() for line in out.splitlines()[1:]}
    missing = [code for code in lang.split("+") if code not in have]
    if missing:
        return f"tesseract has no model for {', '.join(missing)} (Debian: tesseract-ocr-{missing[0]})"
    return None


def has_colour_marks(image: Image.Image) -> bool:
    """Whether a share of the page is ink of a saturated colour (stamps are red, signatures often blue)."""
    small = image.convert("RGB")
    small.thumbnail((COLOUR_SAMPLE_PX, COLOUR_SAMPLE_PX * 2))
    _, s, v = small.convert("HSV").split()
    mask = ImageChops.multiply(s.point(lambda x: 255 if x >= SATURATION_MIN else 0),
                               v.point(lambda x: 255 if x >= BRIGHTNESS_MIN else 0))
    coloured = mask.histogram()[255]
    return coloured / (small.width * small.height) >= COLOUR_SHARE_MIN


def prepare(image: Image.Image) -> Image.Image:
    """A grey page for Tesseract: where there is coloured ink, the brightest channel (HSV value), in which
    red or blue ink turns pale and black text stays black; elsewhere plain luminance."""
    if image.mode in ("L", "1"):
        return image.convert("L")
    if has_colour_marks(image):
        return image.convert("RGB").convert("HSV").getchannel("V")
    return image.convert("L")


def ocr_image(image: Image.Image, *, dpi: int, limits: DocumentLimits | None = None) -> str:
    """The text Tesseract reads on one page image; ToolError when it is missing, fails or times out."""
    limits = limits or DocumentLimits()
    buf = io.BytesIO()
    prepare(image).save(buf, format="PPM")  # uncompressed: no encoding cost, read by Leptonica from stdin
    args = [TESSERACT, "stdin", "stdout", "-l", limits.ocr_lang, "--dpi", str(dpi),
            "--psm", PAGE_SEGMENTATION]
    out = run_tool(args, stdin=buf.getvalue(), timeout=limits.timeout_s,
                   env={"OMP_THREAD_LIMIT": str(limits.ocr_threads)})
    return out.decode("utf-8", "replace")
