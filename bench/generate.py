"""Synthetic IKON projects of any size for benchmarks.

``scale=1`` is a Köln-sized city: 300 measures, 3,000 services, 80 indicators with 5 years of
values, 40 chapters, 8 languages. ``scale=2`` doubles every collection (fields of action too, so
each field keeps the same shape and the document simply gets twice as long).

    python bench/generate.py OUT [--scale 1.0] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "assets" / "images"
LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru", "tr", "ti"]
BASE = {"fields": 8, "measures": 300, "services": 3000, "indicators": 80, "chapters": 40,
        "challenges": 240, "findings": 40}
WORDS = ("Integration", "Teilhabe", "Quartier", "Bildung", "Sprache", "Arbeit", "Wohnen", "Beratung",
         "Netzwerk", "Ehrenamt", "Familie", "Jugend", "Schule", "Kita", "Ausbildung", "Anerkennung",
         "Begegnung", "Nachbarschaft", "Verwaltung", "Träger", "Angebot", "Zielgruppe", "Unterstützung",
         "Orientierung", "Zugang", "Vielfalt", "Gesundheit", "Sport", "Kultur", "Beteiligung", "Sprachkurs",
         "Lotsendienst", "Stadtteil", "Kooperation", "Qualifizierung", "Mentoring", "Elternarbeit",
         "Wohnungsmarkt", "Arbeitgeber", "Jobcenter", "Integrationsrat", "Migrantenselbstorganisation")
VERBS = ("stärkt", "verbessert", "begleitet", "öffnet", "vernetzt", "fördert", "erleichtert", "unterstützt")
TRANSLATED = {
    "en": "Counselling and support service",
    "ar": "خدمة الاستشارة والدعم",
    "fa": "خدمات مشاوره و پشتیبانی",
    "uk": "Служба консультацій і підтримки",
    "ru": "Служба консультаций и поддержки",
    "tr": "Danışmanlık ve destek hizmeti",
    "ti": "ኣገልግሎት ምኽሪን ደገፍን",
}
STATUS = ["asylum_seeker", "tolerated", "protection", "eu_citizen", "temporary_protection", "settled",
          "citizen"]


def counts(scale: float) -> dict[str, int]:
    return {k: max(1, round(v * scale)) for k, v in BASE.items()}


def sentence(rng: random.Random, words: int = 12) -> str:
    picked = [rng.choice(WORDS) for _ in range(words)]
    picked.insert(1, rng.choice(VERBS))
    return " ".join(picked[:1] + [w.lower() if i % 3 else w for i, w in enumerate(picked[1:])]) + "."


def text(rng: random.Random, sentences: int = 3) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def generate(out: Path, scale: float = 1.0, seed: int = 1, sizes: dict[str, int] | None = None,
             settings: dict | None = None) -> Path:
    """Write a valid project of the given size to ``out`` (replaced if it exists); return ``out``.
    ``sizes`` overrides single counts of ``BASE`` (tests make small projects), ``settings`` keys of ikon.yaml."""
    rng = random.Random(seed)
    n = counts(scale) | (sizes or {})
    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    (out / "chapters").mkdir()
    shutil.copytree(IMAGES, out / "assets" / "images", ignore=shutil.ignore_patterns("*.py"))
    fields = [f"F{i:02d}" for i in range(1, n["fields"] + 1)]
    measures = [f"M-{fields[i % len(fields)]}-{i:04d}" for i in range(n["measures"])]
    indicators = [f"I-{fields[i % len(fields)]}-{i:03d}" for i in range(n["indicators"])]
    challenges = [f"C-{fields[i % len(fields)]}-{i:03d}" for i in range(n["challenges"])]
    ind_of_measure = {m: [indicators[i % len(indicators)]] for i, m in enumerate(measures)}
    measures_of_ind: dict[str, list[str]] = {}
    for m, inds in ind_of_measure.items():
        for i in inds:
            measures_of_ind.setdefault(i, []).append(m)
    _dump(out / "ikon.yaml", _settings(n) | (settings or {}))
    _dump(out / "data" / "fields.yaml", {"fields": [
        {"id": f, "name": f"Handlungsfeld {f} {rng.choice(WORDS)}", "order": i, "goal": text(rng, 2),
         "labels": {lang: f"{TRANSLATED[lang]} {i}" for lang in LANGUAGES[1:4]}}
        for i, f in enumerate(fields, 1)]})
    _dump(out / "data" / "challenges.yaml", {"challenges": [
        {"id": c, "field": c.split("-")[1], "text": sentence(rng), "origin": rng.choice(["inventory", "conference"]),
         "votes": rng.randint(0, 30), "priority": rng.choice(["hoch", "mittel", "niedrig"]),
         "target_groups": [rng.choice(WORDS), rng.choice(WORDS)]} for c in challenges]})
    by_field = {f: [c for c in challenges if c.split("-")[1] == f] for f in fields}
    for f in fields:  # one file per field, as a large city would organise them
        _dump(out / "data" / f"measures-{f}.yaml", {"measures": [
            _measure(rng, m, f, by_field[f], ind_of_measure[m]) for m in measures if m.split("-")[1] == f]})
    _dump(out / "data" / "indicators.yaml", {"indicators": [
        _indicator(rng, i, measures_of_ind.get(i, [])) for i in indicators]})
    _dump(out / "data" / "monitoring.yaml", {"updates": [
        {"measure": m, "year": 2022 + k, "status": "begonnen", "note": text(rng, 2)}
        for m in measures for k in range(2)]})
    for part in range(max(1, -(-n["services"] // 500))):  # 500 a file, the last one the rest
        chunk = range(part * 500, min(n["services"], (part + 1) * 500))
        _dump(out / "data" / f"services-{part:02d}.yaml", {"services": [_service(rng, s, fields) for s in chunk]})
    _dump(out / "data" / "findings.yaml", {"findings": [
        {"id": f"F-{i:03d}", "topic": sentence(rng, 4).rstrip("."), "points": [sentence(rng) for _ in range(4)],
         "quotes": [{"text": sentence(rng), "role": "Expert*in aus der qualitativen Umfrage"}]}
        for i in range(n["findings"])]})
    _dump(out / "data" / "survey.yaml", _survey())
    _dump(out / "data" / "conference.yaml", _conference(rng, fields))
    for i in range(n["chapters"]):
        _chapter(rng, out / "chapters" / f"{i + 1:03d}-kapitel.md", i, measures)
    return out


def _settings(n: dict[str, int]) -> dict:
    return {"city": "Großstadt", "title": "Integrationskonzept der Großstadt (synthetisch)",
            "subtitle": f"Benchmark-Projekt mit {n['measures']} Maßnahmen", "client": "Stadt Großstadt",
            "contractor": "Ibis Institut", "authors": ["Benchmark-Generator"], "version": "1.0",
            "date": dt.date(2024, 3, 1), "languages": LANGUAGES,
            "logo": {"file": "assets/images/logo-minden.png", "alt": "Platzhalter-Logo"},
            "imprint": ["Synthetische Daten für Benchmarks"]}


def _measure(rng: random.Random, ident: str, field: str, challenges: list[str], indicators: list[str]) -> dict:
    return {"id": ident, "field": field, "title": sentence(rng, 6).rstrip("."), "goal": text(rng, 2),
            "description": text(rng, 5), "challenges": rng.sample(challenges, min(3, len(challenges))),
            "target_groups": [rng.choice(WORDS) for _ in range(3)], "lead": f"Amt für {rng.choice(WORDS)}",
            "partners": [f"{rng.choice(WORDS)}verein" for _ in range(3)],
            "first_steps": [sentence(rng, 8) for _ in range(4)], "time_frame": "2024–2026",
            "priority": rng.choice(["hoch", "mittel", "niedrig"]),
            "costs": [{"year": 2024 + k, "amount": rng.randint(1, 90) * 1000, "funding": "städtischer Haushalt"}
                      for k in range(3)],
            "funding": "Städtischer Haushalt", "indicators": indicators, "illustrative": True}


def _indicator(rng: random.Random, ident: str, measures: list[str]) -> dict:
    base = rng.randint(10, 500)
    return {"id": ident, "field": ident.split("-")[1], "name": sentence(rng, 5).rstrip("."),
            "definition": text(rng, 2), "unit": "Personen", "source": "Statistikstelle",
            "breakdowns": ["Geschlecht"], "baseline": base, "baseline_year": 2019, "target": base * 2,
            "target_year": 2025, "measures": measures, "illustrative": True,
            "values": [{"year": 2019 + k, "value": base + k * rng.randint(1, 40),
                        "breakdown": {"Frauen": base // 2, "Männer": base - base // 2}} for k in range(5)]}


def _service(rng: random.Random, n: int, fields: list[str]) -> dict:
    langs = ["de", *rng.sample(LANGUAGES[1:], 3)]
    return {"id": f"S-{n:05d}", "title": f"{rng.choice(WORDS)}-Angebot {n}", "provider": f"Träger {n % 97}",
            "fields": rng.sample(fields, min(2, len(fields))), "category": rng.choice(["Beratung", "Kurs", "Treff"]),
            "description": text(rng, 2),
            "target": {"gender": rng.choice(["all", "female", "male"]), "age_min": rng.choice([0, 16, 27]),
                       "residence_status": rng.sample(STATUS, 3)},
            "languages": langs, "district": f"Stadtteil {n % 23}", "address": f"Musterweg {n}, 50667 Großstadt",
            "contact": f"Tel. 0221 000000-{n % 100:02d}, angebot{n}@example.org", "opening_hours": "Mo–Fr 9–12 Uhr",
            "last_checked": dt.date(2023, 6, 1) + dt.timedelta(days=n % 200), "illustrative": True,
            "translations": {lang: {"title": f"{TRANSLATED[lang]} {n}", "description": f"{TRANSLATED[lang]}."}
                             for lang in LANGUAGES[1:]}}


def _survey() -> dict:
    return {"samples": [{"id": "U-QUANT", "kind": "quantitative", "title": "Befragung", "description": "Fragebögen.",
                         "total": 400, "breakdowns": [{"id": "U-G", "title": "Geschlecht", "cells": [
                             {"label": "Frauen", "count": 210}, {"label": "Männer", "count": 186},
                             {"label": "divers", "count": 4}]}],
                         "cross": [{"id": "U-GxM", "title": "Geschlecht nach Migrationshintergrund",
                                    "rows": ["Frauen", "Männer"], "columns": ["mit", "ohne"],
                                    "counts": [[120, 90], [100, 86]]}]}]}


def _conference(rng: random.Random, fields: list[str]) -> dict:
    photo = {"file": "assets/images/workshop-zt.png", "caption": "Workshop (Beispielbild)", "alt": "Platzhalterbild"}
    return {"conference": {
        "title": "Auftaktkonferenz", "date": dt.date(2023, 5, 20), "venue": "Großstadt", "participants": 400,
        "agenda": [{"time": f"{17 + k}:00 Uhr", "title": sentence(rng, 4).rstrip("."),
                    "speakers": [{"name": "Moderation", "role": "Ibis Institut"}]} for k in range(4)],
        "workshops": [{"id": f"WS-{f}", "field": f, "title": f"Workshop {f}", "room": f"Raum {i}",
                       "moderators": ["Moderator*in"],
                       "sections": [{"number": "I.", "title": "Ergebnisse",
                                     "items": [sentence(rng) for _ in range(4)]}],
                       "photos": [photo]} for i, f in enumerate(fields)]}}


def _chapter(rng: random.Random, path: Path, i: int, measures: list[str]) -> None:
    parts = [f"---\nid: ch-{i:03d}\ntitle: Kapitel {i + 1} {rng.choice(WORDS)}\norder: {i + 1}\n---\n"]
    for s in range(3):
        parts.append(f"## Abschnitt {s + 1}: {rng.choice(WORDS)}\n")
        parts += [text(rng, 5) + "\n" for _ in range(3)]
        parts.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(4)) + "\n")
        parts.append(f"Siehe [@{rng.choice(measures)}] und *{rng.choice(WORDS)}* sowie **{rng.choice(WORDS)}**.\n")
    path.write_text("\n".join(parts), encoding="utf-8")


def _dump(path: Path, data: dict) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120),
                    encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.out, args.scale, args.seed))


if __name__ == "__main__":
    main()
