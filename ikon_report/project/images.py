"""Is a file an image the build can use? Inside the project, a real PNG or JPEG, of sane size.

The header is read (Pillow, lazily: no pixels are decoded) to learn the pixel dimensions before
anything else; PNG chunks are verified (CRC), JPEG data is decoded at 1/8 scale. Messages say
what is wrong and what to do; ``''`` means the image is fine.
"""

from __future__ import annotations

import struct
import warnings
import zlib
from pathlib import Path

from ikon_report.project import limits
from ikon_report.project.confine import inside

PNG, JPEG = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"


def image_problem(file: Path, root: Path, name: str) -> str:
    """What is wrong with ``file`` (shown as ``name``) as an image of the project in ``root``."""
    if not inside(file, root):
        return f"image '{name}' is outside the project folder; copy it into the project (e.g. assets/images/)"
    try:
        if not file.is_file():
            return f"image '{name}' not found in the project; put the file there or fix the path"
        size = file.stat().st_size
        with file.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return f"image '{name}' cannot be read ({exc.strerror or exc})"
    if not head.startswith((PNG, JPEG)):
        return f"image '{name}' is not a PNG or JPEG file; convert it"
    if size > limits.IMAGE_FILE_BYTES:
        return (f"image '{name}' is {limits.size(size)}, more than the {limits.size(limits.IMAGE_FILE_BYTES)} "
                "an image may have; reduce it (e.g. to 300 dpi at its printed size)")
    return _decodable(file, name)


def _decodable(file: Path, name: str) -> str:
    from PIL import Image

    too_big = (f"image '{name}' has more than {limits.count(limits.IMAGE_PIXELS)} pixels or a side over "
               f"{limits.count(limits.IMAGE_SIDE)}; reduce it")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(file, formats=("PNG", "JPEG")) as img:
                width, height = img.size
                if width * height > limits.IMAGE_PIXELS or max(width, height) > limits.IMAGE_SIDE:
                    return too_big.replace("has more than", f"has {width} × {height} pixels, more than", 1)
                if width < 1 or height < 1:
                    return f"image '{name}' has no pixels; replace it"
                if img.format == "PNG":
                    img.verify()
                else:
                    img.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    img.load()
        except Image.DecompressionBombError:
            return too_big
        except Image.UnidentifiedImageError:
            return (f"image '{name}' is damaged or incomplete (its header cannot be read); export it again "
                    "as PNG or JPEG")
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error,
                zlib.error) as exc:
            return f"image '{name}' is damaged or incomplete ({_reason(exc)}); export it again as PNG or JPEG"
    return ""


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "…"
