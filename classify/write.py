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
from .errors import UsageError
from .tag import RECORD_KEYS

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


# A spreadsheet reads a cell starting with one of these as a formula (`=HYPERLINK(...)`, `@SUM`,
# `-2+3`; tab and carriage return start one in some programs): OWASP's advice on CSV injection
# is to make such a cell text by putting a single quote before it.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


class CsvWriter:
    """The JSONL columns plus `error`; lists joined with ` | `, scores as JSON. Text cells that
    a spreadsheet would take as a formula get a leading `'` (see `neutralise`)."""

    columns = (*RECORD_KEYS, "error")

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
            if isinstance(row.get("scores"), dict):
                row["scores"] = json.dumps(row["scores"], ensure_ascii=False, sort_keys=True)
            self.writer.writerow({k: neutralise(v) for k, v in row.items()})
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


class OutputLock:
    """An exclusive lock (fcntl) on `OUT.lock` for as long as a batch writes OUT, so that two batches on
    one OUT (a cron job that overran) never interleave: the second one stops with the first
    one's pid. The kernel releases the lock when its holder dies, so a killed batch leaves no
    stale lock; the file itself stays (removing it would race with the next batch)."""

    def __init__(self, output: str | os.PathLike[str]) -> None:
        self.output = Path(output)
        self.path = self.output.with_name(self.output.name + ".lock")
        self.fd: int | None = None

    def __enter__(self) -> OutputLock:
        try:
            import fcntl
        except ImportError:  # no fcntl (Windows): no lock
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            # a POSIX record lock: held by this process only, so worker processes forked from
            # it do not keep it after it is killed
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise UsageError(f"{self.output} is being written by another classify (pid {holder}, "
                             f"lock {self.path}); wait for it to finish or choose another -o") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock
            self.fd = None
