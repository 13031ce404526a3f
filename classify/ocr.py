"""OCR for PDF pages without usable text (scans, fonts with no Unicode map), via tesseract.

tesseract is called as a subprocess (no Python binding needed) on a grey rendering of the page:
200 dpi is enough for body text of a newspaper column and keeps a page to seconds. It is found
on PATH; its Chinese model comes from the Debian package `tesseract-ocr-chi-sim`.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile

from .errors import InputError
from .normalize import unspace_prose

DPI = 200  # body text of a column is about 9 pt: 25 pixels a character at 200 dpi
LANG = "chi_sim"
TIMEOUT_S = 300  # a page takes seconds; a hung tesseract must not hang the batch
HOW_TO = ("install tesseract with its Chinese model (apt-get install tesseract-ocr "
          "tesseract-ocr-chi-sim) and run with --ocr auto")


@functools.lru_cache(maxsize=1)
def available() -> bool:
    """Is tesseract on PATH, with the chi_sim model?"""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return LANG in (out.stdout + out.stderr).split()


def ocr_page(page, source: str, dpi: int = DPI) -> str:
    """The text of one pypdfium2 page, read by tesseract; one output line per printed line."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise InputError(source, f"needs OCR, and tesseract is not installed; {HOW_TO}")
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    pixels = bitmap.to_numpy()
    height, width = pixels.shape[0], pixels.shape[1]
    data = pixels.reshape(height, width, -1)[:, :, 0].tobytes()
    with tempfile.TemporaryDirectory(prefix="classify-ocr-") as tmp:
        image = os.path.join(tmp, "page.pgm")
        with open(image, "wb") as f:
            f.write(f"P5 {width} {height} 255\n".encode("ascii"))
            f.write(data)
        try:
            out = subprocess.run([exe, image, "stdout", "-l", LANG, "--dpi", str(dpi)], capture_output=True,
                                 timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(source, f"OCR took over {TIMEOUT_S} s and was stopped; check the page") from None
        except OSError as exc:
            raise InputError(source, f"tesseract could not run ({exc}); {HOW_TO}") from None
    if out.returncode != 0:
        reason = out.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["unknown error"]
        raise InputError(source, f"tesseract failed ({reason[0]}); {HOW_TO}")
    text = out.stdout.decode("utf-8", "replace")
    return "\n".join(unspace_prose(line) for line in text.replace("\f", "").split("\n"))
