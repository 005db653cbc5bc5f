"""Reviewed DOCX files made by hand for the review tests: a minimal valid package and its parts."""

from __future__ import annotations

import zipfile
from pathlib import Path

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
W15 = 'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"'
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="/word/document.xml"/></Relationships>')
DOC_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" '
            'Target="comments.xml"/><Relationship Id="r2" Type="http://schemas.microsoft.com/office/2011/'
            'relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>')
BODY = (f'<w:document {W}><w:body>'
        '<w:bookmarkStart w:id="0" w:name="M-ZT-01"/><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
        '<w:r><w:t>8 Maßnahmen</w:t></w:r></w:p><w:bookmarkEnd w:id="0"/>'
        '<w:p><w:commentRangeStart w:id="1"/><w:r><w:t>Alter </w:t></w:r>'
        '<w:ins w:id="5" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:t>neuer</w:t></w:r></w:ins>'
        '<w:ins w:id="6" w:author="A" w:date="2024-01-01T00:00:00Z">'
        '<w:r><w:t xml:space="preserve"> Text</w:t></w:r></w:ins>'
        '<w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r>'
        '<w:del w:id="7" w:author="B" w:date="2024-01-02T00:00:00Z"><w:r><w:delText>weg</w:delText></w:r></w:del>'
        '<w:r><w:rPr><w:ins w:id="8" w:author="C" w:date="2024-01-03T00:00:00Z"/></w:rPr><w:t>.</w:t></w:r></w:p>'
        '</w:body></w:document>')
COMMENTS = (f'<w:comments {W} {W14}>'
            '<w:comment w:id="1" w:author="Erika" w:date="2024-02-01T10:00:00Z"><w:p w14:paraId="0A">'
            '<w:r><w:t>Bitte prüfen</w:t></w:r></w:p></w:comment>'
            '<w:comment w:id="2" w:author="Ibis" w:date="2024-02-02T10:00:00Z"><w:p w14:paraId="0B">'
            '<w:r><w:t>Geprüft.</w:t></w:r></w:p></w:comment></w:comments>')
EXTENDED = (f'<w15:commentsEx {W15}><w15:commentEx w15:paraId="0A" w15:done="0"/>'
            '<w15:commentEx w15:paraId="0B" w15:paraIdParent="0A" w15:done="0"/></w15:commentsEx>')


CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 '</Types>')


def make_docx(path: Path, members: dict[str, str | bytes] | None = None, **extra: str | bytes) -> Path:
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "word/document.xml": BODY,
             "word/_rels/document.xml.rels": DOC_RELS, "word/comments.xml": COMMENTS,
             "word/commentsExtended.xml": EXTENDED}
    parts.update(members or {})
    parts.update(extra)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path
