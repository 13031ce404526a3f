"""Digests for people: one self-contained HTML page and a Chinese Markdown digest of an issue.

Both read the records of `classify tag` (so they work from a saved JSONL as well as straight
from tagging) and show each story once: the joined article of a continued story stands for its
parts, and a front-page teaser is shown as a mark on the article it announces. Jinja2 is
imported only when an HTML digest is written.
"""

from __future__ import annotations

from ._items import DigestItem, digest_items
from ._markdown import MarkdownWriter
from ._writer import HtmlWriter, render_html

__all__ = ["DigestItem", "digest_items", "HtmlWriter", "MarkdownWriter", "render_html"]
