"""The stages in order: facts -> roles -> blocks -> segments -> titles -> articles."""

from __future__ import annotations

from collections.abc import Sequence

from ..normalize import split_lines, unspace_letters
from ._types import Article, Block, Ctx, Decision, Group, Page, Segment
from .articles import attach_jumps, build_article
from .blocks import blocks_from_roles, build_blocks
from .facts import Layout, LineFacts, LineMemo, mend_punctuation, page_facts
from .options import DEFAULT, SplitOptions
from .roles import Role, Tagger, byline_role, kicker_role, line_roles
from .segments import cut_segments, is_forced_right
from .titles import assign_titles


def _context(text: str, options: SplitOptions,
             layouts: Sequence[Layout] | None = None) -> tuple[Ctx, list[LineFacts]]:
    raw = split_lines(text)
    if layouts is not None and len(layouts) != len(raw):
        raise ValueError(f"got {len(layouts)} layouts for {len(raw)} lines; give one per line of the text")
    shown = tuple(unspace_letters(line) for line in raw)
    mended = tuple(mend_punctuation(line) for line in shown)
    memo = LineMemo(options)
    facts = page_facts(raw, mended, options, layouts, memo)
    ctx = Ctx(tuple(raw), mended, options, {f.index: f for f in facts}, shown, memo)
    return ctx, facts


def parse_page(text: str, explain: bool = False, tagger: Tagger | None = None,
               options: SplitOptions | None = None, layouts: Sequence[Layout] | None = None) -> Page:
    """Split a page and keep its furniture: use this when every line must be accounted for.

    With `explain=True` the page's `decisions` give each non-blank line its role and the rule
    (or feature, or `tagger`) that decided it. With a `tagger`, its line roles replace the rules'.
    `layouts` (one `Layout` per line of `text`, from a PDF reader) add what the page's layout
    shows, such as a headline's larger font; without them the text alone decides.
    """
    options = options or DEFAULT
    ctx, facts = _context(text, options, layouts)
    positions = [f.index for f in facts]
    roles = line_roles(facts, options, tagger)
    notes: dict[int, str] = {}
    if tagger is None:
        blocks = build_blocks(ctx, positions, roles)
    else:
        blocks = blocks_from_roles(ctx, positions, [r.role for r in roles])
    cut = cut_segments(ctx, blocks)
    forced = [is_forced_right(ctx, g, set(cut.forced)) for g in cut.seq if isinstance(g, Group)]
    segs, title_notes = assign_titles(ctx, cut.seq, forced)
    if not segs:
        # A page of headings only: each group is read as a short item of its own.
        segs = [Segment((Block("text", tuple(g.lines)),)) for g in cut.seq if isinstance(g, Group)]
    furniture, jumps = blocks.furniture, blocks.jumps
    if tagger is None:
        notes.update(blocks.notes)
        notes.update(cut.notes)
        notes.update(title_notes)
    articles = [build_article(ctx, s) for s in segs]
    articles.sort(key=lambda a: (min(a.body_lines or (a.line_start,)), a.line_start))
    articles = attach_jumps(articles, jumps, ctx.raw)
    decisions: tuple[Decision, ...] = ()
    if explain:
        decisions = _decisions(ctx, articles, furniture, roles, positions, notes, segs)
    return Page(articles, [(i + 1, ctx.raw[i]) for i in furniture], decisions)


def _decisions(ctx: Ctx, articles: list[Article], furniture: tuple[int, ...], roles: list[Role],
               positions: list[int], notes: dict[int, str], segs: list[Segment]) -> tuple[Decision, ...]:
    """Each line's final role, read off the output, and the rule that decided it."""
    final: dict[int, str] = {i: "furniture" for i in furniture}
    heads = {i for s in segs for it in s.items if isinstance(it, Group) for i in it.lines}
    for a in articles:
        for n in a.title_lines:
            final[n - 1] = "subtitle" if _is_sub(ctx, a, n) else "title"
        for n in a.kicker_lines:
            final[n - 1] = kicker_role(ctx.lines[n - 1])
        for n in a.byline_lines:
            final[n - 1] = byline_role(ctx.lines[n - 1])
        for n in a.body_lines:
            i = n - 1
            final[i] = "subheading" if i in heads else ("caption" if a.kind == "caption" else "body")
        for n in a.jump_lines:
            final[n - 1] = "jump"
    rule_of = {i: r.rule for i, r in zip(positions, roles, strict=True)}
    return tuple(Decision(i + 1, ctx.raw[i], final.get(i, "body"), notes.get(i) or rule_of.get(i, "default"))
                 for i in positions)


def _is_sub(ctx: Ctx, a: Article, n: int) -> bool:
    """A title line at or after the first `——` line is the subtitle."""
    seen = False
    for m in a.title_lines:
        seen = seen or ctx.lines[m - 1].startswith(("——", "—", "--"))
        if m == n:
            return seen
    return False


def split_page(text: str) -> list[Article]:
    """Split the raw text of one newspaper page into its articles, in reading order."""
    return parse_page(text).articles


def whole_article(text: str) -> Article:
    """The whole text as one article (`classify tag --whole`, or an article file given to the
    summarizer): column breaks mended, bylines, credits and page furniture taken out, headings
    kept as paragraphs. No title is guessed."""
    ctx, facts = _context(text, DEFAULT)
    positions = [f.index for f in facts]
    blocks = build_blocks(ctx, positions, line_roles(facts, DEFAULT))
    if not blocks.items:
        return Article(title="", body="")
    return build_article(ctx, Segment(tuple(blocks.items)))
