"""mkdocs hook: the pages' TeX becomes MathML at build time (offline, no JavaScript).

``pymdownx.arithmatex`` (configured ``generic: true`` in mkdocs.yml) keeps ``$...$`` and
``$$...$$`` away from Markdown, so ``r_{PV}`` is not turned into emphasis, and leaves them as
``<span class="arithmatex">\\(...\\)</span>`` and ``<div class="arithmatex">\\[...\\]</div>``.
This hook converts each one with ``latex2mathml`` into a ``<math>`` element, which browsers
lay out natively (MathML Core: Chromium 109+, Firefox, Safari): nothing is downloaded when the
site is built or read.

A formula that does not convert cleanly (a TeX error, a command latex2mathml does not know and
would print as text, or an element outside MathML Core that browsers would not lay out) is a
warning naming the page and the formula, so ``mkdocs build --strict`` fails on it; the page
shows the TeX as code. ``tests/test_docs_render.py`` checks every formula in docs/ with
:func:`tex_to_mathml` and renders a page in headless Chromium.
"""

from __future__ import annotations

import html
import logging
import re
import xml.etree.ElementTree as ET

import latex2mathml.converter

log = logging.getLogger("mkdocs.hooks.mathml")

# The elements of MathML Core (https://www.w3.org/TR/mathml-core/): what browsers lay out.
MATHML_CORE = frozenset({
    "math", "semantics", "annotation", "annotation-xml", "merror", "mfrac", "mi",
    "mmultiscripts", "mn", "mo", "mover", "mpadded", "mphantom", "mprescripts", "none", "mroot",
    "mrow", "ms", "mspace", "msqrt", "mstyle", "msub", "msubsup", "msup", "mtable", "mtd",
    "mtext", "mtr", "munder", "munderover",
})

# arithmatex's generic output; the TeX inside is HTML-escaped, so it holds no "<".
ARITHMATEX = re.compile(
    r'(?P<head><(?P<tag>span|div) class="arithmatex">)\s*(?:\\\((?P<inline>.*?)\\\)'
    r"|\\\[(?P<block>.*?)\\\])\s*(?P<tail></(?P=tag)>)", re.S)

_LENGTH = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)(em|ex|px|pt|%)?$")


class MathError(ValueError):
    """A formula that does not convert to MathML Core."""


def tex_to_mathml(tex: str, display: bool = False) -> str:
    r"""MathML Core for one TeX formula.

    Parameters
    ----------
    tex : str
        The formula, without its ``$`` delimiters.
    display : bool
        A display formula (``$$...$$``, a block of its own) rather than inline.

    Returns
    -------
    str
        One ``<math>`` element.

    Raises
    ------
    MathError
        latex2mathml fails; or a command it does not know is left as text (a backslash in
        the output, e.g. ``\_`` inside ``\text``); or an element, a named space or a
        ``mathvariant`` outside MathML Core, which browsers would not lay out.

    Examples
    --------
    >>> tex_to_mathml("r_{PV}")[:60]
    '<math xmlns="http://www.w3.org/1998/Math/MathML" display="in'
    """
    source = " ".join(tex.split())
    try:
        out = latex2mathml.converter.convert(source, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises several unrelated exception types
        raise MathError(f"latex2mathml cannot convert '{source}': {exc!r}") from exc
    for el in ET.fromstring(out).iter():
        name = el.tag.rpartition("}")[2]
        if name not in MATHML_CORE:
            raise MathError(f"<{name}> from '{source}' is not MathML Core: browsers skip it")
        if "\\" in (el.text or ""):
            raise MathError(f"'{el.text}' left as text in '{source}': not a command "
                            "latex2mathml knows (inside \\text{}, write no escapes)")
        width = el.get("width")
        if name == "mspace" and width is not None and not _LENGTH.match(width):
            raise MathError(f"named space {width!r} from '{source}' is not MathML Core "
                            "(drop \\! and similar)")
        variant = el.get("mathvariant")
        if variant is not None and variant != "normal":
            raise MathError(f"mathvariant={variant!r} from '{source}' is not MathML Core: "
                            "use \\mathrm, \\text or plain letters")
    return out


def render_math(page_html: str) -> tuple[str, list[str]]:
    """Replace arithmatex's output in a page by MathML.

    Returns the new HTML and the error messages (the failed formulas are left as code).
    """
    errors: list[str] = []

    def replace(m: re.Match) -> str:
        display = m.group("block") is not None
        tex = html.unescape(m.group("block") if display else m.group("inline"))
        try:
            math = tex_to_mathml(tex, display=display)
        except MathError as exc:
            errors.append(str(exc))
            math = f'<code class="math-error">{html.escape(tex)}</code>'
        return m.group("head") + math + m.group("tail")

    return ARITHMATEX.sub(replace, page_html), errors


def on_page_content(page_html: str, page, **kwargs) -> str:
    """mkdocs event: convert the page's formulas (docstrings included) to MathML."""
    out, errors = render_math(page_html)
    for message in errors:
        log.warning("%s: %s", page.file.src_uri, message)
    return out
