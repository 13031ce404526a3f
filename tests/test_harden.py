"""Hostile and unlucky inputs and outputs: every input bounded, every output safe, one batch per
output, the encodings archives hold, and API inputs people actually pass."""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import TRADITIONAL_PAGE, build_hostile_folder, copy_inputs
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from classify.batch import BatchOptions, collect_inputs, process, run_outcomes, shown

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "tests" / "pages").glob("*.txt"))
GiB = 1024 ** 3


def run(*args: str, timeout: float = 120, verb: str = "tag", stdin=None,
        memory: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-m", "classify", verb, *args], capture_output=True, cwd=ROOT,
                          timeout=timeout, stdin=stdin if stdin is not None else subprocess.DEVNULL,
                          preexec_fn=limit)


def lines(path: Path | bytes) -> list[dict]:
    text = path.decode("utf-8") if isinstance(path, bytes) else path.read_text(encoding="utf-8")
    return [json.loads(x) for x in text.splitlines()]


def errors_by_name(recs: list[dict]) -> dict[str, str]:
    return {Path(r["source"]).name: r["error"] for r in recs if "error" in r}


# -- inputs ---------------------------------------------------------------------------------

def test_a_fifo_in_a_folder_does_not_hang_the_batch(default_model, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_bytes(PAGES[0].read_bytes())
    os.mkfifo(d / "pipe.txt")
    started = time.monotonic()
    proc = run(str(d), "-q", timeout=60)
    assert time.monotonic() - started < 30
    assert proc.returncode == 1
    recs = lines(proc.stdout)
    assert "FIFO" in errors_by_name(recs)["pipe.txt"]
    assert any(r["source"].endswith("good.txt") and "error" not in r for r in recs)


def test_dev_zero_is_refused_directly_and_through_a_symlink(default_model, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    os.symlink("/dev/zero", d / "zero.txt")
    for args in ([str(d), "--follow-links"], ["/dev/zero"], [str(d)]):
        proc = run(*args, "--max-bytes", "1000000", "-q", timeout=60, memory=4 * GiB)
        assert proc.returncode == 1, proc.stderr
        (rec,) = lines(proc.stdout)
        assert "device" in rec["error"] or "outside" in rec["error"], rec


@pytest.mark.parametrize("verb,args", [("split", ["-"]), ("summarize", ["-"]), ("tag", ["-", "-q"])])
def test_endless_stdin_is_bounded(default_model, verb, args):
    with open("/dev/zero", "rb") as endless:
        proc = run(*args, "--max-bytes", "1000000", verb=verb, stdin=endless, timeout=120, memory=4 * GiB)
    assert proc.returncode == 1
    assert b"Traceback" not in proc.stderr and b"MemoryError" not in proc.stderr
    assert b"limit" in proc.stdout + proc.stderr


def test_a_symlink_out_of_the_folder_is_refused_unless_followed(default_model, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes(PAGES[1].read_bytes())
    os.symlink(outside, d / "link.txt")
    os.symlink("/etc/passwd", d / "passwd.txt")
    (d / "good.txt").write_bytes(PAGES[0].read_bytes())
    proc = run(str(d), "-q")
    assert proc.returncode == 1
    recs = lines(proc.stdout)
    errors = errors_by_name(recs)
    assert "outside" in errors["link.txt"] and "--follow-links" in errors["link.txt"]
    assert "outside" in errors["passwd.txt"]
    assert not any("root:" in r.get("body", "") for r in recs)
    followed = lines(run(str(d), "-q", "--follow-links").stdout)
    assert any(r["source"].endswith("link.txt") and "error" not in r for r in followed)


def test_uppercase_extension_and_repeated_glob(tmp_path):
    for name in ("a.txt", "B.TXT", "c.md", "d.csv"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [Path(p).name for p in collect_inputs([str(tmp_path)]).paths] == ["B.TXT", "a.txt"]
    both = collect_inputs([str(tmp_path)], ["*.txt", "*.md"]).paths
    assert sorted(Path(p).name for p in both) == ["B.TXT", "a.txt", "c.md"]
    exact = collect_inputs([str(tmp_path)], ["*.txt"], case_sensitive=True).paths
    assert [Path(p).name for p in exact] == ["a.txt"]


def test_cli_glob_may_repeat(default_model, tmp_path):
    (tmp_path / "a.TXT").write_bytes(PAGES[0].read_bytes())
    (tmp_path / "b.md").write_bytes(PAGES[1].read_bytes())
    proc = run(str(tmp_path), "--glob", "*.txt", "--glob", "*.md", "-q")
    assert proc.returncode == 0, proc.stderr
    assert {Path(r["source"]).name for r in lines(proc.stdout)} == {"a.TXT", "b.md"}


def _tagged_as(small_predictor, data: bytes) -> list[dict]:
    outcome = process(small_predictor, "p.txt", BatchOptions(), data=data)
    assert outcome.ok, outcome.records
    return outcome.records


def _without_encoding(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "encoding"} for r in records]


def test_big5_and_bomless_utf16_pages_are_tagged_like_utf8(small_predictor):
    page = PAGES[0].read_text(encoding="utf-8")
    utf8 = _tagged_as(small_predictor, page.encode("utf-8"))
    assert {r["encoding"] for r in utf8} == {"utf-8"}
    for codec in ("utf-16-le", "utf-16-be"):
        records = _tagged_as(small_predictor, page.encode(codec))
        assert _without_encoding(records) == _without_encoding(utf8)
        assert {r["encoding"].replace("_", "-") for r in records} == {codec}
    big5 = _tagged_as(small_predictor, TRADITIONAL_PAGE.encode("big5"))
    assert _without_encoding(big5) == _without_encoding(_tagged_as(small_predictor, TRADITIONAL_PAGE.encode()))
    assert {r["encoding"] for r in big5} <= {"big5", "big5hkscs", "cp950"}
    assert any("詐騙" in r["body"] for r in big5)


def test_bidi_and_invisible_controls_are_removed(small_predictor):
    page = ("市图书馆开设城市书房\n本报记者 \u202e王小明\u202c\n"
            "市图书馆\u2066开设\u2069城市书房，市民可以\u200f二十四小时借阅\ufeff图书。\n")
    for r in _tagged_as(small_predictor, page.encode("utf-8")):
        text = json.dumps(r, ensure_ascii=False)
        assert not any(ch in text for ch in "\u202e\u202c\u2066\u2069\u200f\ufeff")
        assert "开设城市书房" in r["body"]


def test_training_reads_a_row_as_far_as_prediction_does():
    """A 200,000-character row is analysed up to the prediction bound: what lies past it is not
    learned (and training time stays linear in the data)."""
    from helpers import examples

    from classify.data import Example
    from classify.features import MAX_ANALYZED_CHARS
    from classify.training import train

    rows = [Example(text, label) for text, label in examples()]
    head = "市场监管部门开展检查。" * (MAX_ANALYZED_CHARS // 11 + 10)
    rows.append(Example(head + "锟斤拷烫烫烫。" * 5000, "other"))
    started = time.perf_counter()
    bundle = train(rows, cv=0).bundle
    assert time.perf_counter() - started < 60
    names = _feature_names(bundle.classifier)
    assert any("检查" in n for n in names)
    assert not any("锟" in n for n in names)


def _feature_names(classifier) -> list[str]:
    """Every feature name of the bundle's array classifier (all its n-gram tables)."""
    found = [term for table in classifier.tables for term in table.terms]
    assert found, "no vocabulary found in the classifier"
    return found


# -- a time budget per input ----------------------------------------------------------------

def _slow_process(predictor, source, options, data=None, refusal=None):
    if source.startswith("slow"):
        time.sleep(30)
    return process(predictor, source, options, data, refusal)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_input_over_its_time_budget_is_an_error_and_the_batch_goes_on(small_predictor, monkeypatch, jobs):
    import classify.batch as batch

    monkeypatch.setattr(batch, "process", _slow_process)  # workers are forked: they see it too
    page = PAGES[0].read_bytes()
    tasks = [("a.txt", page, None), ("slow.txt", page, None), ("b.txt", page, None)]
    started = time.monotonic()
    outcomes = list(run_outcomes(small_predictor, (None, None, False), tasks,
                                 BatchOptions(timeout=1.5), jobs))
    assert time.monotonic() - started < 20
    assert [o.source for o in outcomes] == ["a.txt", "slow.txt", "b.txt"]
    assert [o.ok for o in outcomes] == [True, False, True]
    assert "took more than 1.5 s" in outcomes[1].records[0]["error"]
    assert outcomes[0].records == process(small_predictor, "a.txt", BatchOptions(), page).records


def _sleepy_process(predictor, source, options, data=None, refusal=None):
    if source.startswith("slow"):
        time.sleep(4)
    return process(predictor, source, options, data, refusal)


def test_progress_counts_files_as_they_finish_and_names_a_long_one(small_predictor, monkeypatch):
    import classify.batch as batch

    monkeypatch.setattr(batch, "process", _sleepy_process)
    events: list[tuple[str, str]] = []
    page = PAGES[0].read_bytes()
    tasks = [("slow.txt", page, None), ("b.txt", page, None), ("c.txt", page, None)]
    outcomes = list(run_outcomes(small_predictor, (None, None, False), tasks, BatchOptions(), 2,
                                 lambda event, source: events.append((event, source))))
    assert [o.source for o in outcomes] == ["slow.txt", "b.txt", "c.txt"]  # output stays in order
    done = [source for event, source in events if event == "done"]
    assert sorted(done) == ["b.txt", "c.txt", "slow.txt"] and done[-1] == "slow.txt"
    assert ("slow", "slow.txt") in events
    assert events.index(("slow", "slow.txt")) < events.index(("done", "slow.txt"))


def test_a_worker_that_dies_is_an_error_record(small_predictor, monkeypatch):
    import classify.batch as batch

    def dying(predictor, source, options, data=None, refusal=None):
        if source == "die.txt":
            os._exit(3)
        return process(predictor, source, options, data, refusal)

    monkeypatch.setattr(batch, "process", dying)
    page = PAGES[0].read_bytes()
    outcomes = list(run_outcomes(small_predictor, (None, None, False),
                                 [("die.txt", page, None), ("ok.txt", page, None)], BatchOptions(), 1))
    assert [o.ok for o in outcomes] == [False, True]
    assert "exit code 3" in outcomes[0].records[0]["error"]


def _counting_predictor(predictor, marker: Path, fail: bool = False):
    """A copy of `predictor` whose tokenizer notes in `marker` each process that builds it."""
    import copy

    from classify.tokenize import Tokenizer, TokenizerError

    class Counting(Tokenizer):
        def _create(self):
            with open(marker, "a", encoding="utf-8") as f:
                f.write(f"{os.getpid()}\n")
            if fail:
                raise TokenizerError("no dictionary here")
            return super()._create()

    counted = copy.copy(predictor)
    counted.tokenizer = Counting(predictor.tokenizer.backend, predictor.tokenizer.user_dict)
    return counted


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="workers share the parent's tokenizer only when they are forked")
def test_forked_workers_share_one_tokenizer_built_before_them(small_predictor, tmp_path):
    marker = tmp_path / "builds"
    predictor = _counting_predictor(small_predictor, marker)
    page = PAGES[0].read_bytes()
    tasks = [(f"{i}.txt", page, None) for i in range(4)]
    outcomes = list(run_outcomes(predictor, (None, None, False), tasks, BatchOptions(timeout=60), 2))
    assert [o.ok for o in outcomes] == [True] * 4
    assert marker.read_text(encoding="utf-8").split() == [str(os.getpid())]  # built once, here


def test_a_tokenizer_that_cannot_load_is_an_error_record_per_input(small_predictor, tmp_path):
    predictor = _counting_predictor(small_predictor, tmp_path / "builds", fail=True)
    page = PAGES[0].read_bytes()
    outcomes = list(run_outcomes(predictor, (None, None, False), [("a.txt", page, None), ("b.txt", page, None)],
                                 BatchOptions(timeout=60), 1))
    assert [o.ok for o in outcomes] == [False, False]
    assert all("no dictionary here" in o.records[0]["error"] for o in outcomes)


# -- outputs --------------------------------------------------------------------------------

def test_output_equal_to_an_input_is_a_usage_error(default_model, tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(PAGES[0].read_bytes())
    before = page.read_bytes()
    proc = run(str(page), "-o", str(page), "-q")
    assert proc.returncode == 2 and b"also an input" in proc.stderr
    assert page.read_bytes() == before
    link = tmp_path / "link.jsonl"
    os.symlink(page, link)
    assert run(str(page), "-o", str(link), "-q").returncode == 2
    assert page.read_bytes() == before


def test_output_inside_an_input_folder_matching_the_glob_is_a_usage_error(default_model, tmp_path):
    (tmp_path / "page.txt").write_bytes(PAGES[0].read_bytes())
    proc = run(str(tmp_path), "-o", str(tmp_path / "out.txt"), "-q")
    assert proc.returncode == 2 and b"next run" in proc.stderr
    assert not (tmp_path / "out.txt").exists()
    ok = run(str(tmp_path), "-o", str(tmp_path / "out.jsonl"), "-q")
    assert ok.returncode == 0, ok.stderr


def test_output_that_is_not_a_regular_file_is_a_usage_error(default_model, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    proc = run(str(PAGES[0]), "-o", str(fifo), "-q")
    assert proc.returncode == 2 and b"FIFO" in proc.stderr
    assert fifo.is_fifo()
    dangling = tmp_path / "dangling.jsonl"
    os.symlink(tmp_path / "nowhere" / "x", dangling)
    assert run(str(PAGES[0]), "-o", str(dangling), "-q").returncode == 2
    # a symlink to a regular file writes that file and stays a symlink
    target = tmp_path / "target.jsonl"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    os.symlink(target, link)
    assert run(str(PAGES[0]), "-o", str(link), "-q").returncode == 0
    assert link.is_symlink() and lines(target)[0]["source"] == str(PAGES[0])
    # `-o -` is stdout
    proc = run(str(PAGES[0]), "-o", "-", "-q")
    assert proc.returncode == 0 and lines(proc.stdout) and not Path(ROOT / "-").exists()


def test_a_second_batch_on_the_same_output_is_refused(default_model, tmp_path):
    out = tmp_path / "out.jsonl"
    lock = tmp_path / "out.jsonl.lock"
    # the first batch takes the lock, then waits for its stdin: it holds OUT for as long as we like
    first = subprocess.Popen([sys.executable, "-m", "classify", "tag", "-", "-o", str(out), "-q"], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 60
        while time.time() < deadline and not (lock.exists() and lock.read_text().strip() == str(first.pid)):
            time.sleep(0.02)
        second = run(str(PAGES[1]), "-o", str(out), "-q")
        assert second.returncode == 2
        assert f"pid {first.pid}".encode() in second.stderr and b"Traceback" not in second.stderr
        assert len(second.stderr.decode().strip().splitlines()) == 1
        assert not out.exists()
        first.communicate(PAGES[0].read_bytes(), timeout=120)
    finally:
        first.kill()
        first.wait()
    assert first.returncode == 0
    assert {r["source"] for r in lines(out)} == {"-"}  # only the first batch's articles
    # the lock dies with its holder: the next batch runs
    assert run(str(PAGES[1]), "-o", str(out), "-q").returncode == 0


def _mount_tmpfs(where: Path, options: str) -> bool:
    where.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    return proc.returncode == 0


@pytest.mark.parametrize("options,errno_name", [("size=64k", "No space left"), ("ro,size=64k", "Read-only")])
def test_full_or_read_only_disk_is_one_error_line(default_model, tmp_path, options, errno_name):
    mnt = tmp_path / "mnt"
    if not _mount_tmpfs(mnt, options):
        pytest.skip("mounting a small tmpfs is not permitted here (needs root in a namespace that may mount)")
    try:
        out = mnt / "out.jsonl"
        inputs = [str(p) for p in PAGES] * 1
        proc = run(*inputs, "-o", str(out), "-q")
        err = proc.stderr.decode()
        assert proc.returncode == 1, err
        assert b"Traceback" not in proc.stderr
        assert len(err.strip().splitlines()) == 1 and str(out) in err and errno_name in err, err
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_resume_works_in_place_without_a_second_copy(default_model, tmp_path):
    """After a kill, --resume appends to OUT.partial where it is (same inode): no copy."""
    from classify.batch import JournaledOutput

    a, b = copy_inputs(tmp_path, PAGES[0], PAGES[1])
    out = tmp_path / "out.jsonl"
    journal = JournaledOutput(out, {"s": 1})
    journal.start([str(a), str(b)], resume=False)
    from classify import Predictor

    predictor = Predictor.load(default_model)
    journal.append(process(predictor, str(a), BatchOptions()))
    journal._out.close()
    journal._jn.close()  # killed here
    inode = os.stat(journal.partial).st_ino
    again = JournaledOutput(out, {"s": 1})
    assert again.start([str(a), str(b)], resume=True) == {str(a)}
    assert os.stat(again.partial).st_ino == inode
    again.append(process(predictor, str(b), BatchOptions()))
    again.finish([str(a), str(b)])
    assert os.stat(out).st_ino == inode  # in order: OUT.partial became OUT, not copied
    assert [r["source"] for r in lines(out)][0] == str(a)


def test_resume_redoes_records_that_are_not_the_ones_written(default_model, tmp_path):
    a, b = copy_inputs(tmp_path, PAGES[0], PAGES[1])
    out = tmp_path / "out.jsonl"
    assert run(str(a), str(b), "-o", str(out), "-q").returncode == 0
    clean = out.read_bytes()
    # same number of records, still valid JSON of the same source: but not what was written
    recs = lines(out)
    recs[0]["label"] = "tampered"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    proc = run(str(a), str(b), "-o", str(out), "--resume")
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == clean


def test_resume_with_another_input_list_says_what_it_drops_and_adds(default_model, tmp_path):
    a, b, c = (tmp_path / f"{n}.txt" for n in "abc")
    for path, page in zip((a, b, c), PAGES, strict=False):
        path.write_bytes(page.read_bytes())
    out = tmp_path / "out.jsonl"
    assert run(str(a), str(b), "-o", str(out), "-q").returncode == 0
    proc = run(str(a), str(c), "-o", str(out), "--resume")
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "dropped" in err and "b.txt" in err
    assert "new" in err and "c.txt" in err
    assert {r["source"] for r in lines(out)} == {str(a), str(c)}


def test_colliding_shown_names_stay_apart_with_resume(default_model, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    raw = os.fsdecode(b"x\xff.txt")
    spelled = "x\\xff.txt"  # the escaped spelling of the name above
    (d / raw).write_bytes(PAGES[0].read_bytes())
    (d / spelled).write_bytes(PAGES[1].read_bytes())
    assert shown(str(d / raw)) != shown(str(d / spelled))
    out = tmp_path / "o.jsonl"
    assert run(str(d), "-o", str(out), "-q").returncode == 0
    first = lines(out)
    assert len({r["source"] for r in first}) == 2
    again = run(str(d), "-o", str(out), "--resume")
    assert again.returncode == 0 and b"2 already done" in again.stderr, again.stderr
    assert lines(out) == first


def test_csv_cells_are_not_formulas(small_predictor):
    from classify.write import CsvWriter

    stream = io.StringIO()
    writer = CsvWriter(stream)
    writer.write([{"source": "=cmd|' /C calc'!A0", "title": "+1", "body": '=HYPERLINK("http://x","y")',
                   "byline": "@SUM(A1)", "summary": "-2+3", "keywords": ["=x"], "label": "ok"}])
    import csv

    (row,) = list(csv.DictReader(io.StringIO(stream.getvalue())))
    for key in ("source", "title", "body", "byline", "summary", "keywords"):
        assert row[key].startswith("'"), (key, row[key])
    assert row["label"] == "ok"


def test_summary_names_failed_inputs(default_model, tmp_path):
    for i in range(12):
        (tmp_path / f"bad{i:02d}.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_bytes(PAGES[0].read_bytes())
    proc = run(str(tmp_path))
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert "bad00.txt" in err and "empty" in err and "bad09.txt" in err
    assert "bad11.txt" not in err and "2 more" in err


# -- the Python API -------------------------------------------------------------------------

def test_predict_many_refuses_one_string(small_predictor):
    with pytest.raises(TypeError, match="predict"):
        small_predictor.predict_many("一段文字")


@pytest.mark.parametrize("bad", [None, 3, b"bytes", ["ok", None]])
def test_non_text_is_an_input_error(small_predictor, bad):
    from classify import InputError

    with pytest.raises(InputError):
        if isinstance(bad, list):
            small_predictor.predict_many(bad)
        else:
            small_predictor.predict(bad)


@pytest.fixture(scope="module")
def default_predictor(default_model):
    from classify import Predictor

    return Predictor.load(default_model)


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_uncertain(default_predictor, text):
    """The shipped model gives empty text `other` at 0.85, above its threshold: still uncertain."""
    p = default_predictor.predict(text)
    assert p.uncertain and abs(sum(p.scores.values()) - 1) < 1e-6
    both = default_predictor.predict_many([text, "民警走进社区讲解刷单返利诈骗套路，提醒老人不要向陌生账户转账。"])
    assert both[0].uncertain and not both[1].uncertain


def test_public_api_exports_tag_text_and_ships_py_typed(small_predictor):
    import classify

    assert "tag_text" in classify.__all__
    records = classify.tag_text(small_predictor, PAGES[0].read_text(encoding="utf-8"), "p.txt")
    assert records and records[0]["source"] == "p.txt"
    assert (Path(classify.__file__).parent / "py.typed").exists()


# -- random bytes through `classify tag -` ---------------------------------------------------

@pytest.fixture(scope="module")
def stdin_tagger(small_bundle):
    from classify.cli import main

    def tag(data: bytes) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        fake_stdin = io.TextIOWrapper(io.BytesIO(data))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                _swap(sys, "stdin", fake_stdin):
            code = main(["tag", "-", "--model", str(small_bundle), "--jobs", "1", "--timeout-per-input", "0"])
        return code, out.getvalue(), err.getvalue()

    return tag


@contextlib.contextmanager
def _swap(obj, name, value):
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(b"\x01\xc2\x85\x01")  # U+0085 (NEL) in the text: str.splitlines breaks a record at it
@example("本报讯 分行\u2028符。".encode())
@given(st.one_of(st.binary(max_size=600),
                 st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
                 st.binary(max_size=300).map(lambda b: "本报讯 民警提醒。\n".encode() + b)))
def test_random_bytes_through_tag_stdin(stdin_tagger, data):
    code, out, err = stdin_tagger(data)
    assert code in (0, 1)
    assert "Traceback" not in err
    recs = [json.loads(line) for line in out.splitlines()]
    assert recs
    for r in recs:
        assert "internal error" not in r.get("error", "")
        assert ("error" in r) == (code == 1)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_make_an_internal_error(small_predictor, data):
    outcome = process(small_predictor, "x.txt", BatchOptions(), data=data)
    assert outcome.ok or "internal error" not in outcome.records[0]["error"]


# -- the whole story, measured ---------------------------------------------------------------

def test_hostile_folder_finishes_fast_in_bounded_memory(default_model, tmp_path):
    """The acceptance run: a FIFO, a /dev/zero symlink, an /etc/passwd symlink, a Big5 page, a
    UTF-16-LE page without BOM and good pages: exit 1 within 30 s, peak RSS under 500 MB."""
    d = tmp_path / "issue"
    d.mkdir()
    build_hostile_folder(d, PAGES)
    probe = ("import resource, subprocess, sys, time, json\n"
             "t = time.monotonic()\n"
             "p = subprocess.run([sys.executable, '-m', 'classify', 'tag', sys.argv[1], '-q'], capture_output=True,"
             " timeout=120)\n"
             "print(json.dumps({'rc': p.returncode, 's': time.monotonic() - t, 'out': p.stdout.decode(),"
             " 'rss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n")
    result = json.loads(subprocess.run([sys.executable, "-c", probe, str(d)], capture_output=True, cwd=ROOT,
                                       timeout=180, check=True).stdout)
    print(f"hostile folder: exit {result['rc']}, {result['s']:.1f} s, peak RSS {result['rss_kb'] / 1024:.0f} MB")
    assert result["rc"] == 1 and result["s"] < 30 and result["rss_kb"] < 500 * 1024
    recs = [json.loads(x) for x in result["out"].splitlines()]
    errors = errors_by_name(recs)
    assert set(errors) == {"fifo.txt", "zero.txt", "passwd.txt"}
    assert all(sum(Path(r["source"]).name == n for r in recs) == 1 for n in errors)
    tagged = {Path(r["source"]).name for r in recs if "error" not in r}
    assert tagged == {"big5.txt", "utf16.txt", *(p.name for p in PAGES[:3])}


def test_jsonl_line_escapes_what_line_readers_split_on():
    from classify.write import jsonl_line

    record = {"body": "甲\x85乙\u2028丙\u2029丁\n戊"}
    line = jsonl_line(record)
    assert line.endswith("\n") and len(line.splitlines()) == 1
    assert json.loads(line) == record


def test_training_export_keeps_one_record_per_line():
    from classify.label import Labeled, training_lines

    rows = [Labeled("a1", "culture", "题", "正文\u2028第二段\x85完", "s.txt", "s.txt:1"),
            Labeled("a2", "other", "题二", "另一篇", "s.txt", "s.txt:2")]
    text = training_lines(rows)
    assert len(text.splitlines()) == 2
    assert json.loads(text.splitlines()[0])["text"] == rows[0].text
