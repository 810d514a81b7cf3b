"""Dossiers as HTML (Jinja2, autoescaped: ingested text is never markup) and as PDF
(WeasyPrint, from the same HTML, charts embedded as data: URIs).

Persian runs are wrapped in ``<bdi dir="auto" lang="fa">`` so that they read right to left
inside English sentences, and quotes take their direction from their own text; the fonts are
Noto Naskh Arabic (Debian's fonts-noto-core) and Nazli (fonts-farsiweb) for Persian, DejaVu
Sans for the rest.
"""

from __future__ import annotations

import html
import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from dadkhah import __version__
from dadkhah.errors import DadkhahError
from dadkhah.report.dossier import Dossier

ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_RUN = re.compile(rf"[{ARABIC}]+(?:[\s\u200c\u200d«»()\[\].,:;!؟،\-–0-9]*[{ARABIC}]+)*")
_LETTER = re.compile(rf"[{ARABIC}]")
_LATIN = re.compile(r"[A-Za-z]")
_TAGS = re.compile(r"<[^>]+>")


def bidi(value) -> Markup:
    """Escaped text with each Persian run in ``<bdi dir="auto" lang="fa">``."""
    if value is None:
        return Markup("")
    text = str(value)
    out, last = [], 0
    for m in _RUN.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(Markup('<bdi dir="auto" lang="fa">%s</bdi>') % m.group())
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def is_persian(value) -> bool:
    """Whether a text is mostly in Arabic script (its direction and language follow)."""
    text = str(value or "")
    return len(_LETTER.findall(text)) > len(_LATIN.findall(text))


def cite_marks(numbers) -> Markup:
    if not numbers:
        return Markup("")
    links = Markup(", ").join(Markup('<a href="#c%d">%d</a>') % (n, n) for n in numbers)
    return Markup('<sup class="cite">[%s]</sup>') % links


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("dadkhah.report", "templates"),
        autoescape=True,  # every template, whatever its name: ingested text is untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["bidi"] = bidi
    env.filters["cites"] = cite_marks
    env.tests["persian"] = is_persian
    return env


def render_html(dossier: Dossier) -> str:
    """The dossier as one self-contained HTML page (charts inline).

    Raises IntegrityError when a public dossier would still name a protected person."""
    template = environment().get_template(f"{dossier.kind}.html")
    page = template.render(d=dossier, s=dossier.sections, version=__version__)
    if dossier.redactor is not None:
        visible = html.unescape(_TAGS.sub(" ", page))
        dossier.redactor.check(visible, f"the public dossier of {dossier.subject_id}")
    return page


def render_pdf(page: str) -> bytes:
    """The HTML page as PDF (A4), fonts embedded."""
    try:
        import weasyprint
    except (ImportError, OSError) as err:  # a missing Pango or HarfBuzz library
        raise DadkhahError(f"PDF output needs WeasyPrint and its libraries: {err}") from err
    return weasyprint.HTML(string=page).write_pdf()
