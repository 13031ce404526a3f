"""Labeled data: read the formats users have, and check a corpus before training on it.

Formats: JSONL (`text`, `label`, optional `title`, `id`, `article_id`, `label_name`), CSV with
`text` and `label` columns, TSV `text<TAB>label`, a folder per label of `.txt` files, or a folder
holding any of those files. `classify tag` output (JSONL or CSV) reads as it is: `body` stands for
`text`, its error records are skipped, and `label_field` picks another column as the label. A bad
row stops loading with its file and line, because a model silently trained on half a file is worse
than no model.

Several sources merge the way a base corpus and your corrections should: a later source overrides
an earlier one for the same article (same `article_id`, else the same text), and two rows of one
source that give the same article different labels are a conflict, reported with both lines.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError, InputError
from .read import read_text

DATA_SUFFIXES = (".jsonl", ".json", ".csv", ".tsv")
MAX_CHARS = 20000


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    title: str = ""
    id: str = ""
    source: str = ""
    line: int = 0
    article_id: str = ""
    label_name: str = ""

    @property
    def key(self) -> str:
        """What identifies the article across sources: its `article_id`, else its text's hash."""
        return self.article_id or article_id(self.text)

    @property
    def document(self) -> str:
        """What the classifier reads: the title, then the text."""
        return f"{self.title}\n{self.text}" if self.title else self.text


_NO_SPACE = re.compile(r"\s+")


def article_id(body: str) -> str:
    """A stable id for an article: sha256 of its body with line ends, full-width forms and all
    whitespace normalised away (16 hex digits), so a re-split or re-exported copy keeps its id."""
    from .normalize import normalize_line

    canon = _NO_SPACE.sub("", "".join(normalize_line(line) for line in body.split("\n")))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]


def _decode(path: Path) -> str:
    try:
        return read_text(path, max_bytes=None)
    except InputError as exc:
        raise DataError(str(path), None, exc.reason) from None


def _row(source: str, line: int, text: object, label: object, title: object = "", id_: object = "",
         strict: bool = True, article: object = "", label_name: object = "") -> Example | None:
    text = text.strip() if isinstance(text, str) else ""
    label = label.strip() if isinstance(label, str) else ""
    if not label:
        if strict:
            raise DataError(source, line, "row has no label; add a `label` value or remove the row")
        return None
    if not text:
        if strict:
            raise DataError(source, line, "row has empty text; add the article text or remove the row")
        return None
    return Example(text, label, title.strip() if isinstance(title, str) else "",
                   str(id_) if id_ not in (None, "") else "", source, line,
                   article.strip() if isinstance(article, str) else "",
                   label_name.strip() if isinstance(label_name, str) else "")


def _from_record(source: str, line: int, rec: dict, label_field: str, strict: bool = True) -> Example | None:
    """One row from a mapping: our training format, or a `classify tag` record (`body`)."""
    if rec.get("error") and not (rec.get("text") or rec.get("body")):
        return None  # a tag error record (an input that failed): not an article
    text = rec.get("text") if rec.get("text") not in (None, "") else rec.get("body")
    return _row(source, line, text, rec.get(label_field), rec.get("title", ""), rec.get("id", ""),
                strict, rec.get("article_id", ""), rec.get("label_name", ""))


