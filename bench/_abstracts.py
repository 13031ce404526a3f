"""Shared by bench/abstract_faults.py and bench/judging/: the articles, the four systems and the
mechanical-fault check.

Systems, each under a 120-character budget (at most 3 sentences):

* `ours-new`: `classify.summarize` from this checkout (default parameters, unfitted);
* `ours-0.1`: `classify.summarize` of release 0.1.0 (the code is taken with `git archive
  RELEASE_0_1 classify` into a temporary directory and run in a subprocess, so nothing of this checkout is
  mixed in; `--baseline-ref` picks another ref);
* `lead`: the article's leading sentences while they fit;
* `textrank4zh`: the optional backend (`classify.summarizers.textrank4zh_backend`).

`within_budget` cuts any candidate still over 120 characters (a first sentence longer than the
budget is taken whole by every system) at its last clause mark before the limit and ends it on
`……`, the same for every system, so judges compare texts of the same length limit.

Articles are read by path at run time from ../shared/datasets (never copied into the repository).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from classify.bylines import strip_bylines  # noqa: E402
from classify.sentences import split_sentences  # noqa: E402
from classify.summarizers import _language as lang  # noqa: E402

MAX_CHARS = 120
MAX_SENTENCES = 3
SYSTEMS = ("ours-new", "ours-0.1", "lead", "textrank4zh")
FAULTS = ("dangling opener", "cut quote", "markup", "unfinished end", "byline inside",
          "list item without lead-in", "leftover", "list cut open")



# the commit of release 0.1.0, whose summarizer is the `ours-0.1` baseline (a branch name would move)
RELEASE_0_1 = "9090e38ab5ae359ff6dad0a0487cb86cc8563fa5"

def shared(name: str) -> Path:
    """../shared/datasets/NAME from the main checkout, or two levels up from a worktree."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared/datasets" / name).is_dir():
            return base / "shared/datasets" / name
    return ROOT.parent / "shared/datasets" / name


# ---------------------------------------------------------------------------------------------
# Articles


def lcsts_sources(directory: Path) -> list[str]:
    lines = (directory / "test.src.txt").read_text("utf-8").split("\n")
    return [s.strip() for s in lines if s.strip()]


def clts_articles(directory: Path) -> list[tuple[str, str]]:
    from rouge import load_clts

    return [(name, article) for name, article, _ in load_clts(directory)]


def page_articles(directory: Path) -> list[tuple[str, str]]:
    """Articles of our own test pages (tests/pages/*.txt), split by classify."""
    from classify.read import read_text
    from classify.split import split_page

    out = []
    for path in sorted(directory.glob("*.txt")):
        for k, article in enumerate(split_page(read_text(path)), 1):
            body = article.body.strip()
            if len(body) >= 150:
                out.append((f"pages/{path.stem}#{k}", body))
    return out


# ---------------------------------------------------------------------------------------------
# Systems


def within_budget(text: str, max_chars: int = MAX_CHARS) -> str:
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars - 2]
    mark = max(cut.rfind(m) for m in "，。；！？、")
    if mark >= max_chars // 2:
        cut = cut[:mark]
    return cut + "……"


def lead(text: str) -> str:
    picked: list[str] = []
    used = 0
    for s in split_sentences(strip_bylines(text))[:MAX_SENTENCES]:
        if picked and used + len(s) > MAX_CHARS:
            break
        picked.append(s)
        used += len(s)
    return "".join(picked)


def ours_new(texts: Sequence[str]) -> list[str]:
    from classify.summarizers import summarize

    return [summarize(t, max_chars=MAX_CHARS, max_sentences=MAX_SENTENCES).text for t in texts]


def textrank4zh(texts: Sequence[str]) -> list[str]:
    from classify.summarizers import textrank4zh_backend

    return [textrank4zh_backend.summarize(t, max_chars=MAX_CHARS, max_sentences=MAX_SENTENCES).text
            for t in texts]


_BASELINE_SCRIPT = f"""
import json, sys
from classify.summarizers import summarize
texts = json.load(sys.stdin)
json.dump([summarize(t, max_chars={MAX_CHARS}, max_sentences={MAX_SENTENCES}).text for t in texts],
          sys.stdout)
"""


