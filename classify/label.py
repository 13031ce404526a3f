"""A labeling round trip: pick the articles worth labeling, hand them to a labeling tool with the
model's guess as a pre-annotation, and bring the human labels back as training data.

Export (`classify label export`) orders articles by the margin between the two best labels, then
by confidence (ties by `article_id`), because a person's time is best spent where the model
hesitates. Every article carries `article_id` (`classify.data.article_id`: a hash of its
normalised body), which survives the trip through any tool and joins the labels back.

Formats written:

- `labelstudio`: a Label Studio tasks JSON (a list of `{"data": {...}, "predictions": [...]}`,
  the prediction a `choices` result from `label` to `text`, scored with the confidence) and,
  beside it, `NAME.config.xml`, the labeling config (`<Choices name="label" toName="text">` with
  one `<Choice>` per label, the display name as its hint).
- `doccano`: JSONL for a text-classification project, `{"text": ..., "label": [guess], ...}`;
  the other keys (`article_id`, `title`, ...) become doccano metadata and come back on export.
  doccano has no separate slot for a machine guess, so `label` holds it: export only the
  examples you approved ("only approved documents") when you take labels out.
- `csv`: `article_id, source, index, title, text, predicted, confidence, margin, label`, with
  `label` empty for the person to fill in (a spreadsheet round trip).

Formats read back (`classify label import`): Label Studio JSON (human `annotations` only;
`predictions` and cancelled annotations are ignored), JSON-MIN and CSV (one row per annotation,
the `label` column the choice), doccano JSONL (`label` a list of one label, or a string) and our
own CSV. Rows without exactly one label are skipped and counted; one article given two labels in
one file is a conflict (reported with both rows, left out); a later file overrides an earlier one.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from . import _jsonl
from .data import article_id
from .errors import DataError

FORMATS = ("labelstudio", "doccano", "csv")
SELECTIONS = ("margin", "uncertain", "all")
CSV_COLUMNS = ("article_id", "source", "index", "title", "text", "predicted", "confidence", "margin",
               "label")
# Label Studio names: the control tag holding the label, and the object tag it labels
FROM_NAME, TO_NAME = "label", "text"


@dataclass(frozen=True)
class Candidate:
    """One article offered for labeling, with the model's guess."""

    article_id: str
    source: str
    index: int
    title: str
    text: str
    predicted: str
    confidence: float
    margin: float
    uncertain: bool

    def data(self) -> dict:
        return {"article_id": self.article_id, "title": self.title, "text": self.text,
                "source": self.source, "index": self.index, "predicted": self.predicted,
                "confidence": self.confidence}


def _margin(scores: dict[str, float]) -> float:
    best = sorted(scores.values(), reverse=True)
    return round(best[0] - (best[1] if len(best) > 1 else 0.0), 4)


def candidates(records: Iterable[dict], select: str = "margin", limit: int | None = None) -> list[Candidate]:
    """Tag records (as `classify tag` writes them) -> the articles to label, best first.

    `margin`: every article, lowest margin first, then lowest confidence, then `article_id`;
    `uncertain`: only the articles flagged uncertain, in that order; `all`: every article in
    input order. An article that appears twice (same body) is offered once.
    """
    if select not in SELECTIONS:
        raise ValueError(f"select must be one of {', '.join(SELECTIONS)}, not {select!r}")
    seen: set[str] = set()
    out: list[Candidate] = []
    for r in records:
        if "error" in r or not str(r.get("body", "")).strip():
            continue
        aid = article_id(r["body"])
        if aid in seen:
            continue
        seen.add(aid)
        out.append(Candidate(aid, r.get("source", ""), int(r.get("index", 0)), r.get("title", ""),
                             r["body"], r["label"], float(r["confidence"]), _margin(r["scores"]),
                             bool(r.get("uncertain"))))
    if select == "uncertain":
        out = [c for c in out if c.uncertain]
    if select != "all":
        out.sort(key=lambda c: (c.margin, c.confidence, c.article_id))
    return out[:limit] if limit is not None else out


def config_path(out: str | os.PathLike[str]) -> Path:
    """Where the Label Studio labeling config goes: `tasks.json` -> `tasks.config.xml`."""
    p = Path(out)
    return p.with_name(p.stem + ".config.xml")


