"""The splitter's public record types and its small internal frozen types."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .facts import LineMemo

KINDS = ("article", "caption", "brief")


@dataclass(frozen=True)
class Article:
    """One article of a page. Line numbers are 1-based raw line numbers of the input.

    `jump` is the continuation marker printed with the story (`（下转第3版）`, `（上接第1版）`),
    kept so later work can link a story's parts across pages; its lines are `jump_lines`.
    """

    title: str
    body: str
    kicker: str = ""
    byline: str = ""
    kind: str = "article"
    line_start: int = 0
    line_end: int = 0
    title_lines: tuple[int, ...] = ()
    kicker_lines: tuple[int, ...] = ()
    byline_lines: tuple[int, ...] = ()
    body_lines: tuple[int, ...] = ()
    jump: str = ""
    jump_lines: tuple[int, ...] = ()

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Decision:
    """Why one line got its role: `line` is 1-based, `rule` names the rule or feature."""

    line: int
    text: str
    role: str
    rule: str


@dataclass(frozen=True)
class Page:
    """A split page: its articles in reading order, and the furniture lines left out of them.

    `decisions` is filled by `parse_page(text, explain=True)`: one per non-blank line.
    """

    articles: list[Article] = field(default_factory=list)
    furniture: list[tuple[int, str]] = field(default_factory=list)
    decisions: tuple[Decision, ...] = ()


# -- internal, between stages -------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """A run of lines: `text`, or `byline` (a byline or credit line of its own)."""

    kind: str
    lines: tuple[int, ...]  # 0-based raw line indices


@dataclass(frozen=True)
class Group:
    """A heading group: kicker block(s), main title block, optional `——` subtitle."""

    blocks: tuple[tuple[int, ...], ...]

    @property
    def lines(self) -> list[int]:
        return [i for b in self.blocks for i in b]


@dataclass(frozen=True)
class Segment:
    """One article body: its blocks (and sub-heading groups) in order, and its title group."""

    items: tuple[Block | Group, ...]
    title: Group | None = None

    def text_lines(self) -> list[int]:
        return [i for it in self.items if isinstance(it, Block) and it.kind == "text" for i in it.lines]


@dataclass(frozen=True)
class Ctx:
    """One page as every stage sees it: its lines, their facts, the options. Read-only."""

    raw: tuple[str, ...]  # normalised lines
    lines: tuple[str, ...]  # letter spacing closed up, OCR's half-width punctuation in Chinese mended: decide on these
    options: object  # SplitOptions (kept untyped here to avoid an import cycle)
    facts: dict = field(default_factory=dict)  # raw line index -> LineFacts, for facts already known
    text: tuple[str, ...] = ()  # letter spacing closed up, punctuation as printed: output these
    memo: LineMemo = field(default_factory=LineMemo)  # this page's answers per line text (same options)