def _read_jsonl(path: Path, label_field: str = "label") -> Iterable[Example]:
    source = str(path)
    for n, line in enumerate(_decode(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(source, n, f"is not valid JSON ({exc.msg}); fix or remove the line") from None
        if not isinstance(obj, dict):
            raise DataError(source, n, "is not a JSON object with `text` and `label`")
        yield _from_record(source, n, obj, label_field)


def _read_csv(path: Path, label_field: str = "label") -> Iterable[Example]:
    source = str(path)
    reader = csv.DictReader(io.StringIO(_decode(path), newline=""))
    fields = reader.fieldnames or []
    if not ({"text", "body"} & set(fields)) or label_field not in fields:
        raise DataError(source, 1, f"CSV header must have `text` (or `body`) and `{label_field}` "
                        f"columns (has {fields})")
    end = reader.line_num  # the header's last line
    for row in reader:
        start, end = end + 1, reader.line_num  # a quoted field may span lines: report the first
        yield _from_record(source, start, row, label_field)


def _read_tsv(path: Path) -> Iterable[Example]:
    source = str(path)
    for n, line in enumerate(_decode(path).split("\n"), 1):
        if not line.strip():
            continue
        text, tab, label = line.rpartition("\t")
        if not tab:
            raise DataError(source, n, "has no TAB; TSV rows are `text<TAB>label`")
        yield _row(source, n, text, label)


def _read_label_folders(root: Path) -> Iterable[Example]:
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(folder.rglob("*.txt")):
            yield _row(str(path), 1, _decode(path), folder.name)


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.exists():
        raise DataError(str(path), None, "does not exist; check the path")
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DATA_SUFFIXES)


def load_examples(paths: Sequence[str | os.PathLike[str]], label_field: str = "label") -> list[Example]:
    """Read every labeled example under `paths`, in a deterministic order. `label_field` names
    the JSONL key or CSV column holding the label (TSV and folders have their own)."""
    out: list[Example] = []
    for raw in paths:
        path = Path(raw)
        files = _files(path)
        if path.is_dir() and not files:
            if any(p.is_dir() for p in path.iterdir()):
                out.extend(_read_label_folders(path))
                continue
            raise DataError(str(path), None, "holds no .jsonl/.csv/.tsv files or label folders")
        for f in files:
            suffix = f.suffix.lower()
            # a .txt file named directly is read as TSV (`text<TAB>label`, as THUCNews ships)
            reader = {".jsonl": _read_jsonl, ".json": _read_jsonl, ".csv": _read_csv,
                      ".tsv": _read_tsv, ".txt": _read_tsv}.get(suffix)
            if reader is None:
                raise DataError(str(f), None, "unknown format; use .jsonl, .csv, .tsv or label folders")
            rows = reader(f, label_field) if reader in (_read_jsonl, _read_csv) else reader(f)
            out.extend(e for e in rows if e is not None)
    if not out:
        raise DataError(", ".join(map(str, paths)), None, "no labeled examples found")
    return out


@dataclass
class Merged:
    """Examples of several sources merged: what to train on, and what happened on the way."""

    examples: list[Example]
    conflicts: list[tuple[Example, Example]] = field(default_factory=list)
    duplicates: list[tuple[Example, Example]] = field(default_factory=list)
    overridden: list[tuple[Example, Example]] = field(default_factory=list)


def merge_sources(sources: Sequence[Sequence[Example]]) -> Merged:
    """Merge sources in order: a later source's row replaces an earlier source's row for the
    same article (`Example.key`); within one source a repeat with the same label is a duplicate
    (the first is kept) and one with another label is a conflict: neither label can be trusted,
    so the article is left out of that source and both rows are reported."""
    merged: dict[str, Example] = {}
    out = Merged([])
    for rows in sources:
        mine: dict[str, Example] = {}
        conflicted: set[str] = set()
        for e in rows:
            first = mine.get(e.key)
            if first is None:
                mine[e.key] = e
            elif first.label == e.label:
                out.duplicates.append((first, e))
            else:
                out.conflicts.append((first, e))
                conflicted.add(e.key)
        for key, e in mine.items():
            if key in conflicted:
                continue
            if key in merged:
                out.overridden.append((merged[key], e))
                del merged[key]  # the override takes the later source's place in the order
            merged[key] = e
    out.examples = list(merged.values())
    return out


def load_sources(paths: Sequence[str | os.PathLike[str]], label_field: str = "label") -> Merged:
    """`load_examples` per path, then `merge_sources` in the order given."""
    return merge_sources([load_examples([p], label_field) for p in paths])


def fingerprint(examples: Sequence[Example]) -> str:
    """sha256 over (label, title, text) in order: the same data gives the same fingerprint."""
    h = hashlib.sha256()
    for e in examples:
        for part in (e.label, e.title, e.text):
            h.update(part.encode("utf-8"))
            h.update(b"\x1f")
        h.update(b"\x1e")
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Checks

_SPACE = re.compile(r"\s+")


@dataclass
class CheckReport:
    counts: dict[str, int] = field(default_factory=dict)
    lengths: dict[str, int] = field(default_factory=dict)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unknown_labels: dict[str, int] = field(default_factory=dict)
    conflicts: list[tuple[str, str, str, str]] = field(default_factory=list)
    too_few: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.duplicates or self.near_duplicates or self.problems or self.conflicts
                    or self.too_few)

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "counts": self.counts,
            "lengths": self.lengths,
            "duplicates": [list(d) for d in self.duplicates],
            "near_duplicates": [list(d) for d in self.near_duplicates],
            "problems": self.problems,
            "unknown_labels": self.unknown_labels,
            "conflicts": [list(c) for c in self.conflicts],
            "too_few": self.too_few,
        }


def _where(e: Example) -> str:
    return f"{e.source}:{e.line}" + (f" ({e.id})" if e.id else "")


def _shingles(text: str, n: int = 8) -> set[str]:
    s = _SPACE.sub("", text)
    return {s[i:i + n] for i in range(max(1, len(s) - n + 1))}


def near_duplicate_pairs(texts: Sequence[str], threshold: float = 0.5, n: int = 8) -> list[tuple[int, int, float]]:
    """Pairs with character n-gram Jaccard above `threshold`, found through shared shingles
    (an inverted index), so a corpus of thousands is checked in seconds, not hours."""
    sets = [_shingles(t, n) for t in texts]
    index: dict[str, list[int]] = {}
    for i, s in enumerate(sets):
        for g in s:
            index.setdefault(g, []).append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for ids in index.values():
        if len(ids) > 200:  # boilerplate shingle: too common to be evidence
            continue
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                shared[(ids[a], ids[b])] += 1
    out = []
    for (a, b), inter in sorted(shared.items()):
        union = len(sets[a]) + len(sets[b]) - inter
        jac = inter / union if union else 0.0
        if jac > threshold:
            out.append((a, b, jac))
    return out


