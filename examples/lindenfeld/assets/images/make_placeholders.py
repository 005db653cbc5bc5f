"""Draw the placeholder images of the Lindenfeld example project (a fictional city).

Lindenfeld has no photos: the example uses drawn scenes, each labelled „Beispielbild“ so it can
never pass for a photo, and an invented wordmark. Run from anywhere (needs Pillow):

    python examples/lindenfeld/assets/images/make_placeholders.py
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONTS = HERE.parents[3] / "ikon_report" / "resources" / "fonts"
SCALE = 2
W, H = 1200, 800
BG, FLOOR, INK, ACCENT = "#eef3ee", "#dfe8dc", "#2d3b36", "#2f6b3a"
TONES = ["#5b9bd5", "#e6a23c", "#6fbf9a", "#c98bb9", "#9aa9b8", "#d9b44a"]
CARDS = ["#fff3c4", "#d7ecff", "#ffd9d2", "#dcf2e3"]


def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("NotoSans-SemiBold.ttf" if bold else "NotoSans-Regular.ttf")), size * SCALE)


def s(*values: float) -> list[int]:
    return [round(v * SCALE) for v in values]


def person(d: ImageDraw.ImageDraw, x: float, y: float, tone: str, size: float = 1.0) -> None:
    r = 26 * size
    d.ellipse(s(x - r, y, x + r, y + 2 * r), fill=tone)
    d.rounded_rectangle(s(x - 1.8 * r, y + 2.3 * r, x + 1.8 * r, y + 5.6 * r), radius=round(1.2 * r * SCALE), fill=tone)


def board(d: ImageDraw.ImageDraw, x: float, y: float, w: float, h: float, dots: bool) -> None:
    d.rectangle(s(x, y, x + w, y + h), fill="#ffffff", outline=INK, width=3 * SCALE)
    for i in range(9):
        cx, cy = x + 20 + (i % 3) * ((w - 40) / 3), y + 20 + (i // 3) * 60
        if cy + 40 > y + h:
            break
        d.rectangle(s(cx, cy, cx + (w - 40) / 3 - 14, cy + 40), fill=CARDS[i % 4], outline="#b7c2cc", width=SCALE)
        if dots:
            for k in range(i % 4 + 1):
                d.ellipse(s(cx + 8 + k * 14, cy + 26, cx + 18 + k * 14, cy + 36), fill=ACCENT)


def canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (W * SCALE, H * SCALE), BG)
    d = ImageDraw.Draw(img)
    d.rectangle(s(0, 560, W, H), fill=FLOOR)
    return img, d


def label(img: Image.Image, title: str) -> Image.Image:
    d = ImageDraw.Draw(img)
    d.rectangle(s(0, 730, W, H), fill="#ffffff")
    d.line(s(0, 730, W, 730), fill=ACCENT, width=3 * SCALE)
    d.rounded_rectangle(s(40, 36, 420, 116), radius=16 * SCALE, fill=ACCENT)
    d.text(s(230, 76), "Beispielbild", font=font(40), fill="#ffffff", anchor="mm")
    d.text(s(1160, 760), f"{title} · Platzhaltergrafik, kein Foto", font=font(24, False), fill=INK, anchor="rs")
    return img


def plenum() -> Image.Image:
    img, d = canvas()
    d.rectangle(s(300, 140, 900, 400), fill="#ffffff", outline=INK, width=3 * SCALE)
    d.text(s(600, 270), "Lindenfeld gemeinsam gestalten", font=font(38), fill=INK, anchor="mm")
    for row, y in enumerate((440, 520, 600)):
        for i in range(9):
            person(d, 110 + i * 125 + (row % 2) * 60, y, TONES[(i + row) % len(TONES)], 0.8)
    return label(img, "Auftaktkonferenz: Plenum")


def workshop() -> Image.Image:
    img, d = canvas()
    board(d, 360, 120, 480, 330, dots=True)
    for i, x in enumerate((200, 330, 600, 870, 1000)):
        person(d, x, 420, TONES[i], 1.0)
    return label(img, "Auftaktkonferenz: Workshop")


def werkstatt() -> Image.Image:
    img, d = canvas()
    d.rectangle(s(260, 470, 940, 560), fill="#c8b79e", outline=INK, width=3 * SCALE)
    for i, x in enumerate((320, 480, 640, 800)):
        d.rectangle(s(x - 40, 480, x + 40, 530), fill=CARDS[i], outline=INK, width=SCALE)
        person(d, x + 20, 280, TONES[(i + 2) % len(TONES)], 0.95)
    board(d, 960, 120, 200, 300, dots=False)
    return label(img, "Fachwerkstatt")


def forum() -> Image.Image:
    img, d = canvas()
    for t, cx in enumerate((260, 600, 940)):
        d.ellipse(s(cx - 130, 480, cx + 130, 600), fill="#c8b79e", outline=INK, width=3 * SCALE)
        for k, dx in enumerate((-110, 0, 110)):
            person(d, cx + dx, 330, TONES[(t * 3 + k) % len(TONES)], 0.85)
        d.rounded_rectangle(s(cx - 70, 160, cx + 70, 240), radius=12 * SCALE, fill=CARDS[t], outline=INK, width=SCALE)
    return label(img, "Bürger*innenforum: Thementische")


def logo() -> Image.Image:
    img = Image.new("RGBA", (900 * SCALE, 240 * SCALE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse(s(30, 40, 170, 180), fill=ACCENT)  # a round linden leaf with a stem
    d.polygon(s(100, 30, 60, 80, 140, 80), fill=ACCENT)
    d.line(s(100, 175, 100, 215), fill=ACCENT, width=8 * SCALE)
    d.line(s(100, 60, 100, 170), fill="#ffffff", width=4 * SCALE)
    d.text(s(200, 100), "Stadt", font=font(44, False), fill=INK, anchor="ls")
    d.text(s(196, 190), "Lindenfeld", font=font(92), fill=ACCENT, anchor="ls")
    return img


def save(img: Image.Image, name: str) -> None:
    small = img.resize((img.width // SCALE, img.height // SCALE), Image.Resampling.LANCZOS)
    if small.mode == "RGBA":
        small.save(HERE / name, optimize=True)
    else:
        small.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(HERE / name, optimize=True)


SCENES: dict[str, Callable[[], Image.Image]] = {
    "auftakt-plenum.png": plenum, "auftakt-workshop.png": workshop, "fachwerkstatt.png": werkstatt,
    "buergerforum.png": forum, "logo-lindenfeld.png": logo,
}

if __name__ == "__main__":
    for file_name, draw in SCENES.items():
        save(draw(), file_name)
        print(f"{file_name}: {(HERE / file_name).stat().st_size // 1024} KB")
