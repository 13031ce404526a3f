"""Tag many inputs: in order, in parallel, resumable, never dying on one bad file.

Each input is one unit of work (read, decode, split, tag); a failure becomes an error record and
the batch goes on. Workers get only paths, and results are written as they arrive in input
order, so memory stays flat however many files there are.

With `-o OUT` (JSONL) the records go to `OUT.partial` and each finished input is recorded in
`OUT.journal` (source, content sha256, byte range) only after its records are on disk. A batch
killed at any moment leaves at worst one half-written input past the last journal line; `--resume`
keeps what the journal vouches for (and re-checks it), redoes the rest, and assembles OUT in input
order. Without `--resume` a new batch starts clean.

Every input runs in a worker process (one with `--jobs 1` too) under a time budget: a worker
over it is killed and replaced, and the input becomes an error record. Workers can be replaced
because they hold nothing but the loaded model.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing as mp
import os
import signal
import stat
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path, PurePosixPath

from . import _jsonl
from .bundle import sha256_file
from .errors import ClassifyError, InputError, UsageError
from .predictor import Predictor
from .read import DEFAULT_MAX_BYTES, decode_with_encoding, read_bytes, strip_html
from .tag import error_record, tag_text
from .write import AtomicTextFile, jsonl_line, new_file_mode

STDIN = "-"
DEFAULT_PATTERNS = ("*.txt", "*.pdf")  # pages as text and e-paper PDFs
# Seconds one input may take (read, split, tag, summarise) before it becomes an error record:
# a 20 MB page takes under 10 s here, so only a stalled input reaches it.
DEFAULT_TIMEOUT = 60.0
# A file that has run this long is named on the progress bar, so a slow one is seen to be slow.
_SLOW_SECONDS = 2.0
# How often the supervisor wakes to check time budgets when no worker reports.
_TICK_SECONDS = 0.5
# How often an idle worker checks that its parent is still there (a killed parent cannot say so).
_ORPHAN_CHECK_SECONDS = 1.0
# Inputs handed out ahead of the oldest unfinished one, per worker: enough to keep every worker
# busy behind one slow input, few enough that out-of-order results held in memory stay bounded.
_WINDOW_PER_WORKER = 8
# Failed inputs named in the end-of-run summary; the rest are counted.
_FAILURES_SHOWN = 10


@dataclass(frozen=True)
class BatchOptions:
    whole: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int | None = None
    max_sentences: int | None = None
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per input; None for no limit
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
    failures: list[tuple[str, str]] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.files_ok += 1
            self.articles += len(outcome.records)
        else:
            self.files_failed += 1
            if len(self.failures) < _FAILURES_SHOWN:
                self.failures.append((shown(outcome.source), outcome.records[0].get("error", "")))

    def line(self) -> str:
        """The summary: one line of counts, then the first failed inputs with their reasons."""
        elapsed = time.perf_counter() - self.started
        skipped = f", {self.files_skipped} already done" if self.files_skipped else ""
        out = [f"classify: {self.files_ok} files ok, {self.files_failed} failed{skipped}, "
               f"{self.articles} articles, {elapsed:.1f}s"]
        out += [f"  failed: {source}: {reason}" for source, reason in self.failures]
        if self.files_failed > len(self.failures):
            out.append(f"  ... and {self.files_failed - len(self.failures)} more failed inputs "
                       "(see their error records)")
        return "\n".join(out)


def shown(path: str) -> str:
    """A path as it appears in records, one to one with the path's bytes: a name that is not
    valid UTF-8 has its bad bytes escaped (`\\xff`) and, so that no other name can spell the
    same, its backslashes doubled; names without either are shown as they are."""
    if "\\" not in path and not any("\udc80" <= ch <= "\udcff" for ch in path):
        return path
    escaped = path.replace("\\", "\\\\")
    return escaped.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def input_key(source: str) -> str:
    """What identifies an input in the journal: its real path (symlinks and `./` resolved)."""
    return source if source == STDIN else shown(os.path.realpath(source))


def matches(relative: str, patterns: Sequence[str], case_sensitive: bool = False) -> bool:
    """Does a path relative to an input folder match one of the `--glob` patterns? Matched from
    the right, like `Path.match`; case-insensitive unless asked (`.TXT` is a text file too)."""
    if case_sensitive:
        return any(PurePosixPath(relative).match(p) for p in patterns)
    path = PurePosixPath(relative.lower())
    return any(path.match(p.lower()) for p in patterns)


@dataclass
class InputList:
    """The inputs in order, and those refused before reading (path -> reason)."""

    paths: list[str]
    refused: dict[str, str]


def collect_inputs(args: Sequence[str], patterns: Sequence[str] = DEFAULT_PATTERNS, *,
                   follow_links: bool = False, case_sensitive: bool = False) -> InputList:
    """Files as given, directories expanded recursively (sorted), `-` for stdin. A path that
    does not exist stays in the list so that it gets its own error record; so does a symlink in
    a folder that resolves outside it (refused unless `follow_links`). One real file is one input
    however many names lead to it."""
    out: list[str] = []
    refused: dict[str, str] = {}
    for arg in args:
        if arg == STDIN:
            out.append(STDIN)
            continue
        if not os.path.isdir(arg):
            out.append(arg)
            continue
        root = os.path.realpath(arg)
        found: list[str] = []
        visited: set[str] = set()
        for dirpath, dirnames, filenames in os.walk(arg, followlinks=follow_links):
            here = os.path.realpath(dirpath)
            if here in visited:  # a symlink loop when following links
                dirnames[:] = []
                continue
            visited.add(here)
            dirnames.sort()
            for name in filenames:
                path = os.path.join(dirpath, name)
                if not matches(os.path.relpath(path, arg), patterns, case_sensitive):
                    continue
                found.append(path)
                real = os.path.realpath(path)
                if not follow_links and os.path.commonpath([root, real]) != root:
                    refused[path] = (f"is a symlink to {shown(real)}, outside {shown(arg)}; "
                                     "pass --follow-links to read it")
        out.extend(sorted(found, key=lambda f: Path(f).parts))
    seen: set[str] = set()
    unique: list[str] = []
    for f in out:
        # `a.txt`, `./a.txt` and a link to it are one file; a refused link is never read, so it
        # must not stand in for the file it points to
        key = f"\0{os.path.abspath(f)}" if f in refused else input_key(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return InputList(unique, {f: refused[f] for f in unique if f in refused})


def list_inputs(args: Sequence[str], pattern: str | Sequence[str] = DEFAULT_PATTERNS) -> list[str]:
    """The inputs' paths (see `collect_inputs`)."""
    patterns = (pattern,) if isinstance(pattern, str) else tuple(pattern)
    return collect_inputs(args, patterns).paths


