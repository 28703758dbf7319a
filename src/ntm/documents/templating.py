"""The DOCX renderer: docxtpl's template language ({{ … }}, {%p … %}), the template compiled once per process.

docxtpl opens the template with python-docx, cleans its XML and compiles it with Jinja on every
render, then saves the whole package again: about 0.1 s per document, most of a province batch.
Here the template is read, cleaned (docxtpl's own `patch_xml`) and compiled once; a render is the
Jinja render of the body, docxtpl's own post-processing (`resolve_listing`: "\\n" → line break), and
the main part appended to the template's other parts, compressed once. A template whose headers,
footers or properties hold tags of their own (an office restyling it may add some) is rendered by
docxtpl in full instead.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment, Template

_BODY = re.compile(r"<w:body\b.*</w:body>", re.DOTALL)
_TAG = re.compile(rb"\{[{%]")
_MAIN = "word/document.xml"


@dataclass(frozen=True)
class Compiled:
    """A template ready to render: its parts, the main part around the body, and the body's compiled Jinja."""

    docx: DocxTemplate
    others: bytes  # a zip of every part but the main one, compressed once (the styles alone are 0.8 MB)
    main_info: zipfile.ZipInfo
    main: str
    body: Template


@functools.cache
def compiled(path: Path) -> Compiled | None:
    """The compiled template at `path`, or None when tags outside the body need docxtpl's full render."""
    with zipfile.ZipFile(path) as archive:
        parts = tuple((info, archive.read(info)) for info in archive.infolist())
    if any(info.filename != _MAIN and info.filename.endswith(".xml") and _TAG.search(data) for info, data in parts):
        return None
    docx = DocxTemplate(str(path))
    docx.render_init()
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", docx.patch_xml(docx.get_xml()))  # as docxtpl.render_xml_part
    others = io.BytesIO()
    with zipfile.ZipFile(others, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename != _MAIN:
                archive.writestr(info, data)
    main_info, main = next((info, data.decode("utf-8")) for info, data in parts if info.filename == _MAIN)
    return Compiled(docx, others.getvalue(), main_info, main, Environment(autoescape=True).from_string(source))


def render(path: Path, context: dict[str, Any]) -> bytes:
    """The DOCX of `context` through the template at `path`."""
    template = compiled(path)
    if template is None:
        return _render_with_docxtpl(path, context)
    body = re.sub(r"\n<w:p([ >])", r"<w:p\1", template.body.render(context))
    body = body.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    body = template.docx.resolve_listing(body)
    main = _BODY.sub(lambda _: body, template.main, count=1)
    buffer = io.BytesIO(template.others)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(template.main_info, main.encode("utf-8"))
    return buffer.getvalue()


def _render_with_docxtpl(path: Path, context: dict[str, Any]) -> bytes:
    template = DocxTemplate(str(path))
    template.render(context, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
