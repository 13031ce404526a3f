"""Stage 2: the role of each line.

Roles (`ROLES`) are what a line is on the printed page:

========== ===========================================================================
title      the main headline (主题), one or more lines
pretitle   the line above the headline (引题); the article's `kicker`
subtitle   the line under the headline (副题, usually `——…`); joins the title as 主题——副题
kicker     a region or column label (`东昌府区`, `记者手记`); the article's `kicker`
byline     a reporter's line of its own (`■ 本报记者 …`, `记者 胡杨 曾莉`, `文/… 图/…`)
credit     a photo or sign-off credit of its own (`… 摄`, `（杨帆）`)
body       running text (a line that opens with `本报讯（记者 …）` is body: it holds text)
subheading a heading inside a story (小标题)
caption    the text of a photo caption
jump       a continuation marker (`（下转第3版）`, `（上接第1版）`)
furniture  page furniture: mastheads, dates, page names and numbers, editor lines
box        a data box or side bar label (`【数说】`)
========== ===========================================================================

The rule stage decides here only what a line shows by itself (furniture, jump, byline); the
rest is `body` until the block stages look at the lines around it. A learned tagger, when given,
decides every role at once instead: any object with `predict_roles(facts) -> list[str]` (one
role from `ROLES` per `LineFacts`) will do. The tagger does its own constrained decoding (every
article has a body, at most one title group per article); `articles.from_roles` builds the
articles from its roles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from . import _patterns as P
from .facts import LineFacts
from .options import DEFAULT, SplitOptions

ROLES = ("title", "pretitle", "subtitle", "kicker", "byline", "credit", "body", "subheading", "caption",
         "jump", "furniture", "box")


@runtime_checkable
class Tagger(Protocol):
    """A line-role model: one role from `ROLES` per line fact, decoded under its own constraints."""

    def predict_roles(self, facts: Sequence[LineFacts]) -> list[str]: ...


@dataclass(frozen=True)
class Role:
    """A role and the rule (or feature, or `tagger`) that decided it."""

    role: str
    rule: str


def rule_furniture(f: LineFacts) -> Role | None:
    """Furniture is recognised by shape alone (date line, editor line, masthead at the page
    edge, page number, rule line); the fact names the matching shape."""
    return Role("furniture", f"furniture.{f.furniture}") if f.furniture else None


def rule_jump(f: LineFacts) -> Role | None:
    """`（下转第3版）` / `（上接第1版）` on a line of its own is a continuation marker: it belongs
    to the story it continues, not to its text."""
    return Role("jump", "jump_marker") if f.jump else None


def rule_byline(f: LineFacts) -> Role | None:
    """A line of roles and names only (`■ 本报记者 苑莘`, `记者 胡杨 曾莉`, `文/… 图/…`) is a
    byline: it is never a headline, however short it is."""
    return Role("byline", "byline_line") if f.byline_line else None


LOCAL_RULES = (rule_furniture, rule_jump, rule_byline)


def header_lines(facts: Sequence[LineFacts], options: SplitOptions = DEFAULT) -> set[int]:
    """The page header (or footer): the first (last) run of lines without a blank, when it holds
    a date or editor line. Its other short lines are section names (`深 读`).

    Returns 0-based positions into `facts`."""
    out: set[int] = set()
    if not facts:
        return out
    for order in (range(len(facts)), range(len(facts) - 1, -1, -1)):
        run: list[int] = []
        for p in order:
            if run and (abs(facts[p].index - facts[run[-1]].index) != 1 or len(run) >= options.header_run_max):
                break
            run.append(p)
        if any(facts[p].furniture in ("date_line", "editor_line") for p in run):
            # section names (`深 读`, `城事`) have no figures; `今起至6月30日` is a headline's pretitle
            out.update(p for p in run if len(facts[p].text.replace(" ", "")) <= options.header_name_max_chars
                       and not facts[p].ends_sentence and "，" not in facts[p].text
                       and (facts[p].furniture or not facts[p].digits))
    return out


def rule_roles(facts: Sequence[LineFacts], options: SplitOptions = DEFAULT) -> list[Role]:
    """Roles every line shows by itself; the rest stay `body` for the block stages to refine."""
    header = header_lines(facts, options)
    out: list[Role] = []
    for p, f in enumerate(facts):
        role = _HEADER_RUN if p in header else None
        if role is None:
            for rule in LOCAL_RULES:
                role = rule(f)
                if role is not None:
                    break
        out.append(role or _DEFAULT)
    return out


# the two roles most lines get, made once (a Role is frozen: one instance serves every line)
_HEADER_RUN = Role("furniture", "furniture.header_run")
_DEFAULT = Role("body", "default")


def line_roles(facts: Sequence[LineFacts], options: SplitOptions = DEFAULT,
               tagger: Tagger | None = None) -> list[Role]:
    """One role per line fact: from the tagger when one is given, else from the rules."""
    if tagger is None:
        return rule_roles(facts, options)
    roles = list(tagger.predict_roles(facts))
    if len(roles) != len(facts):
        raise ValueError(f"the tagger returned {len(roles)} roles for {len(facts)} lines; "
                         "it must return one role per LineFacts")
    bad = sorted({r for r in roles if r not in ROLES})
    if bad:
        raise ValueError(f"the tagger returned unknown roles {bad}; use names from classify.split.ROLES")
    return [Role(r, "tagger") for r in roles]


def kicker_role(text: str) -> str:
    """A kicker line is a `kicker` when it is a region or column label, else a `pretitle`."""
    compact = text.replace(" ", "")
    return "kicker" if P.REGION.match(compact) or P.COLUMN_KICKER.match(compact) else "pretitle"


def byline_role(text: str) -> str:
    """A byline or credit line of its own: `credit` for a photo credit (`… 摄`) or a bracketed
    sign-off (`（杨帆）`), which credit what is printed above them; `byline` for the rest."""
    s = text.strip()
    return "credit" if "摄" in s or (s[:1] in "（(" and s[-1:] in "）)") else "byline"
