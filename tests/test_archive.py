"""Archive runs: partitioned output on a local pool and on a 2-worker Dask cluster, faults, resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from classify.archive import (
    DONE,
    PLAN,
    check_archive,
    parquet_schema,
    read_records,
    tag_archive,
)
from classify.batch import BatchOptions
from classify.tag import RECORD_KEYS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "tests" / "pages").glob("*.txt")) + sorted((ROOT / "data" / "samples").glob("*.txt"))
ARCHIVE_PAGES = 240  # "a few hundred": enough partitions that a worker can be killed mid-run


# An archive is tagged page by page in partitions that need not follow issues, so the links that
# `classify tag` computes over a whole issue (a page's position in it, continued stories, teasers,
# joined stories) are not part of an archive record's comparison; everything read off the page is.
ISSUE_LINKS = ("page", "continued_from", "continued_to", "teaser_of", "parts", "joined")


def key(record: dict) -> str:
    return json.dumps({k: v for k, v in record.items() if k not in ISSUE_LINKS}, ensure_ascii=False,
                      sort_keys=True)


def multiset(records) -> Counter:
    return Counter(key(r) for r in records)


def build(folder: Path, pages: int, start: int = 0) -> Path:
    """`pages` copies of the test and sample pages in two sub-folders, plus two bad inputs."""
    for i in range(start, start + pages):
        src = SOURCES[i % len(SOURCES)]
        dst = folder / f"y{i % 2}" / f"{i:04d}_{src.name}"
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(src.read_bytes())
    if start == 0:
        (folder / "y0" / "0000_empty.txt").write_bytes(b"")
        (folder / "y1" / "0001_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return folder


def tag_jobs1(folder: Path, tmp: Path) -> list[dict]:
    out = tmp / "ref.jsonl"
    proc = subprocess.run([sys.executable, "-m", "classify", "tag", str(folder), "--jobs", "1", "-q",
                           "--no-join-continuations", "-o", str(out)], capture_output=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 1, proc.stderr  # the two bad inputs
    return [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def archive(tmp_path_factory, default_model):
    """A few hundred pages and `classify tag --jobs 1`'s records for them."""
    tmp = tmp_path_factory.mktemp("archive")
    folder = build(tmp / "pages", ARCHIVE_PAGES)
    return folder, tag_jobs1(folder, tmp)


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed", reason="the [archive] extra (in [dev]) installs Dask")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c, distributed.Client(c) as client:
        yield client


def markers(out: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (out / DONE).glob("part-*.json")}