def file_sha256(path: str) -> str | None:
    """The content hash that `--resume` compares; None when the file cannot be read now."""
    try:
        return sha256_file(Path(path))
    except OSError:
        return None


def process(predictor: Predictor, source: str, options: BatchOptions, data: bytes | None = None,
            refusal: str | None = None) -> Outcome:
    """One input to records. Never raises: every failure is an error record."""
    name = shown(source)
    try:
        if refusal is not None:
            raise InputError(name, refusal)
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
        text, encoding = decode_with_encoding(raw, name)
        records = tag_text(predictor, strip_html(text), name, whole=options.whole,
                           max_chars=options.max_chars, max_sentences=options.max_sentences,
                           encoding=encoding)
        return Outcome(source, records, True, digest)
    except InputError as exc:
        return Outcome(source, [error_record(name, exc.reason)], False)
    except ClassifyError as exc:
        return Outcome(source, [error_record(name, str(exc))], False)
    except Exception as exc:  # a bug must not take the batch down; report it per file
        reason = f"internal error ({type(exc).__name__}: {exc}); please report it with this file"
        return Outcome(source, [error_record(name, reason)], False)


# -- where the output may go ------------------------------------------------------------------

def output_target(output: str, args: Sequence[str], inputs: Sequence[str],
                  patterns: Sequence[str] = DEFAULT_PATTERNS, case_sensitive: bool = False) -> str:
    """The file that `-o output` will write, or UsageError when it must not be written: a
    directory, a device, FIFO or socket (or a symlink to one, or a dangling one), one of the
    inputs, or a file inside an input folder that the next run would read as an input. A
    symlink to a regular file writes the file it points to."""
    target = output
    try:
        st = os.lstat(output)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UsageError(f"-o {output} cannot be used ({exc.strerror}); choose another file") from None
    if st is not None and stat.S_ISLNK(st.st_mode):
        target = os.path.realpath(output)
        try:
            st = os.stat(target)
        except OSError:
            raise UsageError(f"-o {output} is a symlink to {shown(target)}, which does not exist; "
                             "name a regular file") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(f"-o {output} is a directory; name a file")
    if st is not None and not stat.S_ISREG(st.st_mode):
        kind = "FIFO" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "device"
        raise UsageError(f"-o {output} is a {kind}, not a regular file; name a regular file "
                         "(or leave out -o to write to stdout)")
    real = os.path.realpath(target)
    for src in inputs:
        if src != STDIN and os.path.realpath(src) == real:
            raise UsageError(f"-o {output} is also an input ({shown(src)}); writing it would destroy "
                             "that input: choose another file")
    names = [real + suffix for suffix in ("", ".partial", ".journal", ".lock")]
    for arg in args:
        if arg == STDIN or not os.path.isdir(arg):
            continue
        root = os.path.realpath(arg)
        for name in names:
            if os.path.commonpath([root, name]) == root and \
                    matches(os.path.relpath(name, root), patterns, case_sensitive):
                raise UsageError(f"-o {output} is inside the input folder {shown(arg)} and matches "
                                 f"--glob, so the next run would read {shown(name)} as a page; "
                                 "write it elsewhere or give it another extension")
    return target


