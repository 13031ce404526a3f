"""Tag many inputs: in order, in parallel, resumable, never dying on one bad file.

Each input is one unit of work (read, decode, split, tag); a failure becomes an error record and
the batch goes on. Workers get only paths, and results are written as they arrive in input
order, so memory stays flat however many files there are.

With `-o OUT` (JSONL) the records go to `OUT.partial` and each finished input is recorded in
`OUT.journal` (source, content sha256, byte range) only after its records are on disk. A batch
killed at any moment leaves at worst one half-written input past the last journal line; `--resume`
keeps what the journal vouches for (and re-checks it), redoes the rest, and assembles OUT in input
order. Without `--resume` a new batch starts clean.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .bundle import sha256_file
from .errors import ClassifyError, InputError
from .predictor import Predictor
from .read import DEFAULT_MAX_BYTES, decode, read_bytes, strip_html
from .tag import error_record, tag_text
from .write import AtomicTextFile, jsonl_line

STDIN = "-"


@dataclass(frozen=True)
class BatchOptions:
    whole: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int | None = None
    max_sentences: int | None = None
    pages: tuple[tuple[int, int], ...] | None = None  # PDF pages to take (1-based ranges)
    ocr: str = "auto"  # PDF pages without text: auto (when tesseract is there), always, never


@dataclass
class Outcome:
    source: str
    records: list[dict]
    ok: bool
    sha256: str | None = None


@dataclass
class BatchStats:
    files_ok: int = 0
    files_failed: int = 0
    files_skipped: int = 0
    articles: int = 0
    started: float = field(default_factory=time.perf_counter)

    def line(self) -> str:
        elapsed = time.perf_counter() - self.started
        skipped = f", {self.files_skipped} already done" if self.files_skipped else ""
        return (f"classify: {self.files_ok} files ok, {self.files_failed} failed{skipped}, "
                f"{self.articles} articles, {elapsed:.1f}s")


def shown(path: str) -> str:
    """A path as it appears in records: undecodable bytes of a file name are escaped (`\\xff`)
    rather than crashing the JSON writer."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


DEFAULT_GLOBS = ("*.txt", "*.pdf")


def list_inputs(args: Sequence[str], pattern: str | Sequence[str] = DEFAULT_GLOBS) -> list[str]:
    """Files as given, directories expanded recursively (sorted), `-` for stdin; a path that does
    not exist stays in the list so that it gets its own error record."""
    patterns = (pattern,) if isinstance(pattern, str) else tuple(pattern)
    out: list[str] = []
    for arg in args:
        if arg == STDIN:
            out.append(STDIN)
            continue
        p = Path(arg)
        if p.is_dir():
            root = os.path.abspath(p)
            # everything that matches and is not a folder: an unreadable file gets its own error
            found = {f for pat in patterns for f in p.rglob(pat)}
            out.extend(str(f) for f in sorted(found)
                       if not f.is_dir() and os.path.abspath(f).startswith(root + os.sep))
        else:
            out.append(arg)
    seen: set[str] = set()
    unique: list[str] = []
    for f in out:
        key = f if f == STDIN else os.path.normpath(f)  # `a.txt` and `./a.txt` are one file
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def file_sha256(path: str) -> str | None:
    """The content hash that `--resume` compares; None when the file cannot be read now."""
    try:
        return sha256_file(Path(path))
    except OSError:
        return None


def process(predictor: Predictor, source: str, options: BatchOptions, data: bytes | None = None) -> Outcome:
    """One input to records. Never raises: every failure is an error record."""
    name = shown(source)
    try:
        if data is None:
            raw = read_bytes(source, options.max_bytes)
        elif options.max_bytes is not None and len(data) > options.max_bytes:  # stdin
            raise InputError(name, f"is over the {options.max_bytes:,}-byte limit; split it or raise --max-bytes")
        else:
            raw = data
        digest = hashlib.sha256(raw).hexdigest()
        from .tag_pdf import PdfJob, is_pdf, tag_pdf

        if is_pdf(source, raw):  # one record stream per page
            records, ok = tag_pdf(predictor, raw, name, PdfJob(options.pages, options.ocr), whole=options.whole,
                                  max_chars=options.max_chars, max_sentences=options.max_sentences)
            return Outcome(source, records, ok, digest)
        text = strip_html(decode(raw, name))
        records = tag_text(predictor, text, name, whole=options.whole, max_chars=options.max_chars,
                           max_sentences=options.max_sentences)
        return Outcome(source, records, True, digest)
    except InputError as exc:
        return Outcome(source, [error_record(name, exc.reason)], False)
    except ClassifyError as exc:
        return Outcome(source, [error_record(name, str(exc))], False)
    except Exception as exc:  # a bug must not take the batch down; report it per file
        reason = f"internal error ({type(exc).__name__}: {exc}); please report it with this file"
        return Outcome(source, [error_record(name, reason)], False)


# -- parallel workers ---------------------------------------------------------------------------

_predictor: Predictor | None = None
_options: BatchOptions | None = None
_model_args: tuple = ()


def _init_worker(model_args: tuple, options: BatchOptions) -> None:
    global _predictor, _options
    _options = options
    if _predictor is None or model_args != _model_args:  # inherited through fork when possible
        path, threshold, allow_unverified = model_args
        _predictor = Predictor.load(path, threshold=threshold, allow_unverified=allow_unverified)


def _work(task: tuple[str, bytes | None]) -> Outcome:
    assert _predictor is not None and _options is not None
    return process(_predictor, task[0], _options, task[1])


