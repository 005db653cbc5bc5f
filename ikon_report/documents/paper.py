"""The committee paper (Vorlage) from ``ikon.yaml: paper`` and the project data, shaped like a paper
in a council information system: a form-like first page (logo, paper type and number, date, lead
and participating offices, subject, consultation sequence), then the resolution proposal as
numbered points, facts and reasons, financial impact (text from the data beside the measure costs
computed by field of action and year, ``paper_costs.py``) and the attachments."""

from __future__ import annotations

from pathlib import Path

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.illustrative import (
    has_mark,
    invented,
    legend_block,
    mark_if,
    marked,
    marked_paras,
    marked_points,
)
from ikon_report.content.measures import profiles_in_annex
from ikon_report.content.numbering import number
from ikon_report.content.participation import file_name
from ikon_report.documents.concept import PROFILES, profiles_stem
from ikon_report.documents.naming import CATALOGUE, EVENT_DOCUMENTATION, catalogue_stems, event_stems, output_stem
from ikon_report.documents.paper_costs import cost_table
from ikon_report.errors import UsageError
from ikon_report.project.model import IkonProject, Paper
from ikon_report.render.publish import Edition

HEAD_CLASS = "paper-head"  # typst: ikon-paper-head (no rules, logo right); DOCX: the table as it is
TYPE_CLASS = "paper-type"  # the paper type as the first heading, on the form page (typst: ikon-paper-type)


def paper_edition(project: IkonProject, *, final: bool) -> Edition:
    p = project.project
    if p.paper is None:
        raise UsageError("ikon.yaml has no 'paper:' section (number, subject, lead_office, consultation, "
                         "resolution, reasons); see docs/paper.md")
    paper = p.paper
    blocks = paper_blocks(project, paper, final)
    return Edition(stem=output_stem(project, final, paper.type), doctype=f"{paper.type} {paper.number}",
                   blocks=blocks, numbered=number(blocks), title=f"{paper.type} {paper.number}",
                   subtitle=paper.subject, toc=False, cover=False)


def _heading(title: str, ident: str) -> a.Node:
    return a.header(2, title, ident, classes=["unnumbered"])


def paper_blocks(project: IkonProject, paper: Paper, final: bool) -> list[a.Node]:
    """The form, then the sections in the order council papers use; the legend of the mark (if
    any) below the form rather than above the letterhead."""
    costs, at_end = cost_table(project)
    sections = [_heading("Beschlussvorschlag", "paper-resolution"), *resolution(paper),
                _heading("Sachverhalt und Begründung", "paper-reasons"),
                *[block for reason in paper.reasons for block in marked_paras(reason.text, reason)],
                a.para(_scope(project)),
                _heading("Finanzielle Auswirkungen", "paper-finance"),
                *[block for text in paper.financial_impact for block in marked_paras(text.text, text)],
                *costs,
                _heading("Anlagen", "paper-attachments"), a.numbered(attachments(project, paper, final)),
                *at_end]
    head = form(project, paper)
    return [*head, *([legend_block()] if has_mark([*head, *sections]) else []), *sections]


def form(project: IkonProject, paper: Paper) -> list[a.Node]:
    """The first page's form: letterhead (city, paper type, logo), the key facts, the consultation."""
    p = project.project
    logo: a.Cell = ([a.plain([a.image((Path(project.root) / p.logo.file).as_posix(), p.logo.alt, width="4.2cm")])]
                    if p.logo else "")
    who = [a.plain([a.strong(p.client.split(",")[0]), {"t": "LineBreak"}, *a.text(paper.lead_office)])]
    letterhead = a.div([a.table([], [[who, logo]], widths=[0.6, 0.4], align="lr")], classes=[HEAD_CLASS])
    kind = a.div([a.header(1, paper.type, "paper", classes=["unnumbered"])], classes=[TYPE_CLASS])
    public = any(c.public for c in paper.consultation) or not paper.consultation
    facts: list[tuple[str, a.Cell]] = [
        ("Vorlage Nr.", [a.record_id(paper.number)]),
        ("Datum", german.date(paper.date or p.date)),
        ("Federführung", paper.lead_office),
        *([("Beteiligt", _joined(marked_points(paper.offices)))] if paper.offices else []),
        ("Status", "öffentlich" if public else "nicht öffentlich"),
        ("Betreff", [a.strong(paper.subject)]),
    ]
    return [letterhead, kind, a.keyvalue(facts), _heading("Beratungsfolge", "paper-consultation"),
            _consultation(paper)]


def _joined(items: list[list[a.Node]]) -> list[a.Node]:
    """One item per line."""
    out: list[a.Node] = []
    for n, item in enumerate(items):
        out += ([{"t": "LineBreak"}] if n else []) + item
    return out


def _consultation(paper: Paper) -> a.Node:
    if not paper.consultation:
        return a.para("Die Beratungsfolge wird noch festgelegt.")
    rows = [[c.body, german.date(c.date), c.role, "öffentlich" if c.public else "nicht öffentlich"]
            for c in paper.consultation]
    return a.table(["Gremium", "Sitzung", "Zuständigkeit", "Status"], rows, ident="tab-consultation",
                   widths=[0.36, 0.2, 0.28, 0.16])


def resolution(paper: Paper) -> list[a.Node]:
    """Numbered points when the data gives a list; a text stays its paragraphs."""
    if isinstance(paper.resolution, str):
        return a.paras(paper.resolution)
    return [a.numbered([a.para(point) for point in marked_points(paper.resolution)])]


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


def attachments(project: IkonProject, paper: Paper, final: bool) -> list[list[a.Node]]:
    """The documents the build writes, by their file names (the concept and its annex of profiles, each
    event's documentation, the catalogue), then the attachments of the data."""
    def item(text: str, stem: str, flag: bool = False) -> list[a.Node]:  # the file name on a line of its own
        return mark_if([*a.text(text), {"t": "LineBreak"}, *a.text("("), file_name(f"{stem}.pdf"), *a.text(")")], flag)

    out = [item(project.project.title, output_stem(project, final))]
    if profiles_in_annex(project):
        out.append(item(f"{PROFILES} (Anlagenband zum Konzept)", profiles_stem(project, final)))
    events = event_stems(project, final)
    out += [item(f"{EVENT_DOCUMENTATION}: {e.title}, {german.date(e.date)}", events[e.id],
                 invented(e, "title") or invented(e, "date")) for e in project.events]
    if project.services:
        stems = catalogue_stems(project, final)
        out += [item(f"{CATALOGUE}{f' ({n}/{len(stems)})' if len(stems) > 1 else ''}", stem)
                for n, stem in enumerate(stems, 1)]
    return out + [marked(x.text, x) for x in paper.attachments]