def exact_duplicates(examples: Sequence[Example]) -> tuple[list[tuple[Example, Example]], list[Example]]:
    """(pairs of (first, repeat) with the same text ignoring whitespace, the unique examples)."""
    first: dict[str, Example] = {}
    pairs = []
    for e in examples:
        key = _SPACE.sub("", e.text)
        if key in first:
            pairs.append((first[key], e))
        else:
            first[key] = e
    return pairs, list(first.values())


# Fewer examples than this of a label: 5-fold cross-validation then holds out at most 2 per fold,
# so neither its scores nor its calibration mean anything yet.
MIN_PER_LABEL = 10


def check_examples(paths: Sequence[str | os.PathLike[str]], known_labels: Sequence[str] | None = None,
                   max_chars: int = MAX_CHARS, min_per_label: int = MIN_PER_LABEL,
                   label_field: str = "label") -> CheckReport:
    """Counts (each label needs `min_per_label`), lengths, duplicates, conflicts (one text, two
    labels), near-duplicates, empty or over-long rows; with `known_labels`, labels outside them.
    Any label set is fine: a corpus's labels are its own."""
    report = CheckReport()
    examples: list[Example] = []
    for raw in paths:
        for f in (_files(Path(raw)) if Path(raw).exists() else [Path(raw)]):
            try:
                examples.extend(load_examples([f], label_field))
            except DataError as exc:
                report.problems.append(str(exc))
                examples.extend(_load_lenient(f, label_field))
    report.counts = dict(sorted(Counter(e.label for e in examples).items()))
    lengths = sorted(len(e.text) for e in examples)
    if lengths:
        def q(p: float) -> int:
            return lengths[min(len(lengths) - 1, int(p * len(lengths)))]
        report.lengths = {"min": lengths[0], "p10": q(0.1), "median": q(0.5), "p90": q(0.9),
                          "max": lengths[-1]}
    for e in examples:
        if len(e.text) > max_chars:
            report.problems.append(f"{_where(e)}: text is {len(e.text)} characters, over {max_chars}; "
                                   "split it into articles")
    if known_labels is not None:
        unknown = Counter(e.label for e in examples if e.label not in set(known_labels))
        report.unknown_labels = dict(sorted(unknown.items()))
        for label, count in report.unknown_labels.items():
            report.problems.append(f"label {label!r} ({count} rows) is not one of {sorted(known_labels)}")
    report.too_few = {lab: n for lab, n in report.counts.items() if n < min_per_label}
    for label, count in report.too_few.items():
        report.problems.append(f"label {label!r} has {count} rows, under --min-per-label {min_per_label}; "
                               "add examples or merge it into another label")
    pairs, unique = exact_duplicates(examples)
    for a, b in pairs:
        if a.label != b.label:
            report.conflicts.append((_where(a), a.label, _where(b), b.label))
        else:
            report.duplicates.append((_where(a), _where(b)))
    for a, b, jac in near_duplicate_pairs([e.text for e in unique]):
        report.near_duplicates.append((_where(unique[a]), _where(unique[b]), round(jac, 3)))
    return report


def _load_lenient(path: Path, label_field: str = "label") -> list[Example]:
    """Rows of a file that has bad rows, skipping them, so the rest can still be checked."""
    if path.suffix.lower() not in (".jsonl", ".json"):
        return []
    out = []
    try:
        text = _decode(path)
    except DataError:
        return []
    for n, line in enumerate(text.split("\n"), 1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict):
            e = _from_record(str(path), n, obj, label_field, strict=False)
            if e is not None:
                out.append(e)
    return out


def read_display_names(path: str | os.PathLike[str]) -> dict[str, str]:
    """Display names for labels from a JSON object (`{"label": "名称"}`) or a CSV/TSV file with
    `label` and `name` columns."""
    p = Path(path)
    text = _decode(p)
    if p.suffix.lower() == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(str(p), None, f"is not valid JSON ({exc.msg}); write {{\"label\": \"名称\"}}") from None
        if not isinstance(obj, dict) or not all(isinstance(v, str) for v in obj.values()):
            raise DataError(str(p), None, "must be a JSON object of label -> display name")
        return {str(k).strip(): v.strip() for k, v in obj.items() if v.strip()}
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if p.suffix.lower() == ".tsv" else ",")
    if not {"label", "name"} <= set(reader.fieldnames or []):
        raise DataError(str(p), 1, f"needs `label` and `name` columns (has {reader.fieldnames})")
    return {r["label"].strip(): r["name"].strip() for r in reader if r.get("label") and r.get("name")}


def display_names_from_rows(examples: Sequence[Example]) -> dict[str, str]:
    """Display names from a `label_name` column: each label's most common name, unless that name
    is also another label's (as in `classify tag` output where a person changed `label` but not
    `label_name`): then the column says nothing reliable about either label."""
    by_label: dict[str, Counter[str]] = {}
    for e in examples:
        if e.label_name:
            by_label.setdefault(e.label, Counter())[e.label_name] += 1
    best = {lab: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for lab, c in by_label.items()}
    uses = Counter(best.values())
    return {lab: name for lab, name in sorted(best.items()) if uses[name] == 1}
