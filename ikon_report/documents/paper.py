"""The committee paper (Beschlussvorlage) from ``ikon.yaml: paper`` and the project data:
subject, number, lead office, consultation sequence, resolution proposal, facts and reasons,
financial impact (measure costs by field of action and year) and the attachments."""

from __future__ import annotations

from collections import defaultdict

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.illustrative import invented, mark_if, marked_paras
from ikon_report.content.numbering import number
from ikon_report.documents.naming import CATALOGUE, catalogue_stem, output_stem
from ikon_report.errors import UsageError
from ikon_report.project.model import IkonProject, Paper
from ikon_report.render.publish import Edition

KIND = "Beschlussvorlage"


def paper_edition(project: IkonProject, *, final: bool) -> Edition:
    p = project.project
    if p.paper is None:
        raise UsageError("ikon.yaml has no 'paper:' section (number, subject, lead_office, consultation, "
                         "resolution, reasons); see docs/paper.md")

    blocks = paper_blocks(project, p.paper, final)
    return Edition(stem=output_stem(project, final, KIND), doctype=KIND, blocks=blocks, numbered=number(blocks),
                   title=f"{KIND} {p.paper.number}", subtitle=p.paper.subject, toc=False)


def paper_blocks(project: IkonProject, paper: Paper, final: bool) -> list[a.Node]:
    def h(level: int, title: str, ident: str) -> a.Node:
        return a.header(level, title, ident, classes=["unnumbered"])

    blocks = [h(1, f"{KIND} Nr. {paper.number}", "paper"),
              a.keyvalue([("Betreff", paper.subject), ("Vorlagen-Nr.", paper.number),
                          ("Federführung", paper.lead_office), ("Datum", german.date(project.project.date))]),
              h(2, "Beratungsfolge", "paper-consultation"), _consultation(paper),
              h(2, "Beschlussvorschlag", "paper-resolution"), *a.paras(paper.resolution),
              h(2, "Sachverhalt und Begründung", "paper-reasons")]
    blocks += [para for reason in paper.reasons for para in marked_paras(reason.text, reason)]
    blocks.append(a.para(_scope(project)))
    blocks += [h(2, "Finanzielle Auswirkungen", "paper-finance"), *_finance(project)]
    blocks += [h(2, "Anlagen", "paper-attachments"), a.numbered(attachments(project, final))]
    return blocks


def _consultation(paper: Paper) -> a.Node:
    if not paper.consultation:
        return a.para("Die Beratungsfolge wird noch festgelegt.")
    rows = [[c.body, german.date(c.date), c.role, "öffentlich" if c.public else "nicht öffentlich"]
            for c in paper.consultation]
    return a.table(["Gremium", "Sitzung", "Zuständigkeit", "Status"], rows, caption="Beratungsfolge",
                   ident="tab-consultation", widths=[0.42, 0.2, 0.18, 0.2])


def _scope(project: IkonProject) -> str:
    """One sentence from the data: what the concept contains."""
    high = sum(x.priority == "hoch" for x in project.measures)
    parts = [f"{len(project.fields)} Handlungsfelder", f"{len(project.challenges)} Herausforderungen",
             f"{len(project.measures)} Maßnahmen (davon {high} mit hoher Priorität)",
             f"{len(project.indicators)} Indikatoren für das Monitoring"]
    text = "Das Konzept umfasst " + ", ".join(parts[:-1]) + " und " + parts[-1] + "."
    if project.services:
        text += f" Der Angebotskatalog verzeichnet {len(project.services)} Angebote."
    return text


def costs_by_field_and_year(project: IkonProject) -> tuple[list[int], dict[str, dict[int, float]]]:
    """Years with costs and, per field of action id, the summed measure costs per year."""
    sums: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for x in project.measures:
        for c in x.costs:
            sums[x.field][c.year] += c.amount
    years = sorted({y for per_year in sums.values() for y in per_year})
    return years, sums


def _finance(project: IkonProject) -> list[a.Node]:
    years, sums = costs_by_field_and_year(project)
    if not years:
        return [a.para("Die Kosten der Maßnahmen sind noch nicht beziffert.")]
    fields = sorted(project.fields, key=lambda f: f.order)
    example = {f.id: any(invented(x, "costs") for x in project.measures if x.field == f.id and x.costs)
               for f in fields}
    rows: list[list[a.Cell]] = [[mark_if(f.name, example[f.id]), *[german.euro(sums[f.id].get(y, 0)) for y in years],
             german.euro(sum(sums[f.id].values()))] for f in fields if f.id in sums]
    totals = [sum(sums[f][y] for f in sums) for y in years]
    rows.append([mark_if([a.strong("Summe")], any(example.values())),
                 *[[a.strong(german.euro(t))] for t in [*totals, sum(totals)]]])
    n = len(years) + 2
    first = 0.3 if n > 5 else 0.4
    blocks = [a.para("Die im Konzept benannten Kosten der Maßnahmen verteilen sich wie folgt auf die "
                     "Handlungsfelder und Jahre. Über die Bereitstellung der Mittel wird in den jeweiligen "
                     "Haushaltsberatungen entschieden; die Finanzierung (Eigen- und Fördermittel) nennen die "
                     "Maßnahmenprofile im Konzept."),
              a.table(["Handlungsfeld", *[str(y) for y in years], "Summe"], rows,
                      caption="Kosten der Maßnahmen nach Handlungsfeld und Jahr", ident="tab-paper-costs",
                      widths=[first, *[(1 - first) / (n - 1)] * (n - 1)], align="l" + "r" * (n - 1))]
    open_costs = [x.id for x in project.measures if not x.costs]
    if open_costs:
        blocks.append(a.para(f"Für {len(open_costs)} Maßnahme(n) sind die Kosten noch offen: "
                             + ", ".join(open_costs) + "."))
    return blocks


def attachments(project: IkonProject, final: bool) -> list[str]:
    """The documents the paper belongs to, by the file names ``build`` gives them."""

    out = [f"{project.project.title} ({output_stem(project, final)}.pdf)"]
    if project.services:
        out.append(f"{CATALOGUE} ({catalogue_stem(project, final)}.pdf)")
    return out
