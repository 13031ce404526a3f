"""Output formats: JSONL (the contract), CSV with the same columns, and the digests for people
(Markdown and HTML, in `classify.digest`).

Writers take the records of one input at a time, so a batch streams: only the digests (which
group by domain) keep articles in memory.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path
from typing import IO

from . import _jsonl
from .bundle import new_file_mode
from .errors import UsageError
from .tag import OPTIONAL_KEYS, RECORD_KEYS

FORMATS = ("jsonl", "csv", "md", "html")
# how CSV cells hold lists: ` | ` (the original format), `；` or a JSON array
CSV_LISTS = ("pipe", "semicolon", "json")
_LIST_SEPARATORS = {"pipe": " | ", "semicolon": "；"}


def jsonl_line(record: dict) -> str:
    return _jsonl.line(record)


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
    """The JSONL columns plus `error` and one `score_<label>` column per label. Text cells that
    a spreadsheet would take as a formula get a leading `'` (see `neutralise`).

    Lists (`top_terms`, `keywords`, `jump`) are joined with ` | ` (default), `；` or written as
    JSON arrays (`lists`); `scores` and the issue links stay JSON. `bom` starts the file with a
    UTF-8 byte order mark so that Excel reads it as UTF-8.
    """

    def __init__(self, stream: IO[str], label_order: list[str] | None = None, *, lists: str = "pipe",
                 bom: bool = False) -> None:
        if lists not in CSV_LISTS:
            raise ValueError(f"unknown list format {lists!r}; choose one of {', '.join(CSV_LISTS)}")
        self.stream = stream
        self.lists = lists
        self.labels = list(label_order or [])
        self.columns = (*RECORD_KEYS, *OPTIONAL_KEYS, "error", *(f"score_{lab}" for lab in self.labels))
        if bom:
            stream.write("\ufeff")
        self.writer = csv.DictWriter(stream, fieldnames=self.columns, lineterminator="\n",
                                     extrasaction="ignore")
        self.writer.writeheader()

    def write(self, records: list[dict]) -> None:
        for r in records:
            row = dict(r)
            for key in ("top_terms", "keywords", "jump"):
                if isinstance(row.get(key), list):
                    row[key] = (json.dumps(row[key], ensure_ascii=False) if self.lists == "json"
                                else _LIST_SEPARATORS[self.lists].join(row[key]))
            if isinstance(row.get("bbox"), (list, tuple)):
                row["bbox"] = " ".join(str(v) for v in row["bbox"])
            if isinstance(row.get("scores"), dict):
                for lab in self.labels:
                    row[f"score_{lab}"] = row["scores"].get(lab, "")
                row["scores"] = json.dumps(row["scores"], ensure_ascii=False, sort_keys=True)
            for key in ("continued_from", "continued_to", "teaser_of", "parts", "joined"):
                if row.get(key) is not None:
                    row[key] = json.dumps(row[key], ensure_ascii=False)
            self.writer.writerow({k: neutralise(v) for k, v in row.items()})
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


def make_writer(fmt: str, stream: IO[str], label_order: list[str] | None = None, *, lists: str = "pipe",
                bom: bool = False, lang: str = "zh"):
    if fmt == "jsonl":
        return JsonlWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream, label_order, lists=lists, bom=bom)
    if fmt in ("md", "html"):
        from .digest import HtmlWriter, MarkdownWriter

        return (MarkdownWriter if fmt == "md" else HtmlWriter)(stream, label_order, lang=lang)
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