def test_dask_two_workers_give_the_records_of_jobs_1(archive, cluster, default_model, tmp_path):
    folder, reference = archive
    out = tmp_path / "out"
    # the model goes to the workers as the verified bundle's bytes (the kill test below uses the path)
    summary = tag_archive([str(folder)], out, client=cluster, partition_size=20, model=default_model,
                          ship_model=True)
    assert summary.ok, summary.problems
    assert multiset(read_records(out)) == multiset(reference)
    assert summary.files_failed == 2 and summary.tagged == summary.partitions == -(-(ARCHIVE_PAGES + 2) // 20)
    assert sum(summary.rows.values()) == len(reference)
    done = markers(out).values()
    # the model is loaded once per worker process, not once per partition
    workers = {m["worker"] for m in done}
    assert len(workers) <= 2 < len(done)
    assert all(m["model_loads"] == 1 for m in done)
    # the plan lists every input once with its size and hash
    plan = json.loads((out / PLAN).read_text(encoding="utf-8"))
    entries = [e for p in plan["partitions"] for e in p["inputs"]]
    assert len(entries) == len({e["source"] for e in entries}) == ARCHIVE_PAGES + 2
    assert all(len(e["sha256"]) == 64 and e["size"] >= 0 for e in entries)


def test_a_killed_dask_worker_is_redone_and_every_record_comes_once(archive, cluster, default_model, tmp_path):
    folder, reference = archive
    out = tmp_path / "out"
    result: dict = {}
    pids = set(cluster.run(os.getpid).values())
    runner = threading.Thread(target=lambda: result.update(
        summary=tag_archive([str(folder)], out, client=cluster, partition_size=8, model=default_model)))
    runner.start()
    total = -(-(ARCHIVE_PAGES + 2) // 8)
    deadline = time.monotonic() + 120
    while not list((out / DONE).glob("part-*.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    done_at_kill = len(list((out / DONE).glob("part-*.json")))
    os.kill(min(pids), signal.SIGKILL)
    runner.join(300)
    assert not runner.is_alive()
    assert 0 < done_at_kill < total, "the worker must die while partitions are still running"
    summary = result["summary"]
    assert summary.ok, summary.problems
    assert summary.partitions == total == len(markers(out))
    assert multiset(read_records(out)) == multiset(reference)
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_a_killed_local_worker_process_is_redone(archive, default_model, tmp_path):
    psutil = pytest.importorskip("psutil", reason="installed with Dask (the [archive] extra, in [dev])")
    folder, reference = archive
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "classify", "tag", str(folder), "--out-dir", str(out),
                             "--jobs", "2", "--partition-size", "8", "-q"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list((out / DONE).glob("part-*.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    done_at_kill = len(list((out / DONE).glob("part-*.json")))
    parent = psutil.Process(proc.pid)
    workers = [c for c in parent.children() if c.cmdline() == parent.cmdline()]  # forked pool workers
    assert workers, "the local engine works in child processes"
    workers[0].kill()
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err  # the two bad inputs, nothing else
    assert 0 < done_at_kill < -(-(ARCHIVE_PAGES + 2) // 8), "the worker must die mid-run"
    pids = {int(m["worker"].rsplit(":", 1)[1]) for m in markers(out).values()}
    assert pids - {w.pid for w in workers}, "the pool was rebuilt and finished the run"
    assert multiset(read_records(out)) == multiset(reference)
    assert check_archive(out).ok
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture()
def small(tmp_path, small_bundle):
    """22 pages and 3 bad inputs in partitions of 5, tagged in one process with the small test
    model (quick to load, and each run starts a fresh worker that loads it)."""
    folder = build(tmp_path / "pages", 22)
    # over the size limit: refused unread, and must still not make its partition look stale
    (folder / "y1" / "0003_big.txt").write_text("本报讯 " * 30_000, encoding="utf-8")
    out = tmp_path / "out"

    def run(**kw) -> tuple[object, list[str]]:
        tagged: list[str] = []
        s = tag_archive([str(folder)], out, partition_size=5, jobs=1, model=small_bundle,
                        options=BatchOptions(max_bytes=100_000),
                        on_partition=lambda m: tagged.append(m["partition"]), **kw)
        return s, sorted(tagged)

    return folder, out, run


def test_resume_redoes_only_what_is_missing_or_changed(small):
    folder, out, run = small
    first, tagged = run()
    assert first.ok and tagged == [f"part-{i:05d}" for i in range(5)]  # 25 inputs, 5 per partition
    before = markers(out)
    again, tagged = run()
    assert tagged == [] and again.skipped == 5 and again.ok
    assert again.articles == first.articles and again.files_failed == first.files_failed == 3
    # a deleted partition is redone, alone
    (out / "part-00002.jsonl").unlink()
    _, tagged = run()
    assert tagged == ["part-00002"]
    after = markers(out)
    assert all(after[p] == before[p] for p in before if p != "part-00002")
    # a changed input redoes its partition only
    plan = json.loads((out / PLAN).read_text(encoding="utf-8"))
    changed = plan["partitions"][3]["inputs"][0]["source"]
    Path(changed).write_text(SOURCES[0].read_text(encoding="utf-8") + "\n本报讯 补充一条消息。\n", encoding="utf-8")
    _, tagged = run()
    assert tagged == ["part-00003"]
    # added inputs form new partitions; the old ones are kept
    build(folder, 7, start=100)
    s, tagged = run()
    assert tagged == ["part-00005", "part-00006"] and s.partitions == 7 and s.ok
    assert s.files_ok == 22 + 7 and s.files_failed == 3
    # other settings (here the threshold) make every partition stale
    _, tagged = run(threshold=0.9)
    assert len(tagged) == 7


def test_the_summary_checks_rows_against_markers(small):
    _, out, run = small
    run()
    with open(out / "part-00001.jsonl", "a", encoding="utf-8") as f:
        f.write('{"source": "x", "error": "not ours"}\n')
    problems = check_archive(out).problems
    assert len(problems) == 1 and "part-00001.jsonl" in problems[0] and "marker" in problems[0]
    s, tagged = run()  # its size no longer matches its marker: redone
    assert tagged == ["part-00001"] and s.ok


def test_bad_inputs_are_error_rows_in_their_partition(small):
    _, out, run = small
    s, _ = run()
    errors = [r for r in read_records(out) if "error" in r]
    assert {Path(r["source"]).name for r in errors} == {"0000_empty.txt", "0001_binary.txt", "0003_big.txt"}
    assert s.files_failed == 3 and s.ok
    assert "empty" in next(r["error"] for r in errors if "empty.txt" in r["source"])
    assert "limit" in next(r["error"] for r in errors if "big.txt" in r["source"])


def test_parquet_is_read_by_pandas_with_the_documented_columns(small, tmp_path, small_bundle):
    pd = pytest.importorskip("pandas", reason="installed by the [dev] extra")
    folder, out, run = small
    run()
    jsonl = list(read_records(out))
    pq_out = tmp_path / "pq"
    s = tag_archive([str(folder)], pq_out, fmt="parquet", partition_size=5, jobs=1, model=small_bundle,
                    options=BatchOptions(max_bytes=100_000))
    assert s.ok
    df = pd.read_parquet(pq_out)
    labels = json.loads((small_bundle.with_suffix(".json")).read_text(encoding="utf-8"))["labels"]
    expected = [c for k in RECORD_KEYS for c in ([f"score_{x}" for x in labels] if k == "scores" else [k])]
    assert list(df.columns) == [*expected, "error"] == parquet_schema(labels).names
    assert len(df) == len(jsonl)
    ok = df[df["error"].isna()]
    assert str(ok["confidence"].dtype) == "float64"
    assert ok["uncertain"].map(type).eq(bool).all()  # object: the error rows hold nulls
    nullable = pd.read_parquet(pq_out, dtype_backend="numpy_nullable")
    assert str(nullable["uncertain"].dtype) == "boolean" and str(nullable["line_start"].dtype) == "Int64"
    assert all(isinstance(list(v), list) for v in ok["keywords"])
    assert ok[[f"score_{x}" for x in labels]].sum(axis=1).round(3).eq(1).all()
    assert set(df.loc[df["error"].notna(), "source"].map(lambda p: Path(p).name)) == {
        "0000_empty.txt", "0001_binary.txt", "0003_big.txt"}
    # the same records as the JSONL partitions, once turned back into dicts
    assert multiset(read_records(pq_out)) == multiset(jsonl)


def test_cli_archive_usage_errors(tmp_path, capsys):
    from classify.cli import main

    samples = str(ROOT / "data" / "samples")
    for args, words in [
        ([samples, "--format", "parquet"], "--out-dir"),
        ([samples, "--engine", "dask"], "--out-dir"),
        ([samples, "--out-dir", str(tmp_path / "o"), "--format", "csv"], "archive format"),
        ([samples, "--out-dir", str(tmp_path / "o"), "--scheduler", "tcp://x:1"], "--engine dask"),
        ([samples, "--out-dir", str(tmp_path / "o"), "--ship-model"], "--engine dask"),
        ([samples, "--out-dir", str(tmp_path / "o"), "--partition-size", "0"], "at least 1"),
    ]:
        code = main(["tag", *args])
        assert code == 2 and words in capsys.readouterr().err, args
    (tmp_path / "empty").mkdir()
    assert main(["tag", str(tmp_path / "empty"), "--out-dir", str(tmp_path / "o")]) == 1  # as `classify tag`
    assert "no *.txt or *.pdf files" in capsys.readouterr().err
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").glob("part-*"))


def test_cli_dask_run_prints_the_dashboard_and_writes_parquet(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "classify", "tag", "data/samples", "--out-dir", str(tmp_path / "o"),
                           "--format", "parquet", "--engine", "dask"], capture_output=True, cwd=ROOT,
                          timeout=300, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "dashboard" in proc.stderr and "all partitions match their markers" in proc.stderr
    assert len(list((tmp_path / "o").glob("part-*.parquet"))) == 1


def test_a_worker_loads_shipped_model_bytes_and_refuses_another_model(small_bundle, tmp_path, monkeypatch):
    from classify.archive import ModelBytes, ModelRef, PartitionTask, tag_partition
    from classify.errors import ModelError

    monkeypatch.setenv("TMPDIR", str(tmp_path / "worker-tmp"))  # the worker host's temp folder
    (tmp_path / "worker-tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    shipped = ModelBytes.read(small_bundle)
    page = tmp_path / "page.txt"
    page.write_bytes(SOURCES[0].read_bytes())
    out = tmp_path / "out"

    def task(ref: ModelRef) -> PartitionTask:
        return PartitionTask("part-00000", ((str(page), None),), str(tmp_path), str(out), "jsonl", ref,
                             BatchOptions(), ())

    nowhere = ModelRef(str(tmp_path / "not-on-this-host" / "small"), shipped.sha256)
    marker = tag_partition(task(nowhere), shipped)
    assert marker["rows"] > 0 and marker["files_ok"] == 1
    assert (tmp_path / "worker-tmp" / "classify-models" / shipped.sha256 / "model.joblib").exists()
    with pytest.raises(ModelError, match="not the"):
        tag_partition(task(ModelRef(str(small_bundle), "0" * 64)))
