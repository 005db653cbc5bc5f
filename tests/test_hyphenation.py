"""Justified text needs hyphenation: editions in a language typst cannot hyphenate (Somali, Kurmanji
tagged ``kmr``) are set ragged right; the list of languages typst hyphenates is checked against typst."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import require_tool
from ikon_report.render.pdf import TYPST_HYPHENATION, ragged

# long words of each language, set in a narrow justified column
SAMPLES = {"de": "Integrationskonzept Beratungsangebote Sprachförderung Gemeinschaftsunterkunft",
           "en": "internationalisation responsibilities understanding communication",
           "sq": "bashkëpunëtorëve përfaqësuesve shoqërore administratës komunitetit",
           "tr": "danışmanlıklarından öğretmenlerimizin belediyesindeki uygulamalarımızı",
           "ku": "xizmetguzariyên entegrasyonê perwerdehiyê şêwirmendiyê rêxistinên",
           "kmr": "xizmetguzariyên entegrasyonê perwerdehiyê şêwirmendiyê rêxistinên",
           "so": "shaqaalaysiinta dowladaha hoose waxbarashada caafimaadka adeegyadaasi"}


def hyphens(tmp_path: Path, lang: str) -> int:
    """How many words typst hyphenates in the sample of ``lang`` (soft hyphens pdftotext reads)."""
    import typst

    source = tmp_path / f"{lang}.typ"
    source.write_text(f'#set page(width: 3.5cm, height: auto, margin: 1mm)\n#set text(lang: "{lang}", '
                      f'hyphenate: true, size: 10pt)\n#set par(justify: true)\n{SAMPLES[lang]}\n', encoding="utf-8")
    typst.compile(str(source), output=str(tmp_path / f"{lang}.pdf"))
    text = subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8", str(tmp_path / f"{lang}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    return text.count("\u00ad") + text.count("-\n")


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_typst_hyphenates_exactly_the_listed_languages(tmp_path, lang):
    """Checked against typst itself: German, English, Albanian, Turkish and Kurmanji as ``ku`` are
    hyphenated; Somali and Kurmanji tagged ``kmr`` (typst looks up two-letter codes) are not."""
    assert (hyphens(tmp_path, lang) > 0) == (lang in TYPST_HYPHENATION), lang


@pytest.mark.parametrize(("tag", "expected"), [("de", False), ("de-DE", False), ("en", False), ("sq", False),
                                               ("uk", False), ("so", True), ("kmr", True), ("ar", False),
                                               ("prs", False), ("ckb", False), ("ti", False)])
def test_ragged_right_where_a_latin_or_cyrillic_text_has_no_hyphenation(tag, expected):
    """Arabic-script and Ethiopic editions stay justified (their typography does not hyphenate)."""
    assert ragged(tag) is expected