# -- workers under a time budget -------------------------------------------------------------

Task = tuple[str, "bytes | None", "str | None"]  # source, stdin bytes, reason to refuse it
Progress = Callable[[str, str], None]  # ("done" | "slow", source)


def run_outcomes(predictor: Predictor, model_args: tuple, tasks: Sequence[Task], options: BatchOptions,
                 jobs: int, progress: Progress | None = None) -> Iterator[Outcome]:
    """Outcomes in input order, computed in `jobs` worker processes; in this process only when
    there is no time budget and one job (nothing could stop a stalled input there)."""
    if not tasks:
        return
    if options.timeout is None and jobs <= 1:
        for source, data, refusal in tasks:
            outcome = process(predictor, source, options, data, refusal)
            if progress is not None:
                progress("done", source)
            yield outcome
        return
    yield from _supervise(predictor, model_args, list(tasks), options, max(1, jobs), progress)


def _serve(conn, parent_end, predictor: Predictor | None, model_args: tuple, options: BatchOptions) -> None:
    """A worker: tasks in, outcomes out, until told to stop or its parent goes away.

    A forked worker inherits the parent's end of its own pipe (`parent_end`); it closes it at
    once, or a parent killed with SIGKILL would leave the pipe open in the worker itself, which
    would then wait for a task forever (holding the output files). The parent's death is also
    noticed by being re-parented, for pipes that other workers inherited."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    if parent_end is not None:
        parent_end.close()
    parent = os.getppid()
    if predictor is None:  # not inherited through fork: load it as the parent did
        path, threshold, allow_unverified = model_args
        predictor = Predictor.load(path, threshold=threshold, allow_unverified=allow_unverified)
    while True:
        try:
            while not conn.poll(_ORPHAN_CHECK_SECONDS):
                if os.getppid() != parent:
                    return
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            conn.send(process(predictor, task[0], options, task[1], task[2]))
        except OSError:  # the parent is gone (killed): nobody wants the result
            return


class _Worker:
    """One worker process and the input it is on."""

    def __init__(self, ctx, predictor: Predictor, model_args: tuple, options: BatchOptions) -> None:
        self.conn, child = ctx.Pipe()
        forked = ctx.get_start_method() == "fork"
        self.proc = ctx.Process(target=_serve, args=(child, self.conn if forked else None,
                                                     predictor if forked else None, model_args, options),
                                daemon=True)
        self.proc.start()
        child.close()
        self.index: int | None = None
        self.started = 0.0
        self.named = False

    def give(self, index: int, task: Task) -> None:
        self.index, self.started, self.named = index, time.monotonic(), False
        self.conn.send(task)

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
        if kill:
            self.proc.kill()
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def _load_tokenizer(predictor: Predictor) -> None:
    """Load the tokenizer's dictionary in this process before workers are forked from it.

    Forked workers then share the one copy instead of each building its own (about 0.2 s of CPU
    per worker for rjieba's), and this process, which re-analyses articles joined across pages,
    does not build it again after them. A tokenizer that cannot load is left to fail in the
    workers, where it becomes an error record per input as before."""
    with contextlib.suppress(ClassifyError):
        predictor.tokenizer.cut("")


def _supervise(predictor: Predictor, model_args: tuple, tasks: list[Task], options: BatchOptions,
               jobs: int, progress: Progress | None) -> Iterator[Outcome]:
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    if ctx.get_start_method() == "fork":
        _load_tokenizer(predictor)
    budget = options.timeout
    workers = [_Worker(ctx, predictor, model_args, options) for _ in range(min(jobs, len(tasks)))]
    window = len(workers) * _WINDOW_PER_WORKER
    results: dict[int, Outcome] = {}
    given = emitted = 0

    def failed(index: int, reason: str) -> Outcome:
        source = tasks[index][0]
        return Outcome(source, [error_record(shown(source), reason)], False)

    try:
        while emitted < len(tasks):
            for i, w in enumerate(workers):
                if w.index is None and given < len(tasks) and given < emitted + window:
                    try:
                        w.give(given, tasks[given])
                    except OSError:  # it died while idle: replace it and retry the input
                        w.stop(kill=True)
                        workers[i] = w = _Worker(ctx, predictor, model_args, options)
                        w.give(given, tasks[given])
                    given += 1
            busy = [w for w in workers if w.index is not None]
            now = time.monotonic()
            timeout = _TICK_SECONDS
            if budget is not None:
                timeout = min(timeout, max(0.0, min(w.started + budget - now for w in busy)))
            ready = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=timeout))
            for i, w in enumerate(workers):
                if w.index is None:
                    continue
                index, outcome, replace = w.index, None, False
                if w.conn in ready or w.proc.sentinel in ready:
                    try:
                        if not w.conn.poll():
                            raise EOFError
                        outcome = w.conn.recv()
                    except (EOFError, OSError):
                        w.proc.join(timeout=_TICK_SECONDS * 10)  # its pipe closes before it is reaped
                        code = w.proc.exitcode
                        outcome = failed(index, f"stopped its worker process (exit code {code}, "
                                         "e.g. out of memory); please report it with this file")
                        replace = True
                elif budget is not None and time.monotonic() - w.started > budget:
                    outcome = failed(index, f"took more than {budget:g} s; it was stopped "
                                     "(raise --timeout-per-input if it is only large)")
                    replace = True
                elif progress is not None and not w.named and time.monotonic() - w.started > _SLOW_SECONDS:
                    w.named = True
                    progress("slow", tasks[index][0])
                if outcome is None:
                    continue
                results[index] = outcome
                if progress is not None:
                    progress("done", tasks[index][0])
                if replace:
                    w.stop(kill=True)
                    workers[i] = _Worker(ctx, predictor, model_args, options)
                else:
                    w.index = None
            while emitted in results:
                yield results.pop(emitted)
                emitted += 1
    finally:
        for w in workers:
            w.stop(kill=w.index is not None)


# -- journaled output ---------------------------------------------------------------------------

class JournaledOutput:
    """JSONL output that survives being killed; see the module docstring.

    The journal's first line holds the settings and the inputs of the run; each further line is
    one input whose records are on disk: its real path (`key`), `source`, content sha256, the
    byte range of its records and their sha256. `--resume` keeps a range only when its bytes
    still hash to what was written and the input still hashes to what was read.
    """

    def __init__(self, path: str | os.PathLike[str], settings: dict | None = None) -> None:
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.journal = self.path.with_name(self.path.name + ".journal")
        # what produced the records (model, options): work done with other settings is redone
        self.settings = settings or {}
        self.entries: dict[str, dict] = {}
        self.discarded = False
        self.notes: list[str] = []  # what --resume changed, for the user

    def start(self, inputs: Sequence[str], resume: bool) -> set[str]:
        """Open for appending; with `resume`, keep verified work and return the sources done.

        Resuming works in place: kept records stay where they are in OUT.partial (a finished OUT
        is moved back to OUT.partial), so it needs no room for a second copy."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = {input_key(src): src for src in inputs if src != STDIN}
        kept: dict[str, dict] = {}
        settings, before, entries = self._read_journal() if resume else ({}, None, [])
        if entries and settings != self.settings:
            entries, self.discarded = [], True  # another model or other options: redo it all
        if resume and before is not None and not self.discarded:
            self._note_changes(before, entries, keys)
        if entries and not self.partial.exists() and self.path.exists():
            os.replace(self.path, self.partial)
        if entries and self.partial.exists():
            with open(self.partial, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                for entry in entries:
                    key = entry.get("key")
                    if key not in keys or key in kept or entry["end"] > size:
                        continue
                    if entry.get("source") != shown(keys[key]):
                        continue  # named otherwise now: its records would name the old path
                    f.seek(entry["start"])
                    chunk = f.read(entry["end"] - entry["start"])
                    if hashlib.sha256(chunk).hexdigest() != entry.get("records_sha256"):
                        continue  # not the records that were written
                    if file_sha256(keys[key]) != entry.get("sha256"):
                        continue  # the input changed since: redo it
                    kept[key] = entry
            end = max((e["end"] for e in kept.values()), default=0)
            os.truncate(self.partial, end)  # a torn tail or work redone: nothing refers to it
        else:
            with open(self.partial, "wb"):
                pass
        self._write_journal(inputs, kept.values())
        self.entries = dict(kept)
        # kept open for the whole batch and closed in finish(); a kill needs no cleanup
        self._out = open(self.partial, "ab")  # noqa: SIM115
        self._jn = open(self.journal, "a", encoding="utf-8")  # noqa: SIM115
        return {kept_entry["source"] for kept_entry in kept.values()}

    def _note_changes(self, before: list[str], entries: list[dict], keys: dict[str, str]) -> None:
        names = {e["key"]: e.get("source", e["key"]) for e in entries if "key" in e}
        dropped = [names.get(k, k) for k in before if k not in keys]
        added = [shown(src) for k, src in keys.items() if k not in set(before)]
        for items, what in ((dropped, "of the earlier run are not given now; their records are dropped"),
                            (added, "are new in this run")):
            if items:
                more = f" and {len(items) - _FAILURES_SHOWN} more" if len(items) > _FAILURES_SHOWN else ""
                self.notes.append(f"--resume: {len(items)} inputs {what}: "
                                  f"{', '.join(items[:_FAILURES_SHOWN])}{more}")

    def _write_journal(self, inputs: Sequence[str], entries) -> None:
        with AtomicTextFile(self.journal) as f:
            head = {"settings": self.settings, "inputs": [input_key(s) for s in inputs if s != STDIN]}
            f.write(_jsonl.line(head, sort_keys=True))
            for entry in entries:
                f.write(jsonl_line(entry))

    def _read_journal(self) -> tuple[dict, list[str] | None, list[dict]]:
        """(settings, inputs of that run, entries); a journal without settings keeps nothing."""
        if not self.journal.exists():
            return {}, None, []
        settings: dict | None = None
        before: list[str] | None = None
        out = []
        for line in self.journal.read_text(encoding="utf-8", errors="replace").split("\n"):
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a torn last line
            if isinstance(entry, dict) and settings is None and "settings" in entry:
                settings = entry["settings"]
                before = entry.get("inputs") if isinstance(entry.get("inputs"), list) else None
            elif isinstance(entry, dict) and {"key", "source", "start", "end"} <= entry.keys():
                out.append(entry)
            elif isinstance(entry, dict) and "source" in entry and not self.notes:
                self.notes.append(f"--resume: {self.journal} was written by an older classify "
                                  "(no hash of the records); its inputs are redone")
        return (settings, before, out) if settings is not None else ({}, None, [])

    def append(self, outcome: Outcome) -> None:
        data = "".join(jsonl_line(r) for r in outcome.records).encode("utf-8")
        start = self._out.seek(0, os.SEEK_END)
        self._out.write(data)
        # flush() hands the bytes to the kernel, which keeps them when the process is killed; no
        # fsync per input (it cost more than the tagging). After a power cut, `start` re-checks
        # every journaled range against the hash of the records written there.
        self._out.flush()
        key = input_key(outcome.source)
        entry = {"key": key, "source": shown(outcome.source), "sha256": outcome.sha256,
                 "start": start, "end": start + len(data), "records": len(outcome.records),
                 "records_sha256": hashlib.sha256(data).hexdigest()}
        if outcome.ok and outcome.source != STDIN:
            self._jn.write(jsonl_line(entry))
            self._jn.flush()
            self.entries[key] = entry
        else:  # failed inputs are written but not journaled: --resume tries them again
            self.entries[f"\0{start}"] = {**entry, "error": True}

    def finish(self, inputs: Sequence[str]) -> None:
        """Make OUT hold the records in input order, then point the journal at its byte ranges.
        When OUT.partial is already in order (a batch that was not interrupted) it simply
        becomes OUT; otherwise it is assembled, which needs room for both files."""
        self._out.close()
        self._jn.close()
        by_key: dict[str, list[dict]] = {}
        for entry in sorted(self.entries.values(), key=lambda e: e["start"]):
            by_key.setdefault(entry["key"], []).append(entry)
        ordered = [entry for src in inputs for entry in by_key.pop(input_key(src), [])]
        size = self.partial.stat().st_size
        in_place = all(a["end"] == b["start"] for a, b in zip(ordered, ordered[1:], strict=False)) and \
            (not ordered or ordered[0]["start"] == 0) and (ordered[-1]["end"] if ordered else 0) == size
        final: list[dict] = []
        if in_place:
            with open(self.partial, "rb+") as f:
                os.fsync(f.fileno())
            os.chmod(self.partial, new_file_mode())
            os.replace(self.partial, self.path)
            final = [e for e in ordered if not e.get("error")]
        else:
            offset = 0
            with AtomicTextFile(self.path) as out, open(self.partial, "rb") as f:
                for entry in ordered:
                    f.seek(entry["start"])
                    chunk = f.read(entry["end"] - entry["start"])
                    out.write(chunk.decode("utf-8"))
                    if not entry.get("error"):
                        final.append({**entry, "start": offset, "end": offset + len(chunk)})
                    offset += len(chunk)
            self.partial.unlink(missing_ok=True)
        self._write_journal(inputs, final)


def progress_bar(total: int, quiet: bool):
    """tqdm on stderr when it is a terminal; nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)