def labelstudio_config(labels: Sequence[str], names: dict[str, str] | None = None) -> str:
    """A single-choice text classification config with the title above the text."""
    names = names or {}
    choices = "\n".join(
        f"    <Choice value={quoteattr(lab)}"
        + (f" hint={quoteattr(names[lab])}" if names.get(lab) and names[lab] != lab else "") + "/>"
        for lab in labels)
    return ("<View>\n"
            '  <Header value="$title"/>\n'
            f'  <Text name="{TO_NAME}" value="$text"/>\n'
            f'  <Choices name="{FROM_NAME}" toName="{TO_NAME}" choice="single" showInLine="true">\n'
            f"{choices}\n"
            "  </Choices>\n"
            "</View>\n")


def labelstudio_tasks(items: Sequence[Candidate], model_version: str) -> list[dict]:
    return [{
        "data": c.data(),
        "predictions": [{
            "model_version": model_version,
            "score": c.confidence,
            "result": [{"id": f"p{c.article_id[:8]}", "from_name": FROM_NAME, "to_name": TO_NAME,
                        "type": "choices", "value": {"choices": [c.predicted]}}],
        }],
    } for c in items]


def doccano_line(c: Candidate) -> dict:
    text = f"{c.title}\n{c.text}" if c.title else c.text
    return {"text": text, "label": [c.predicted], "article_id": c.article_id, "title": c.title,
            "source": c.source, "index": c.index, "confidence": c.confidence}


def render(items: Sequence[Candidate], fmt: str, model_version: str = "") -> str:
    """The export file's content in `fmt`."""
    if fmt == "labelstudio":
        return json.dumps(labelstudio_tasks(items, model_version), ensure_ascii=False, indent=1) + "\n"
    if fmt == "doccano":
        return "".join(_jsonl.line(doccano_line(c)) for c in items)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
        w.writeheader()
        for c in items:
            w.writerow({**c.data(), "margin": c.margin, "label": ""})
        return buf.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


# ---------------------------------------------------------------------------------------------
# Import


@dataclass(frozen=True)
class Labeled:
    """One human label for one article, with where it was read."""

    article_id: str
    label: str
    title: str
    text: str
    source: str
    where: str


@dataclass
class ImportReport:
    rows: list[Labeled] = field(default_factory=list)
    read: int = 0
    skipped: Counter = field(default_factory=Counter)
    conflicts: list[tuple[Labeled, Labeled]] = field(default_factory=list)
    overridden: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(r.label for r in self.rows).items()))


def _one_label(value: object) -> str | None | bool:
    """A label from a tool's value: a string, a list of one string, `{"choices": [...]}` or the
    JSON text of one of those. None when there is no label, False when there are several."""
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in "[{":
            try:
                return _one_label(json.loads(text))
            except ValueError:
                pass
        return text or None
    if isinstance(value, dict):
        return _one_label(value.get("choices"))
    if isinstance(value, list):
        labels = [v for v in (_one_label(x) for x in value) if v is not None]
        if not labels:
            return None
        if len(labels) > 1 or labels[0] is False:
            return False
        return labels[0]
    return None


def _labelstudio_choice(result: list) -> str | None | bool:
    """The choice of one annotation's result list (the `label` control, else any choices)."""
    choices = [r for r in result if isinstance(r, dict) and r.get("type") == "choices"]
    mine = [r for r in choices if r.get("from_name") == FROM_NAME] or choices
    return _one_label([r.get("value", {}) for r in mine])


def _rows_labelstudio_json(tasks: list, name: str) -> Iterable[tuple[dict, str | None | bool, str]]:
    """(task data, label, where) per human annotation of a full Label Studio JSON export."""
    for n, task in enumerate(tasks, 1):
        data = task.get("data") or {}
        where = f"{name}: task {task.get('id', n)}"
        annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not annotations:
            yield data, None, where
        for a in annotations:
            yield data, _labelstudio_choice(a.get("result") or []), f"{where} annotation {a.get('id', '?')}"


def _rows_flat(rows: Iterable[tuple[int, dict]], name: str, what: str) -> Iterable[tuple[dict, str | None | bool, str]]:
    """JSON-MIN, CSV (Label Studio's or ours) and doccano rows: the label in `label`."""
    for n, row in rows:
        yield row, _one_label(row.get(FROM_NAME)), f"{name}: {what} {n}"


