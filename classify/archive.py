"""Tag an archive too large for one batch: a partition plan, one file per partition, any engine.

An archive run lists its inputs once and writes a plan (`OUT/_plan.json`: partition id -> the
inputs in it, with their size and sha256). Each partition is one task: a worker reads its inputs,
tags them with the same code as `classify tag` (so the records are the same), writes
`part-NNNNN.jsonl` or `.parquet` atomically, then a marker `_done/part-NNNNN.json` with the counts
and hashes. A partition is done only when its marker, its file and the plan agree, so:

- a worker killed mid-partition leaves a temp file at most (removed on the next run) and no
  marker; the engine runs the partition again;
- a bad input is an error row in its partition, never a failed task;
- re-running skips the finished partitions; a deleted partition file, a changed input or other
  settings (model, options, format) redo just the partitions they touch;
- inputs added later go into new partitions; the old ones keep their numbers.

The engine is a local process pool (`client=None`) or any `dask.distributed.Client`: the task
function and the files are the same, so one machine and a cluster give the same output. Workers
load the verified model once per process (a cached loader keyed by path and sha256), not per task.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .batch import STDIN, BatchOptions, Outcome, file_sha256, list_inputs, process, shown
from .bundle import atomic_write_bytes, model_paths, sha256_file, verify
from .errors import ClassifyError, InputError, ModelError
from .read import read_bytes
from .tag import RECORD_KEYS, error_record
from .write import AtomicTextFile, jsonl_line

PLAN = "_plan.json"
DONE = "_done"
ARCHIVE_FORMATS = ("jsonl", "parquet")
PLAN_FORMAT = 1

# Inputs per partition. A page costs about 34 ms of CPU (bench/archive_speed.py), so 500 pages
# is a task of about 17 s: long enough that the scheduler's 10-20 ms per task vanish, short
# enough that a lost worker costs seconds of work, and about 6 MB of JSONL per file. Ten million
# pages make 20,000 tasks, which Dask schedules easily.
DEFAULT_PARTITION_SIZE = 500

# How often the local pool is rebuilt after a worker process died (killed, out of memory)
# before the run gives up; Dask counts its own lost workers (`distributed.scheduler.
# allowed-failures`) and this is passed as its `retries` for tasks that raised.
DEFAULT_RETRIES = 3

LIST_COLUMNS = ("top_terms", "keywords")


class ArchiveError(ClassifyError):
    """The archive folder or its plan is unusable, or a partition could not be finished."""


@dataclass(frozen=True)
class ModelRef:
    """What a worker needs to load the model: where it is and the sha256 it must have.

    The path must be readable on every worker (a shared file system, or the same path on each
    host); the worker refuses a file whose sha256 is not the one the driver verified."""

    path: str
    sha256: str
    threshold: float | None = None
    allow_unverified: bool = False


@dataclass(frozen=True)
class ModelBytes:
    """The verified bundle itself (model file and manifest), for workers that cannot read the
    driver's path: sent once to every worker, written to the worker's temp folder, checked again
    against its sha256 when loaded."""

    sha256: str
    model: bytes
    manifest: bytes

    @classmethod
    def read(cls, path: str | os.PathLike[str] | None) -> ModelBytes:
        model_file, manifest_file = model_paths(path)
        info = verify(model_file)
        data = model_file.read_bytes()
        if hashlib.sha256(data).hexdigest() != info["sha256"]:
            raise ModelError(f"{model_file}: changed while it was read; run again")
        return cls(info["sha256"], data, manifest_file.read_bytes())

    def materialize(self) -> str:
        """The bundle's path in this host's temp folder, written once (atomically) per host."""
        import tempfile

        base = Path(tempfile.gettempdir()) / "classify-models" / self.sha256 / "model"
        model_file, manifest_file = model_paths(base)
        if not (model_file.exists() and manifest_file.exists()):
            atomic_write_bytes(model_file, self.model)
            atomic_write_bytes(manifest_file, self.manifest)
        return str(base)


@dataclass(frozen=True)
class PartitionTask:
    """One unit of work, small enough to ship to a worker: no records, only paths and hashes."""

    partition: str
    inputs: tuple[tuple[str, str | None], ...]  # (source as given, sha256 in the plan)
    root: str  # the folder relative sources are read from
    out_dir: str
    fmt: str
    model: ModelRef
    options: BatchOptions
    settings: tuple[tuple[str, Any], ...]


@dataclass
class ArchiveSummary:
    """What a run did and what the output holds, checked against the markers."""

    partitions: int = 0
    skipped: int = 0
    tagged: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    articles: int = 0
    files_ok: int = 0
    files_failed: int = 0
    problems: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @property
    def ok(self) -> bool:
        return not self.problems

    def line(self) -> str:
        elapsed = time.perf_counter() - self.started
        check = "all partitions match their markers" if self.ok else f"{len(self.problems)} problems"
        return (f"classify: {self.partitions} partitions ({self.tagged} tagged, {self.skipped} already done), "
                f"{sum(self.rows.values())} rows; {self.files_ok} files ok, {self.files_failed} failed, "
                f"{self.articles} articles; {check}; {elapsed:.1f}s")


# -- the plan -------------------------------------------------------------------------------------

def _size(path: str) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def _part_name(number: int) -> str:
    return f"part-{number:05d}"


def load_plan(out_dir: str | os.PathLike[str]) -> dict | None:
    path = Path(out_dir) / PLAN
    if not path.exists():
        return None
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"{path}: unreadable plan ({exc}); delete the folder to start over") from None
    if not (isinstance(plan, dict) and plan.get("format") == PLAN_FORMAT
            and isinstance(plan.get("partitions"), list)):
        raise ArchiveError(f"{path}: not a classify archive plan; choose another --out-dir")
    return plan


def make_plan(inputs: Sequence[str], out_dir: str | os.PathLike[str], partition_size: int,
              glob: str | Sequence[str] = "*.txt") -> tuple[dict, int]:
    """The plan for these inputs, merged into the folder's plan; (plan, inputs changed since).

    Inputs already planned keep their partition (a changed one gets its new sha256, which makes
    its partition's marker stale); inputs not planned yet fill new partitions in listing order.
    Planned inputs not named this time are left as they are."""
    if partition_size < 1:
        raise ArchiveError("--partition-size must be at least 1")
    listed = list_inputs(inputs, glob)
    if not listed:
        shown_glob = glob if isinstance(glob, str) else " or ".join(glob)
        raise InputError(" ".join(inputs), f"holds no {shown_glob} files; check the paths or --glob")
    if STDIN in listed:
        raise ArchiveError("an archive run reads files, not stdin; save the input to a file first")
    plan = load_plan(out_dir) or {"format": PLAN_FORMAT, "root": os.getcwd(), "partitions": []}
    root = plan["root"]
    where: dict[str, dict] = {}
    for part in plan["partitions"]:
        for entry in part["inputs"]:
            where[os.path.normpath(os.path.join(root, entry["source"]))] = entry
    changed = 0
    new: list[dict] = []
    for source in listed:
        full = os.path.normpath(os.path.join(os.getcwd(), source))
        digest = file_sha256(full)
        entry = where.get(full)
        if entry is None:
            # a source is read relative to the plan's root, so store it that way when it differs
            rel = source if os.path.isabs(source) or os.getcwd() == root else full
            entry = {"source": rel, "size": _size(full), "sha256": digest}
            where[full] = entry
            new.append(entry)
        elif entry["sha256"] != digest:
            entry.update(size=_size(full), sha256=digest)
            changed += 1
    number = len(plan["partitions"])
    for start in range(0, len(new), partition_size):
        plan["partitions"].append({"id": _part_name(number), "inputs": new[start:start + partition_size]})
        number += 1
    # ensure_ascii keeps undecodable file names (surrogate escapes) round-tripping through JSON;
    # compact, because an archive's plan lists every input (`python -m json.tool` to read it)
    data = json.dumps(plan, ensure_ascii=True, separators=(",", ":")) + "\n"
    atomic_write_bytes(Path(out_dir) / PLAN, data.encode("ascii"))
    return plan, changed


# -- one partition, on a worker ---------------------------------------------------------------------

@lru_cache(maxsize=2)  # a run uses one model; two spare a reload when a worker serves two runs
def _load_predictor(path: str, sha256: str, threshold: float | None, allow_unverified: bool):
    """The model, loaded once per worker process (the cache key is the path and its sha256)."""
    from .predictor import Predictor

    predictor = Predictor.load(path, threshold=threshold, allow_unverified=allow_unverified)
    if not allow_unverified and predictor.manifest.get("sha256") != sha256:
        raise ModelError(f"{path}: on {socket.gethostname()} this model has sha256 "
                         f"{predictor.manifest.get('sha256')}, not the {sha256} the run started with; "
                         "give every worker the same model file")
    return predictor


def _tag_one(predictor, source: str, root: str, options: BatchOptions) -> tuple[Outcome, str | None]:
    """`classify tag`'s outcome for one input, and the sha256 of the bytes actually read (of the
    file as it is, for one refused unread, e.g. over the size limit, so that it matches the plan)."""
    path = os.path.join(root, source)
    try:
        data = read_bytes(path, options.max_bytes)
    except InputError as exc:
        return Outcome(source, [error_record(shown(source), exc.reason)], False), file_sha256(path)
    return process(predictor, source, options, data), hashlib.sha256(data).hexdigest()


def tag_partition(task: PartitionTask, shipped: ModelBytes | None = None) -> dict:
    """Tag one partition, write its file atomically, then its marker; return the marker.

    Runs on a worker. Only a model that cannot be loaded raises: every input problem is a row.
    With `shipped`, the model comes from those bytes instead of `task.model.path`."""
    started, cpu = time.perf_counter(), time.process_time()
    m = task.model
    path = shipped.materialize() if shipped is not None else m.path
    predictor = _load_predictor(path, m.sha256, m.threshold, m.allow_unverified)
    records: list[dict] = []
    read: list[tuple[str, str | None]] = []
    ok = failed = articles = 0
    for source, _ in task.inputs:
        outcome, digest = _tag_one(predictor, source, task.root, task.options)
        records.extend(outcome.records)
        read.append((source, digest))
        if outcome.ok:
            ok += 1
            articles += len(outcome.records)
        else:
            failed += 1
    out = Path(task.out_dir)
    name = f"{task.partition}.{task.fmt}"
    if task.fmt == "parquet":
        data = parquet_bytes(records, predictor.labels)
    else:
        data = "".join(jsonl_line(r) for r in records).encode("utf-8")
    atomic_write_bytes(out / name, data)
    marker = {
        "partition": task.partition,
        "file": name,
        "format": task.fmt,
        "rows": len(records),
        "articles": articles,
        "files_ok": ok,
        "files_failed": failed,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "inputs": [list(pair) for pair in read],
        "settings": dict(task.settings),
        "worker": f"{socket.gethostname()}:{os.getpid()}",
        "model_loads": _load_predictor.cache_info().misses,
        "seconds": round(time.perf_counter() - started, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
    }
    with AtomicTextFile(out / DONE / f"{task.partition}.json") as f:
        f.write(json.dumps(marker, ensure_ascii=True, indent=1) + "\n")
    return marker


# -- Parquet ------------------------------------------------------------------------------------------

_JSON_COLUMNS = ("continued_from", "continued_to", "teaser_of", "parts", "joined")


def parquet_schema(labels: Sequence[str]):
    """The JSONL record's columns, typed; `scores` becomes one `score_<label>` column per label,
    and error rows have `error` set and the article columns null."""
    import pyarrow as pa

    types = {
        "source": pa.string(), "index": pa.int64(), "title": pa.string(), "label": pa.string(),
        "label_name": pa.string(), "confidence": pa.float64(), "uncertain": pa.bool_(),
        "top_terms": pa.list_(pa.string()), "summary": pa.string(), "keywords": pa.list_(pa.string()),
        "byline": pa.string(), "body": pa.string(), "line_start": pa.int64(), "line_end": pa.int64(),
        "encoding": pa.string(), "page": pa.int64(), "page_name": pa.string(), "issue_date": pa.string(),
        "jump": pa.list_(pa.string()),
    }
    # links between records (`{"source": ..., "index": ...}` or lists of them) are JSON text
    for key in _JSON_COLUMNS:
        types[key] = pa.string()
    fields = []
    for key in RECORD_KEYS:
        if key == "scores":
            fields.extend(pa.field(f"score_{label}", pa.float64()) for label in labels)
        else:
            fields.append(pa.field(key, types[key]))
    fields.append(pa.field("error", pa.string()))
    return pa.schema(fields, metadata={"classify.labels": json.dumps(list(labels))})


def parquet_bytes(records: Sequence[dict], labels: Sequence[str]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(labels)
    columns: dict[str, list] = {name: [] for name in schema.names}
    for r in records:
        scores = r.get("scores") or {}
        for name in schema.names:
            if name.startswith("score_") and name not in r:
                columns[name].append(scores.get(name[len("score_"):]))
            elif name in _JSON_COLUMNS and r.get(name) is not None:
                columns[name].append(json.dumps(r[name], ensure_ascii=False))
            else:
                columns[name].append(r.get(name))
    table = pa.Table.from_pydict(columns, schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()


def _parquet_records(path: Path) -> Iterator[dict]:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    labels = json.loads(table.schema.metadata[b"classify.labels"])
    for row in table.to_pylist():
        if row.get("error") is not None:
            yield {"source": row["source"], "error": row["error"]}
            continue
        record = {}
        for key in RECORD_KEYS:
            record[key] = ({label: row[f"score_{label}"] for label in labels} if key == "scores"
                           else json.loads(row[key]) if key in _JSON_COLUMNS and row[key] is not None
                           else row[key])
        yield record


def read_records(out_dir: str | os.PathLike[str]) -> Iterator[dict]:
    """Every record of an archive, partition by partition, as `classify tag` writes it in JSONL
    (Parquet rows are turned back into the same dicts)."""
    out = Path(out_dir)
    plan = load_plan(out)
    if plan is None:
        raise ArchiveError(f"{out}: no {PLAN}; not an archive folder")
    for part in plan["partitions"]:
        marker = _marker(out, part["id"])
        if marker is None:
            continue
        path = out / marker["file"]
        if marker["format"] == "parquet":
            yield from _parquet_records(path)
        else:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    yield json.loads(line)


# -- checking what is done -------------------------------------------------------------------------

def _marker(out: Path, partition: str) -> dict | None:
    try:
        marker = json.loads((out / DONE / f"{partition}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) and {"file", "rows", "sha256", "inputs"} <= marker.keys() else None


def _is_done(out: Path, part: dict, settings: dict, fmt: str) -> bool:
    """Marker present, for these settings, for exactly these inputs at these hashes, and its file
    still there at the size it recorded. (The file's hash is checked by `check_archive`.)"""
    marker = _marker(out, part["id"])
    if marker is None or marker.get("settings") != settings or marker.get("format") != fmt:
        return False
    if marker["inputs"] != [[e["source"], e["sha256"]] for e in part["inputs"]]:
        return False
    return _size(str(out / marker["file"])) == marker.get("bytes")


def _count_rows(path: Path, fmt: str) -> int:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def check_archive(out_dir: str | os.PathLike[str], summary: ArchiveSummary | None = None) -> ArchiveSummary:
    """Count the rows of every partition file and check them, and the file's sha256, against its
    marker; also report temp files left over and files of other formats."""
    out = Path(out_dir)
    plan = load_plan(out)
    if plan is None:
        raise ArchiveError(f"{out}: no {PLAN}; not an archive folder")
    summary = summary or ArchiveSummary()
    summary.partitions = len(plan["partitions"])
    summary.rows = {}
    for part in plan["partitions"]:
        pid = part["id"]
        marker = _marker(out, pid)
        if marker is None:
            summary.problems.append(f"{pid}: no marker (not finished); run again to finish it")
            continue
        path = out / marker["file"]
        if not path.exists():
            summary.problems.append(f"{path}: missing; run again to redo it")
            continue
        rows = _count_rows(path, marker["format"])
        summary.rows[pid] = rows
        if rows != marker["rows"]:
            summary.problems.append(f"{path}: {rows} rows, its marker says {marker['rows']}; delete it and run again")
        elif file_sha256(str(path)) != marker["sha256"]:
            summary.problems.append(f"{path}: sha256 differs from its marker; delete it and run again")
        changed = [s for (s, h), e in zip(marker["inputs"], part["inputs"], strict=False) if h != e["sha256"]]
        if changed:
            summary.problems.append(f"{pid}: {shown(changed[0])} changed while it was tagged; run again to redo it")
    leftovers = sorted(p.name for p in [*out.glob(".part-*.tmp"), *out.glob(f"{DONE}/.part-*.tmp")])
    if leftovers:
        summary.problems.append(f"{out}: temp files left by a stopped worker ({leftovers[0]}, ...)")
    return summary


# -- running ---------------------------------------------------------------------------------------

def _fork_context():
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def _run_local(tasks: list[PartitionTask], jobs: int, retries: int) -> Iterator[dict]:
    """Markers as partitions finish, in `jobs` processes; a dead worker process breaks the pool,
    so the pool is rebuilt and the unfinished partitions are submitted again."""
    pending = {t.partition: t for t in tasks}
    broken = 0
    while pending:
        with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(pending))), mp_context=_fork_context()) as pool:
            futures = {pool.submit(tag_partition, t): pid for pid, t in pending.items()}
            try:
                for future in as_completed(futures):
                    marker = future.result()
                    pending.pop(futures[future])
                    yield marker
            except BrokenProcessPool:
                broken += 1
                if broken > retries:
                    raise ArchiveError(f"worker processes died {broken} times (out of memory?); "
                                       f"{len(pending)} partitions unfinished, run again to finish them") from None
                continue


