"""Split the raw text of a newspaper page into articles.

PDF and OCR extraction leave a page as lines cut at the column width, with blank lines wherever a
column ended, even mid-sentence, and with headlines often printed *after* their article. So the
splitter never trusts a single line break or blank line. It runs in stages, each a pure function
over small frozen types, each in its own module:

1. **Line facts** (`facts.line_facts`): per non-blank line, what can be read off it and its
   neighbours: width against the local column, punctuation, digits, byline/opener/credit/jump/
   furniture matches, letter spacing, blank lines around it, position on the page.
2. **Line roles** (`roles.line_roles`): the rules decide what a line shows by itself (furniture,
   jump, byline); a learned tagger, when given, decides every role.
3. **Blocks** (`blocks`): runs of lines between blank lines, cut at bylines, openers and
   credits; short unpunctuated blocks after a finished sentence become heading groups.
4. **Segments** (`segments`): the text is cut into article bodies at strong signals; a heading
   with no such signal is a sub-heading.
5. **Titles** (`titles`): each heading group goes to the body before or after it, solved for the
   whole page at once (linear dynamic programme) so the direction stays consistent.
6. **Articles** (`articles`): titles, kickers, bylines, jumps and bodies assembled, paragraphs
   rebuilt.

Every non-blank input line ends up in exactly one place: an article's title, kicker, byline,
jump or body, or the page's furniture. Thresholds live in `options.SplitOptions` (each with its
reason); words and patterns in `_patterns`.

The facts API (stable; a learned tagger builds on it)
-----------------------------------------------------
- `line_facts(lines, options=DEFAULT, layouts=None) -> list[LineFacts]`: `lines` from
  `normalize.split_lines(text)`; one `LineFacts` per non-blank line, in page order;
  `LineFacts.index` is the 0-based raw line number.
- `LineFacts.features() -> dict[str, float | str | bool]`: a flat feature dict (the rules'
  facts; layout fields only when known, so text input has none of them).
- `ROLES`: the role names (see `roles`). `Tagger`: any object with
  `predict_roles(facts) -> list[str]`, one role per fact, decoded under its own constraints.
- `parse_page(text, explain=False, tagger=None, options=None) -> Page`; with `explain=True`
  `Page.decisions` holds per non-blank line its role and the rule that decided it.
- `gold_roles(lines, gold_articles) -> list[str]`: the role of each non-blank line derived from
  a gold page's fields (for training and for the per-role confusion of `classify evaluate`).
"""

from __future__ import annotations

from ._pipeline import parse_page, split_page, whole_article
from ._types import KINDS, Article, Decision, Page
from .facts import Layout, LineFacts, line_facts
from .gold import gold_roles
from .options import SplitOptions
from .roles import ROLES, Tagger, line_roles

__all__ = [
    "KINDS", "ROLES", "Article", "Decision", "Layout", "LineFacts", "Page", "SplitOptions", "Tagger",
    "gold_roles", "line_facts", "line_roles", "parse_page", "split_page", "whole_article",
]
