"""typst in a child process (used by ``build``) gives the same PDF and errors as in-process."""

from __future__ import annotations

import pytest

from ikon_report.errors import ToolError
from ikon_report.render.pdf import make_compiler


def child():
    """A compiler that sends even the smallest document to a child process."""
    compiler = make_compiler(in_process=False)
    compiler.small = 0
    return compiler


def test_same_pdf_as_in_process(tmp_path):
    main = tmp_path / "doc.typ"
    main.write_text('#set document(title: "T")\n#set text(lang: "de", font: "Noto Sans")\n= Titel\nÄrger & <Text>\n',
                    encoding="utf-8")
    assert child().pdf(main, 0) == make_compiler().pdf(main, 0)


def test_errors_read_like_in_process(tmp_path):
    main = tmp_path / "bad.typ"
    main.write_text("#let x = (\n", encoding="utf-8")
    with pytest.raises(ToolError) as there:
        child().pdf(main, 0)
    with pytest.raises(ToolError) as here:
        make_compiler().pdf(main, 0)
    assert str(there.value) == str(here.value) and str(there.value).startswith("typst: ")
