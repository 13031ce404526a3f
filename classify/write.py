"""Output formats: JSONL (the contract), CSV with the same columns, and a Markdown digest.

Writers take the records of one input at a time, so a batch streams: nothing but the Markdown
digest (which must group by domain) keeps articles in memory.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import IO

from .bundle import new_file_mode
from .tag import OPTIONAL_KEYS, RECORD_KEYS

FORMATS = ("jsonl", "csv", "md")


def jsonl_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


class JsonlWriter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, records: list[dict]) -> None:
        self.stream.write("".join(jsonl_line(r) for r in records))
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class CsvWriter:
    """The JSONL columns plus `error`; lists joined with ` | `, scores as JSON."""

    columns = (*RECORD_KEYS, *OPTIONAL_KEYS, "error")

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.writer = csv.DictWriter(stream, fieldnames=self.columns, lineterminator="\n")
        self.writer.writeheader()

    def write(self, records: list[dict]) -> None:
        for r in records:
            row = dict(r)
            for key in ("top_terms", "keywords"):
                if isinstance(row.get(key), list):
                    row[key] = " | ".join(row[key])
            if isinstance(row.get("bbox"), (list, tuple)):
                row["bbox"] = " ".join(str(v) for v in row["bbox"])
            if isinstance(row.get("scores"), dict):
                row["scores"] = json.dumps(row["scores"], ensure_ascii=False, sort_keys=True)
            self.writer.writerow(row)
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class MarkdownWriter:
    """A digest for reading: articles grouped by domain, each with its abstract and keywords."""

    def __init__(self, stream: IO[str], label_order: list[str] | None = None) -> None:
        self.stream = stream
        self.label_order = label_order or []
        self.groups: dict[str, list[dict]] = {}
        self.names: dict[str, str] = {}
        self.errors: list[dict] = []

    def write(self, records: list[dict]) -> None:
        for r in records:
            if "error" in r:
                self.errors.append(r)
                continue
            self.names[r["label"]] = r["label_name"]
            self.groups.setdefault(r["label"], []).append({
                k: r[k] for k in ("source", "index", "title", "confidence", "uncertain", "summary", "keywords")
            })

    def close(self) -> None:
        out = io.StringIO()
        total = sum(len(v) for v in self.groups.values())
        out.write(f"# Digest: {total} articles\n")
        order = [lab for lab in self.label_order if lab in self.groups]
        order += sorted(lab for lab in self.groups if lab not in order)
        for label in order:
            items = self.groups[label]
            out.write(f"\n## {self.names[label]} ({label}), {len(items)}\n")
            for r in items:
                title = r["title"] or (r["summary"][:24] + "…" if r["summary"] else "(untitled)")
                flag = ", uncertain" if r["uncertain"] else ""
                out.write(f"\n### {title}\n\n*{r['source']} #{r['index']}, confidence {r['confidence']:.2f}{flag}*\n\n")
                if r["summary"]:
                    out.write(f"{r['summary']}\n\n")
                if r["keywords"]:
                    out.write(f"Keywords: {'、'.join(r['keywords'])}\n")
        if self.errors:
            out.write(f"\n## Inputs that failed, {len(self.errors)}\n\n")
            for e in self.errors:
                out.write(f"- `{e['source']}`: {e['error']}\n")
        self.stream.write(out.getvalue())
        self.stream.flush()


def make_writer(fmt: str, stream: IO[str], label_order: list[str] | None = None):
    if fmt == "jsonl":
        return JsonlWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream)
    if fmt == "md":
        return MarkdownWriter(stream, label_order)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


class AtomicTextFile:
    """Write to a temp file beside `path`, rename over it on success, delete it on failure."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def __enter__(self) -> IO[str]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="")
        return self.stream

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.stream.flush()
                os.fsync(self.stream.fileno())
                self.stream.close()
                os.chmod(self.tmp, new_file_mode())
                os.replace(self.tmp, self.path)
        finally:
            self.stream.close()
            Path(self.tmp).unlink(missing_ok=True)  # no-op after a successful rename