def read_export(path: str | os.PathLike[str]) -> list[tuple[dict, str | None | bool, str]]:
    """Every row of one export file as (fields, label, where), whatever tool wrote it."""
    from .read import read_text

    p = Path(path)
    name = str(p)
    try:
        raw = read_text(p, max_bytes=None)
    except Exception as exc:  # InputError and OSError alike: name the file
        raise DataError(name, None, f"cannot be read ({exc}); check the path") from None
    suffix = p.suffix.lower()
    if suffix == ".json":
        try:
            doc = json.loads(raw)
        except ValueError as exc:
            raise DataError(name, None, f"is not valid JSON ({exc}); export it again as JSON") from None
        if not isinstance(doc, list) or not all(isinstance(t, dict) for t in doc):
            raise DataError(name, None, "is not a Label Studio export (a JSON list of tasks)")
        if any("data" in t or "annotations" in t for t in doc):
            return list(_rows_labelstudio_json(doc, name))
        return list(_rows_flat(enumerate(doc, 1), name, "item"))
    if suffix == ".jsonl":
        rows = []
        for n, line in enumerate(raw.split("\n"), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                raise DataError(name, n, f"is not valid JSON ({exc}); fix or remove the line") from None
            if not isinstance(obj, dict):
                raise DataError(name, n, "is not a JSON object with `text` and `label`")
            rows.append((n, obj))
        return list(_rows_flat(rows, name, "line"))
    if suffix in (".csv", ".tsv"):
        reader = csv.DictReader(io.StringIO(raw, newline=""), delimiter="\t" if suffix == ".tsv" else ",")
        if FROM_NAME not in (reader.fieldnames or []):
            raise DataError(name, 1, f"has no `{FROM_NAME}` column (columns: {reader.fieldnames}); "
                            "export with the labeling config `classify label export` wrote")
        rows, end = [], reader.line_num
        for row in reader:
            start, end = end + 1, reader.line_num
            rows.append((start, row))
        return list(_rows_flat(rows, name, "line"))
    raise DataError(name, None, "unknown export format; use Label Studio .json/.csv or doccano .jsonl")


def _article(fields: dict, tasks: dict[str, dict]) -> tuple[str, str, str, str]:
    """(article_id, title, text, source) of a row, filled from the exported tasks when given.

    A row without `article_id` (a tool that drops extra keys) is found in the tasks by the hash
    of the text as it was shown; doccano 1.6 exports the text under `data`."""
    shown = fields.get("text") or (fields.get("data") if isinstance(fields.get("data"), str) else "")
    text = str(shown or "")
    aid = str(fields.get("article_id") or "").strip()
    known = tasks.get(aid) or (tasks.get(article_id(text)) if text else None) or {}
    aid = aid or str(known.get("article_id") or "")
    title = str(fields.get("title") or known.get("title") or "")
    text = str(known.get("text") or text)
    if title and text.startswith(title + "\n"):  # doccano rows show the title above the text
        text = text[len(title) + 1:]
    if not aid and text:
        aid = article_id(text)
    return aid, title, text, str(fields.get("source") or known.get("source") or "")


def import_labels(paths: Sequence[str | os.PathLike[str]],
                  tasks: Sequence[str | os.PathLike[str]] = ()) -> ImportReport:
    """Human labels of every export, joined on `article_id` (with the text from `tasks`, our own
    export files, when a tool's export lacks it), later files overriding earlier ones."""
    originals: dict[str, dict] = {}
    for t in tasks:
        for fields, _, _ in read_export(t):
            if fields.get("article_id"):
                originals[str(fields["article_id"])] = fields
                if fields.get("text"):  # as shown in the tool, for rows that lost their id
                    originals.setdefault(article_id(str(fields["text"])), fields)
    report = ImportReport()
    merged: dict[str, Labeled] = {}
    for path in paths:
        mine: dict[str, Labeled] = {}
        conflicted: set[str] = set()
        for fields, label, where in read_export(path):
            report.read += 1
            if label is None:
                report.skipped["no human label"] += 1
                continue
            if label is False:
                report.skipped["several labels"] += 1
                continue
            aid, title, text, source = _article(fields, originals)
            if not text.strip():
                report.skipped["no text (pass the exported tasks with --tasks)"] += 1
                continue
            row = Labeled(aid, label, title, text, source, where)
            first = mine.get(aid)
            if first is None:
                mine[aid] = row
            elif first.label != label:
                report.conflicts.append((first, row))
                conflicted.add(aid)
            # the same label twice (two annotators agree) is one row
        for aid, row in mine.items():
            if aid in conflicted:
                continue
            if aid in merged:
                report.overridden += 1
                del merged[aid]
            merged[aid] = row
    report.rows = list(merged.values())
    return report


def training_lines(rows: Sequence[Labeled]) -> str:
    """Our training JSONL: `article_id`, `title`, `text`, `label`, `source`."""
    return "".join(_jsonl.line({"article_id": r.article_id, "title": r.title, "text": r.text,
                                "label": r.label, "source": r.source}) for r in rows)