@contextlib.contextmanager
def release_package(ref: str) -> Iterator[str]:
    """A temporary directory holding the `classify` package of git ref `ref` (from `git archive`,
    so nothing of this checkout is mixed in); put it on PYTHONPATH to run that release."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", ref], check=True,
                            capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="classify-baseline-") as tmp:
        archive = Path(tmp) / "src.tar"
        subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), commit, "classify"],
                       check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        yield tmp


def run_package(package: str, script: str, payload: str) -> str:
    """What `script` prints when run in a fresh process on the `classify` package at `package`
    (a checkout, or a `release_package` directory), with `payload` on its stdin."""
    env = dict(os.environ, PYTHONPATH=package, PYTHONHASHSEED="0")
    return subprocess.run([sys.executable, "-c", script], input=payload, env=env, cwd=package,
                          check=True, capture_output=True, text=True).stdout


def interleaved(ref: str, timer: str, payload: str, rounds: int,
                each: Callable[[int, float, float], None] | None = None) -> tuple[list[float], list[float], list[float]]:
    """`timer` (a script that prints a time as its last line) run `rounds` times on this
    checkout and on git `ref`'s package, one fresh process each, one right after the other so
    that both see the same machine load: (this checkout's times, the ref's, per-round ratios).
    `each(round, mine, theirs)` is told every round as it ends."""
    mine: list[float] = []
    theirs: list[float] = []
    with release_package(ref) as tmp:
        for r in range(rounds):
            m = float(run_package(str(ROOT), timer, payload).strip().splitlines()[-1])
            t = float(run_package(tmp, timer, payload).strip().splitlines()[-1])
            mine.append(m)
            theirs.append(t)
            if each is not None:
                each(r, m, t)
    return mine, theirs, [m / t for m, t in zip(mine, theirs, strict=True)]


def baseline(texts: Sequence[str], ref: str = RELEASE_0_1) -> list[str]:
    """`classify.summarize` as on git ref `ref`, run from an archive of that ref's package."""
    with release_package(ref) as tmp:
        return json.loads(run_package(tmp, _BASELINE_SCRIPT, json.dumps(list(texts))))


def systems(baseline_name: str = "ours-0.1") -> tuple[str, ...]:
    """The four systems, the baseline under the name the packets give it."""
    return tuple(baseline_name if s == "ours-0.1" else s for s in SYSTEMS)


def run_all(texts: Sequence[str], baseline_ref: str = RELEASE_0_1,
            baseline_name: str = "ours-0.1") -> dict[str, list[str]]:
    """Every system's abstract of every text, cut to the budget; the baseline (the summarizer of
    git `baseline_ref`) is named `baseline_name`."""
    out = {
        "ours-new": ours_new(texts),
        baseline_name: baseline(texts, baseline_ref),
        "lead": [lead(t) for t in texts],
        "textrank4zh": textrank4zh(texts),
    }
    return {name: [within_budget(a) for a in abstracts] for name, abstracts in out.items()}


def digest(texts: Sequence[str]) -> str:
    return hashlib.sha256("\n\x00".join(texts).encode()).hexdigest()[:12]


# ---------------------------------------------------------------------------------------------
# Faults


def _norm(s: str) -> str:
    return "".join(ch for ch in s if ch.isalnum())


def faults(abstract: str, source: str) -> list[str]:
    """The mechanical faults of one abstract of `source` (empty list: none).

    Sentences of the abstract are found among the source's sentences (in order) so that a
    dependent sentence or a list item counts as a fault only when the sentence right before it
    in the source is not right before it in the abstract.
    """
    found: list[str] = []
    text = abstract.strip()
    if not text:
        return found
    parts = split_sentences(text)
    raw = [lang.clean_markup(s) for s in split_sentences(strip_bylines(source))]
    src = [_norm(s) for s in raw]
    where: list[int] = []
    cursor = 0
    for p in parts:
        key = _norm(p.rstrip("…"))
        hit = next((j for j in range(cursor, len(src)) if key and (key == src[j] or key in src[j])), -1)
        where.append(hit)
        if hit >= 0:
            cursor = hit + 1
    def follows(k: int) -> bool:
        return k > 0 and where[k] >= 0 and where[k - 1] == where[k] - 1

    heads = [lang.clean_markup(p) or p for p in parts]
    if any((lang.is_dependent(h) or lang.points_back(h)) and not lang.is_list_item(h) and not follows(k)
           for k, h in enumerate(heads)):
        found.append("dangling opener")
    if lang.quote_balance(text) != 0 or any(lang.starts_with_stray_close(p) for p in parts):
        found.append("cut quote")
    if lang.VISIBLE_MARKUP.search(text):
        found.append("markup")
    if text.rstrip(lang.CLOSE_QUOTES + "）)")[-1:] in lang.UNFINISHED_ENDS:
        found.append("unfinished end")
    if lang.BYLINE_INSIDE.search(text) or any(lang.is_credit(p) for p in parts):
        found.append("byline inside")
    if any(lang.is_list_item(h) and not follows(k) for k, h in enumerate(heads)):
        found.append("list item without lead-in")
    # what is left of the page around the text: an empty pair of quotes, a headline glued to the
    # first sentence, an author's credit, a heading standing as a sentence
    if lang.EMPTY_QUOTES.search(text) or lang.has_glued_title(heads[0]) \
            or any(lang.names_author(p) or lang.is_noun_heading(p) for p in parts):
        found.append("leftover")
    # the abstract stops inside a list: its last sentence is an item (or the lead-in with the
    # first item), cut at the budget or followed in the source by the next item
    last = where[-1]
    if last >= 0 and (lang.is_list_item(heads[-1]) or lang.opens_a_list(heads[-1])) \
            and (text.endswith("…") or (last + 1 < len(raw) and lang.is_list_item(raw[last + 1]))):
        found.append("list cut open")
    return found
