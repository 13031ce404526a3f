"""Labeled data: read the formats users have, and check a corpus before training on it.

Formats: JSONL (`text`, `label`, optional `title`, `id`), CSV with `text` and `label` columns,
TSV `text<TAB>label`, a folder per label of `.txt` files, or a folder holding any of those files.
A bad row stops loading with its file and line, because a model silently trained on half a file
is worse than no model.
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

    @property
    def document(self) -> str:
        """What the classifier reads: the title, then the text."""
        return f"{self.title}\n{self.text}" if self.title else self.text


def _decode(path: Path) -> str:
    try:
        return read_text(path, max_bytes=None)
    except InputError as exc:
        raise DataError(str(path), None, exc.reason) from None


def _row(source: str, line: int, text: object, label: object, title: object = "", id_: object = "",
         strict: bool = True) -> Example | None:
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
                   str(id_) if id_ not in (None, "") else "", source, line)


def _read_jsonl(path: Path) -> Iterable[Example]:
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
        yield _row(source, n, obj.get("text"), obj.get("label"), obj.get("title", ""), obj.get("id", ""))


def _read_csv(path: Path) -> Iterable[Example]:
    source = str(path)
    reader = csv.DictReader(io.StringIO(_decode(path), newline=""))
    fields = reader.fieldnames or []
    if "text" not in fields or "label" not in fields:
        raise DataError(source, 1, f"CSV header must have `text` and `label` columns (has {fields})")
    end = reader.line_num  # the header's last line
    for row in reader:
        start, end = end + 1, reader.line_num  # a quoted field may span lines: report the first
        yield _row(source, start, row.get("text"), row.get("label"), row.get("title", ""),
                   row.get("id", ""))


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


def load_examples(paths: Sequence[str | os.PathLike[str]]) -> list[Example]:
    """Read every labeled example under `paths`, in a deterministic order."""
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
            out.extend(e for e in reader(f) if e is not None)
    if not out:
        raise DataError(", ".join(map(str, paths)), None, "no labeled examples found")
    return out


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

    @property
    def ok(self) -> bool:
        return not (self.duplicates or self.near_duplicates or self.problems)

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "counts": self.counts,
            "lengths": self.lengths,
            "duplicates": [list(d) for d in self.duplicates],
            "near_duplicates": [list(d) for d in self.near_duplicates],
            "problems": self.problems,
            "unknown_labels": self.unknown_labels,
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


def check_examples(paths: Sequence[str | os.PathLike[str]], known_labels: Sequence[str] | None = None,
                   max_chars: int = MAX_CHARS) -> CheckReport:
    """Counts, lengths, duplicates, near-duplicates, empty or over-long rows, unknown labels."""
    report = CheckReport()
    examples: list[Example] = []
    for raw in paths:
        for f in (_files(Path(raw)) if Path(raw).exists() else [Path(raw)]):
            try:
                examples.extend(load_examples([f]))
            except DataError as exc:
                report.problems.append(str(exc))
                examples.extend(_load_lenient(f))
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
    pairs, unique = exact_duplicates(examples)
    report.duplicates = [(_where(a), _where(b)) for a, b in pairs]
    for a, b, jac in near_duplicate_pairs([e.text for e in unique]):
        report.near_duplicates.append((_where(unique[a]), _where(unique[b]), round(jac, 3)))
    return report


def _load_lenient(path: Path) -> list[Example]:
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
            e = _row(str(path), n, obj.get("text"), obj.get("label"), obj.get("title", ""),
                     obj.get("id", ""), strict=False)
            if e is not None:
                out.append(e)
    return out
