"""Draw the illustrative Leichte-Sprache pictograms of the example project (simple, high-contrast
line drawings on white, 400 × 400 px). Run with Pillow: ``python assets/pictograms/make_pictograms.py``.
Real projects use the pictograms their Leichte-Sprache office licenses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZE, SCALE = 400, 2
INK, ACCENT = "#1f2d3a", "#a3172b"
W = 14 * SCALE  # line width


def s(*values: float) -> list[float]:
    return [v * SCALE for v in values]


def speech(d: ImageDraw.ImageDraw) -> None:
    """Two speech bubbles: talking, learning a language."""
    d.rounded_rectangle(s(40, 60, 250, 210), radius=40 * SCALE, outline=INK, width=W)
    d.polygon(s(90, 205, 80, 260, 140, 207), fill=INK)
    d.rounded_rectangle(s(170, 190, 360, 320), radius=36 * SCALE, outline=ACCENT, width=W)
    d.polygon(s(300, 315, 320, 365, 260, 318), fill=ACCENT)
    for x in (100, 145, 190):
        d.ellipse(s(x - 12, 123, x + 12, 147), fill=INK)


def house(d: ImageDraw.ImageDraw) -> None:
    """A house: living, looking for a flat."""
    d.polygon(s(200, 50, 350, 180, 50, 180), outline=INK, width=W)
    d.rectangle(s(85, 180, 315, 350), outline=INK, width=W)
    d.rectangle(s(170, 250, 230, 350), fill=ACCENT)
    d.rectangle(s(115, 210, 155, 250), outline=INK, width=W // 2)
    d.rectangle(s(245, 210, 285, 250), outline=INK, width=W // 2)


def people(d: ImageDraw.ImageDraw) -> None:
    """Two people: advice, meeting others."""
    for cx, colour in ((140, INK), (265, ACCENT)):
        d.ellipse(s(cx - 45, 70, cx + 45, 160), outline=colour, width=W)
        d.pieslice(s(cx - 85, 190, cx + 85, 360), 180, 360, outline=colour, width=W)
        d.line(s(cx - 85, 275, cx + 85, 275), fill=colour, width=W)


def work(d: ImageDraw.ImageDraw) -> None:
    """A briefcase: work, a job."""
    d.rounded_rectangle(s(50, 130, 350, 330), radius=24 * SCALE, outline=INK, width=W)
    d.rounded_rectangle(s(150, 70, 250, 135), radius=16 * SCALE, outline=INK, width=W)
    d.line(s(50, 210, 350, 210), fill=INK, width=W)
    d.rectangle(s(180, 190, 220, 240), fill=ACCENT)


PICTOGRAMS: dict[str, Callable[[ImageDraw.ImageDraw], None]] = {
    "sprechen": speech, "wohnen": house, "beratung": people, "arbeit": work}


def main(folder: Path = HERE) -> None:
    for name, draw in PICTOGRAMS.items():
        image = Image.new("RGB", (SIZE * SCALE, SIZE * SCALE), "white")
        draw(ImageDraw.Draw(image))
        image.resize((SIZE, SIZE), Image.Resampling.LANCZOS).save(folder / f"{name}.png", optimize=True)


if __name__ == "__main__":
    main()
