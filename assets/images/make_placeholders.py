"""Draw the illustrative placeholder images of the IKON Minden example project.

The documentation of the kick-off conference has no usable photos, so the example uses
drawn, clearly marked placeholder scenes ("Beispielbild") and a neutral wordmark instead
of the city's coat of arms. Run from anywhere:

    python assets/images/make_placeholders.py

Needs Pillow. Writes PNG files next to this script (each well below 150 KB).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONTS = HERE.parent / "fonts"
SCALE = 2  # draw at double size, then downscale for smooth edges
W, H = 1200, 800

BG = "#eef2f5"
FLOOR = "#dde5ea"
INK = "#34495e"
ACCENT = "#a3172b"
# calm, colour-blind-safe tones (Okabe-Ito, lightened) for people and cards
TONES = ["#5b9bd5", "#e6a23c", "#6fbf9a", "#c98bb9", "#9aa9b8", "#d9b44a"]
CARD = ["#fff3c4", "#d7ecff", "#ffd9d2", "#dcf2e3"]


def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    name = "NotoSans-SemiBold.ttf" if bold else "NotoSans-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size * SCALE)


def s(*values: float) -> list[int]:
    """Scale design coordinates (1200 × 800 space) to the drawing canvas."""
    return [round(v * SCALE) for v in values]


def person(d: ImageDraw.ImageDraw, x: float, y: float, tone: str, size: float = 1.0) -> None:
    """A pictogram person: head and rounded shoulders, centred on x, head top at y."""
    r = 26 * size
    d.ellipse(s(x - r, y, x + r, y + 2 * r), fill=tone)
    d.rounded_rectangle(s(x - 1.8 * r, y + 2.3 * r, x + 1.8 * r, y + 5.6 * r), radius=round(1.2 * r * SCALE),
                        fill=tone)


def pinboard(d: ImageDraw.ImageDraw, x: float, y: float, w: float, h: float, cards: int = 6,
             dots: bool = False) -> None:
    d.rectangle(s(x, y, x + w, y + h), fill="#ffffff", outline=INK, width=3 * SCALE)
    d.line(s(x + 20, y + h, x + 10, y + h + 90), fill=INK, width=4 * SCALE)
    d.line(s(x + w - 20, y + h, x + w - 10, y + h + 90), fill=INK, width=4 * SCALE)
    cols = 2 if w < 260 else 3
    cw, ch = (w - 20 * (cols + 1)) / cols, 38
    for i in range(cards):
        cx = x + 20 + (i % cols) * (cw + 20)
        cy = y + 20 + (i // cols) * (ch + 16)
        if cy + ch > y + h - 10:
            break
        d.rectangle(s(cx, cy, cx + cw, cy + ch), fill=CARD[i % len(CARD)], outline="#b7c2cc", width=SCALE)
        if dots:
            for k in range((i * 3) % 5 + 1):
                d.ellipse(s(cx + cw - 14 - k * 14, cy + 12, cx + cw - 4 - k * 14, cy + 22), fill=ACCENT)


def bubble(d: ImageDraw.ImageDraw, x0: float, y0: float, x1: float, y1: float) -> None:
    d.rounded_rectangle(s(x0, y0, x1, y1), radius=20 * SCALE, fill="#ffffff", outline=INK, width=2 * SCALE)


def label(img: Image.Image, title: str) -> None:
    """The 'Beispielbild' badge and a subtitle: the image must never pass for a photo."""
    d = ImageDraw.Draw(img)
    d.rectangle(s(0, 730, W, H), fill="#ffffff")
    d.line(s(0, 730, W, 730), fill=ACCENT, width=3 * SCALE)
    d.rounded_rectangle(s(40, 36, 420, 116), radius=16 * SCALE, fill=ACCENT)
    d.text(s(230, 76), "Beispielbild", font=font(40), fill="#ffffff", anchor="mm")
    d.text(s(1160, 760), f"{title} · Platzhaltergrafik, kein Foto", font=font(24, bold=False), fill=INK,
           anchor="rs")


def canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (W * SCALE, H * SCALE), BG)
    d = ImageDraw.Draw(img)
    d.rectangle(s(0, 560, W, H), fill=FLOOR)
    return img, d


def plenum_begruessung() -> Image.Image:
    img, d = canvas()
    d.rectangle(s(330, 150, 870, 430), fill="#ffffff", outline=INK, width=3 * SCALE)
    d.text(s(600, 290), "Herzlich willkommen!", font=font(40), fill=INK, anchor="mm")
    d.text(s(600, 345), "welcome · hoş geldiniz · добро пожаловать", font=font(22, bold=False), fill=INK,
           anchor="mm")
    person(d, 960, 330, ACCENT, 1.0)
    d.polygon(s(900, 470, 1020, 470, 1005, 600, 915, 600), fill=INK)
    for row, y in enumerate((500, 590)):
        for i in range(8):
            person(d, 150 + i * 120 + (row % 2) * 50, y, TONES[(i + row) % len(TONES)], 0.9)
    label(img, "Plenum: Begrüßung")
    return img


def plenum_ergebnisse() -> Image.Image:
    img, d = canvas()
    for i in range(4):
        pinboard(d, 80 + i * 270, 150, 230, 330, cards=8, dots=True)
    person(d, 420, 420, TONES[0], 1.1)
    person(d, 770, 420, TONES[1], 1.1)
    d.line(s(465, 500, 520, 420), fill=TONES[0], width=12 * SCALE)
    d.line(s(725, 500, 670, 420), fill=TONES[1], width=12 * SCALE)
    label(img, "Plenum: Ergebnisse der Workshops")
    return img


def workshop_zt() -> Image.Image:
    img, d = canvas()
    pinboard(d, 820, 130, 300, 300, cards=9)
    d.ellipse(s(330, 470, 770, 650), fill="#c8b79e", outline=INK, width=3 * SCALE)
    for i, (x, y) in enumerate([(300, 380), (430, 330), (560, 315), (690, 330), (820, 380), (560, 590)]):
        person(d, x, y, TONES[i % len(TONES)], 0.95)
    bubble(d, 380, 200, 520, 260)
    d.polygon(s(420, 258, 445, 258, 430, 290), fill="#ffffff")
    bubble(d, 600, 180, 740, 240)
    d.polygon(s(680, 238, 705, 238, 700, 275), fill="#ffffff")
    label(img, "Workshop 1: Zusammenleben und Teilhabe")
    return img


def workshop_bil() -> Image.Image:
    img, d = canvas()
    d.rectangle(s(470, 130, 730, 430), fill="#ffffff", outline=INK, width=3 * SCALE)
    d.line(s(600, 430, 600, 560), fill=INK, width=5 * SCALE)
    d.polygon(s(520, 230, 600, 250, 600, 350, 520, 330), fill=TONES[0])
    d.polygon(s(680, 230, 600, 250, 600, 350, 680, 330), fill=TONES[2])
    d.rounded_rectangle(s(500, 160, 580, 205), radius=14 * SCALE, fill=CARD[0], outline=INK, width=SCALE)
    d.rounded_rectangle(s(620, 160, 700, 205), radius=14 * SCALE, fill=CARD[1], outline=INK, width=SCALE)
    d.rectangle(s(150, 600, 1050, 640), fill="#c8b79e")
    d.rectangle(s(150, 470, 200, 640), fill="#c8b79e")
    d.rectangle(s(1000, 470, 1050, 640), fill="#c8b79e")
    for i, x in enumerate((290, 440, 760, 910)):
        person(d, x, 420, TONES[(i + 2) % len(TONES)], 0.95)
    label(img, "Workshop 2: Bildung")
    return img


def workshop_arb() -> Image.Image:
    img, d = canvas()
    pinboard(d, 330, 130, 540, 360, cards=6)
    cx, cy, r = 700, 350, 48
    for k in range(8):
        a = k * math.pi / 4
        d.rectangle(s(cx + math.cos(a) * r - 12, cy + math.sin(a) * r - 12,
                      cx + math.cos(a) * r + 12, cy + math.sin(a) * r + 12), fill=INK)
    d.ellipse(s(cx - r, cy - r, cx + r, cy + r), fill=INK)
    d.ellipse(s(cx - 18, cy - 18, cx + 18, cy + 18), fill="#ffffff")
    d.rounded_rectangle(s(420, 320, 540, 400), radius=10 * SCALE, fill=TONES[1], outline=INK, width=2 * SCALE)
    d.rectangle(s(455, 300, 505, 322), outline=INK, width=3 * SCALE)
    for i, x in enumerate((220, 600, 980)):
        person(d, x, 440, TONES[(i * 2) % len(TONES)], 1.05)
    label(img, "Workshop 3: Arbeitsmarktintegration")
    return img


def workshop_woh() -> Image.Image:
    img, d = canvas()
    pinboard(d, 880, 140, 250, 300, cards=6)
    d.rectangle(s(240, 470, 800, 640), fill="#c8b79e", outline=INK, width=3 * SCALE)
    d.rectangle(s(290, 490, 750, 620), fill="#f6f3e6")
    for x0, y0, x1, y1 in ((300, 560, 740, 560), (520, 495, 520, 615), (300, 520, 740, 600)):
        d.line(s(x0, y0, x1, y1), fill="#9aa9b8", width=5 * SCALE)
    for i, (x, y) in enumerate([(360, 520), (600, 530), (440, 580), (660, 585)]):
        d.rectangle(s(x - 20, y - 8, x + 20, y + 22), fill=TONES[i])
        d.polygon(s(x - 26, y - 6, x, y - 30, x + 26, y - 6), fill=ACCENT)
    person(d, 300, 300, TONES[4], 1.05)
    person(d, 740, 300, TONES[3], 1.05)
    label(img, "Workshop 4: Wohnen")
    return img


def logo() -> Image.Image:
    """Neutral wordmark 'Stadt Minden' on transparent ground (not the coat of arms)."""
    img = Image.new("RGBA", (800 * SCALE, 240 * SCALE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    for i, h in enumerate((110, 150, 110)):
        x = 40 + i * 46
        d.rounded_rectangle(s(x, 195 - h, x + 32, 195), radius=6 * SCALE, fill=ACCENT)
    d.text(s(200, 112), "Stadt", font=font(44, bold=False), fill=INK, anchor="ls")
    d.text(s(196, 195), "Minden", font=font(96), fill=ACCENT, anchor="ls")
    return img


def save(img: Image.Image, name: str) -> None:
    small = img.resize((img.width // SCALE, img.height // SCALE), Image.Resampling.LANCZOS)
    if small.mode == "RGBA":
        small.save(HERE / name, optimize=True)
    else:
        small.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(HERE / name, optimize=True)


SCENES: dict[str, Callable[[], Image.Image]] = {
    "plenum-begruessung.png": plenum_begruessung,
    "plenum-ergebnisse.png": plenum_ergebnisse,
    "workshop-zt.png": workshop_zt,
    "workshop-bil.png": workshop_bil,
    "workshop-arb.png": workshop_arb,
    "workshop-woh.png": workshop_woh,
    "logo-minden.png": logo,
}


def main() -> None:
    for name, draw in SCENES.items():
        save(draw(), name)
        print(f"{name}: {(HERE / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