def _run_dask(client, tasks: list[PartitionTask], retries: int, shipped: ModelBytes | None) -> Iterator[dict]:
    from distributed import as_completed as dask_completed

    if not tasks:
        return
    token = hashlib.sha256(os.urandom(16)).hexdigest()[:8]
    # the model's bytes go to each worker once, not with every task
    model = client.scatter(shipped, broadcast=True) if shipped is not None else None
    futures = [client.submit(tag_partition, t, model, key=f"classify-{t.partition}-{token}", pure=False,
                             retries=retries) for t in tasks]
    for future in dask_completed(futures):
        yield future.result()
        future.release()


def _settings(model_sha256: str, threshold: float | None, options: BatchOptions, fmt: str) -> dict:
    """What the records depend on besides the inputs: markers with other settings are redone."""
    return {"model_sha256": model_sha256, "threshold": threshold, "whole": options.whole,
            "max_bytes": options.max_bytes, "max_chars": options.max_chars,
            "sentences": options.max_sentences, "format": fmt}


def tag_archive(inputs: Sequence[str], out_dir: str | os.PathLike[str], *, client=None,
                partition_size: int = DEFAULT_PARTITION_SIZE, fmt: str = "jsonl",
                model: str | os.PathLike[str] | None = None, threshold: float | None = None,
                allow_unverified: bool = False, options: BatchOptions | None = None,
                jobs: int | None = None, glob: str | Sequence[str] = "*.txt", retries: int = DEFAULT_RETRIES,
                ship_model: bool = False, progress: bool = False, on_partition: Callable[[dict], None] | None = None) -> ArchiveSummary:
    """Tag `inputs` (files and folders) into `out_dir`, partition by partition; see the module
    docstring. `client` is a `dask.distributed.Client`, or None for a local pool of `jobs`
    processes. `ship_model` sends the verified bundle's bytes to the Dask workers instead of
    its path (for workers that cannot read the driver's files). `progress` shows a bar over partitions on a terminal; `on_partition` is called
    with each marker as its partition finishes. Returns the summary, checked against the markers."""
    if fmt not in ARCHIVE_FORMATS:
        raise ArchiveError(f"unknown archive format {fmt!r}; choose one of {', '.join(ARCHIVE_FORMATS)}")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ArchiveError("--format parquet needs pyarrow: pip install 'classify[archive]'") from None
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ArchiveError(f"--out-dir {out} is a file; name a folder")
    if ship_model and (client is None or allow_unverified):
        raise ArchiveError("--ship-model sends a verified model to Dask workers; use it with --engine dask "
                           "and without --allow-unverified-model")
    options = options or BatchOptions()
    summary = ArchiveSummary()
    model_file = model_paths(model)[0].resolve()
    # the driver hashes the model and never unpickles it; workers check they load these bytes
    digest = sha256_file(model_file) if allow_unverified else verify(model_file)["sha256"]
    ref = ModelRef(str(model_file.with_suffix("")), digest, threshold, allow_unverified)
    settings = _settings(digest, threshold, options, fmt)
    out.mkdir(parents=True, exist_ok=True)
    for tmp in [*out.glob(".part-*.tmp"), *out.glob(f"{DONE}/.part-*.tmp")]:
        tmp.unlink(missing_ok=True)  # left by a worker killed while writing
    plan, _ = make_plan(inputs, out, partition_size, glob)
    todo: list[PartitionTask] = []
    for part in plan["partitions"]:
        for other in ARCHIVE_FORMATS:  # a folder holds one format, so that readers take it whole
            if other != fmt:
                (out / f"{part['id']}.{other}").unlink(missing_ok=True)
        if _is_done(out, part, settings, fmt):
            summary.skipped += 1
            continue
        (out / DONE / f"{part['id']}.json").unlink(missing_ok=True)
        todo.append(PartitionTask(part["id"], tuple((e["source"], e["sha256"]) for e in part["inputs"]),
                                  plan["root"], str(out.resolve()), fmt, ref, options,
                                  tuple(settings.items())))
    bar = progress_bar(len(plan["partitions"]), summary.skipped) if progress else None
    if client is None:
        markers = _run_local(todo, jobs or os.cpu_count() or 1, retries)
    else:
        markers = _run_dask(client, todo, retries, ModelBytes.read(model_file) if ship_model else None)
    for marker in markers:
        summary.tagged += 1
        summary.files_ok += marker["files_ok"]
        summary.files_failed += marker["files_failed"]
        summary.articles += marker["articles"]
        if on_partition is not None:
            on_partition(marker)
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    redone = {t.partition for t in todo}
    for part in plan["partitions"]:  # counts of the partitions done before this run
        marker = _marker(out, part["id"]) if part["id"] not in redone else None
        if marker is not None:
            summary.files_ok += marker.get("files_ok", 0)
            summary.files_failed += marker.get("files_failed", 0)
            summary.articles += marker.get("articles", 0)
    return check_archive(out, summary)


def start_dask(scheduler: str | None, workers: int | None = None):
    """A client for `--scheduler ADDR`, or a `LocalCluster` of one single-threaded worker process
    per core (tagging holds the GIL, so threads would not add speed)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ArchiveError("--engine dask needs Dask: pip install 'classify[archive]'") from None
    if scheduler:
        return Client(scheduler)
    cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                           processes=True, dashboard_address=":0")
    return Client(cluster)


def progress_bar(total: int, done: int):
    """A tqdm bar over partitions on a terminal's stderr; nothing otherwise."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, initial=done, unit="part", file=sys.stderr, dynamic_ncols=True)


__all__ = ["ARCHIVE_FORMATS", "ArchiveError", "ArchiveSummary", "check_archive", "make_plan",
           "parquet_schema", "read_records", "tag_archive", "tag_partition"]