def run_outcomes(predictor: Predictor, model_args: tuple, tasks: list[tuple[str, bytes | None]],
                 options: BatchOptions, jobs: int) -> Iterator[Outcome]:
    """Outcomes in input order, computed in `jobs` processes (1: in this process)."""
    if jobs <= 1 or len(tasks) <= 1:
        for source, data in tasks:
            yield process(predictor, source, options, data)
        return
    global _predictor, _model_args
    _predictor, _model_args = predictor, model_args
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    with ctx.Pool(min(jobs, len(tasks)), initializer=_init_worker, initargs=(model_args, options)) as pool:
        yield from pool.imap(_work, tasks, chunksize=1)


# -- journaled output ---------------------------------------------------------------------------

class JournaledOutput:
    """JSONL output that survives being killed; see the module docstring."""

    def __init__(self, path: str | os.PathLike[str], settings: dict | None = None) -> None:
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.journal = self.path.with_name(self.path.name + ".journal")
        # what produced the records (model, options): work done with other settings is redone
        self.settings = settings or {}
        self.entries: dict[str, dict] = {}
        self.discarded = False

    def start(self, inputs: Sequence[str], resume: bool) -> set[str]:
        """Open for appending; with `resume`, keep verified work and return the sources done."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        kept: dict[str, dict] = {}
        base = None
        if resume:
            base = self.partial if self.partial.exists() else self.path if self.path.exists() else None
        settings, entries = self._read_journal() if base is not None else ({}, [])
        if entries and settings != self.settings:
            entries, self.discarded = [], True  # another model or other options: redo it all
        real = {shown(src): src for src in inputs if src != STDIN}
        wanted = set(real)
        # copy the verified work, one input at a time, into a fresh partial file
        with AtomicTextFile(self.partial) as out:
            offset = 0
            if base is not None:
                with open(base, "rb") as f:
                    size = os.fstat(f.fileno()).st_size
                    for entry in entries:
                        src = entry.get("source")
                        if src not in wanted or src in kept or entry["end"] > size:
                            continue
                        f.seek(entry["start"])
                        chunk = f.read(entry["end"] - entry["start"])
                        if not _chunk_is(chunk, src, entry.get("records", -1)):
                            continue
                        if file_sha256(real[src]) != entry.get("sha256"):
                            continue  # the input changed since: redo it
                        out.write(chunk.decode("utf-8"))
                        kept[src] = {**entry, "start": offset, "end": offset + len(chunk)}
                        offset += len(chunk)
        with AtomicTextFile(self.journal) as f:
            f.write(json.dumps({"settings": self.settings}, ensure_ascii=False, sort_keys=True) + "\n")
            for entry in kept.values():
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.entries = kept
        # kept open for the whole batch and closed in finish(); a kill needs no cleanup
        self._out = open(self.partial, "ab")  # noqa: SIM115
        self._jn = open(self.journal, "a", encoding="utf-8")  # noqa: SIM115
        return set(kept)

    def _read_journal(self) -> tuple[dict, list[dict]]:
        """(settings, entries); a journal without settings (or none) keeps nothing."""
        if not self.journal.exists():
            return {}, []
        settings: dict | None = None
        out = []
        for line in self.journal.read_text(encoding="utf-8", errors="replace").split("\n"):
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a torn last line
            if isinstance(entry, dict) and settings is None and "settings" in entry:
                settings = entry["settings"]
            elif isinstance(entry, dict) and {"source", "start", "end"} <= entry.keys():
                out.append(entry)
        return (settings, out) if settings is not None else ({}, [])

    def append(self, outcome: Outcome) -> None:
        data = "".join(jsonl_line(r) for r in outcome.records).encode("utf-8")
        start = self._out.seek(0, os.SEEK_END)
        self._out.write(data)
        # flush() hands the bytes to the kernel, which keeps them when the process is killed; no
        # fsync per input (it cost more than the tagging). After a power cut, `start` re-checks
        # every journaled range against the records it should hold and redoes the ones that fail.
        self._out.flush()
        if outcome.ok and outcome.source != STDIN:
            entry = {"source": shown(outcome.source), "sha256": outcome.sha256, "start": start,
                     "end": start + len(data), "records": len(outcome.records)}
            self._jn.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self._jn.flush()
            self.entries[outcome.source] = entry
        else:
            self.entries.setdefault(f"\0{start}", {"start": start, "end": start + len(data), "error": True,
                                                    "source": shown(outcome.source)})

    def finish(self, inputs: Sequence[str]) -> None:
        """Assemble OUT in input order, then point the journal at OUT's byte ranges."""
        self._out.close()
        self._jn.close()
        by_source: dict[str, list[dict]] = {}
        for entry in sorted(self.entries.values(), key=lambda e: e["start"]):
            by_source.setdefault(entry["source"], []).append(entry)
        final: list[dict] = []
        offset = 0
        with AtomicTextFile(self.path) as out, open(self.partial, "rb") as f:
            for src in inputs:
                for entry in by_source.pop(shown(src), []):
                    f.seek(entry["start"])
                    chunk = f.read(entry["end"] - entry["start"])
                    out.write(chunk.decode("utf-8"))
                    if not entry.get("error"):
                        final.append({**entry, "start": offset, "end": offset + len(chunk)})
                    offset += len(chunk)
        with AtomicTextFile(self.journal) as f:
            f.write(json.dumps({"settings": self.settings}, ensure_ascii=False, sort_keys=True) + "\n")
            for entry in final:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.partial.unlink(missing_ok=True)


def _chunk_is(chunk: bytes, source: str, records: int) -> bool:
    """Does this byte range hold exactly `records` complete JSONL records of `source`?"""
    try:
        lines = chunk.decode("utf-8").split("\n")[:-1]
        return len(lines) == records and all(json.loads(line).get("source") == source for line in lines) \
            and chunk.endswith(b"\n")
    except ValueError:
        return False


def progress_bar(total: int, quiet: bool):
    """tqdm on stderr when it is a terminal; nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)
