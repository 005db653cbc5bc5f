"""The print catalogue in volumes: above ``catalogue_volumes_above`` services, one volume per field
of action (DOCX and PDF each); the web edition stays complete.

A service's profile stands once, in the volume of its first field; the other volumes it belongs to
list it by number, title and volume. Each volume is an edition of its own, so a build renders one
at a time (pandoc and typst in child processes): memory is bounded by the largest volume.
"""

from __future__ import annotations

from dataclasses import dataclass

from ikon_report.content.labels import Labels
from ikon_report.documents.catalogue.content import build_catalogue
from ikon_report.documents.catalogue.edition import edition_of
from ikon_report.documents.naming import catalogue_stem, volume_fields
from ikon_report.project.model import FieldOfAction, IkonProject
from ikon_report.render.publish import Edition


@dataclass(frozen=True)
class Volume:
    """One volume: its number (from 1), the field it holds and its file stem."""

    number: int
    field: FieldOfAction
    stem: str


def volumes(project: IkonProject, final: bool) -> list[Volume]:
    """The volumes in field order (``naming.volume_fields``): none when the catalogue is one file."""
    return [Volume(n, f, catalogue_stem(project, final, volume=n)) for n, f in enumerate(volume_fields(project), 1)]


def volume_edition(project: IkonProject, volume: Volume, *, final: bool) -> Edition:
    """The edition of one volume: its field's services, a note naming every volume."""
    lb = Labels("de", project)
    every = volumes(project, final)
    number_of = {v.field.id: v.number for v in every}
    services = [s for s in project.services if volume.field.id in s.fields]
    elsewhere = {s.id: lb("in_volume", number=number_of[s.fields[0]]) for s in services
                 if s.fields[0] != volume.field.id}
    names = lb.join([lb("in_volume", number=v.number) + f": {lb.field(v.field)}" for v in every])
    note = lb("volumes_note", total=len(every), volumes=names)
    doc = build_catalogue(project, services, lb, fields=(volume.field.id,), elsewhere=elsewhere, note=note)
    cover = lb("volume", number=volume.number, total=len(every), field=lb.field(volume.field))
    return edition_of(project, doc, lb, final=final, stem=volume.stem, cover_note=cover)
