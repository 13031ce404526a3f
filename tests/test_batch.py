from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import copy_inputs
from hypothesis import given, settings
from hypothesis import strategies as st

from classify.batch import BatchOptions, list_inputs, process
from classify.split import split_page

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "tests" / "pages").glob("*.txt"))


def run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "classify", "tag", *args], capture_output=True, cwd=ROOT,
                          timeout=timeout)


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def bad_directory(tmp: Path) -> dict[str, str]:
    """Every kind of bad input named in issue 6, plus good pages; returns name -> expected."""
    d = tmp / "inbox"
    d.mkdir()
    rng = random.Random(0)
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_text(" \n\t\n  \n", encoding="utf-8")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(2000)))
    (d / "random.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    # invalid as UTF-8 (a lone continuation byte) and as GB18030 (0x81 must lead a pair)
    (d / "not_text.txt").write_bytes(("新闻 ".encode() + b"\x81\x20abc\n") * 20)
    page = PAGES[0].read_text(encoding="utf-8")
    (d / "gbk_page.txt").write_bytes(page.encode("gb18030"))
    (d / "utf16_page.txt").write_bytes(page.encode("utf-16"))
    with open(d / "huge.txt", "wb") as f:
        f.truncate(50 * 1024 * 1024)
    (d / "one_line.txt").write_text("市场监管部门开展检查，" * 100_000, encoding="utf-8")
    (d / "page.html.txt").write_text("<html><body><p>本报讯 市图书馆开设城市书房，市民可以借阅图书。</p>"
                                     "<p>读书会每周举行。</p></body></html>", encoding="utf-8")
    (d / "traditional.txt").write_text("警方提醒市民，接到自稱客服的電話要求轉賬，一定是詐騙。", encoding="utf-8")
    (d / "english.txt").write_text("The city library opened a new reading room on Monday.", encoding="utf-8")
    (d / "good_a.txt").write_text(page, encoding="utf-8")
    (d / "good_b.txt").write_text(PAGES[1].read_text(encoding="utf-8"), encoding="utf-8")
    loop = d / "loop.txt"
    os.symlink(loop, loop)  # unreadable for every user, root included
    return {
        "empty.txt": "empty", "blank.txt": "empty", "image.txt": "binary", "random.txt": "binary",
        "not_text.txt": "neither UTF-8 nor GB18030", "huge.txt": "limit", "loop.txt": "cannot be read",
        "missing.txt": "does not exist",
    }


def test_bad_inputs_each_get_a_clear_outcome(default_model, tmp_path):
    expected = bad_directory(tmp_path)
    inbox = tmp_path / "inbox"
    out_file = tmp_path / "out.jsonl"
    proc = run(str(inbox), str(inbox / "missing.txt"), "-o", str(out_file), "--jobs", "2", "-q")
    assert proc.returncode == 1, proc.stderr
    recs = lines(out_file)
    errors = {Path(r["source"]).name: r["error"] for r in recs if "error" in r}
    for name, reason in expected.items():
        assert name in errors, f"no error record for {name}"
        assert reason in errors[name], errors[name]
        assert Path(name).name in errors[name] or len(errors[name]) > 10
    good = {Path(r["source"]).name for r in recs if "error" not in r}
    assert {"gbk_page.txt", "utf16_page.txt", "one_line.txt", "page.html.txt", "traditional.txt",
            "english.txt", "good_a.txt", "good_b.txt"} <= good
    n_page = len(split_page(PAGES[0].read_text(encoding="utf-8")))
    for name in ("good_a.txt", "gbk_page.txt", "utf16_page.txt"):
        mine = [r for r in recs if Path(r["source"]).name == name and "error" not in r]
        assert [r["index"] for r in mine] == list(range(1, n_page + 1))
    html = [r for r in recs if r["source"].endswith("page.html.txt")]
    assert "<p>" not in html[0]["body"] and "城市书房" in html[0]["body"]


def test_jobs_2_equals_jobs_1(default_model, tmp_path):
    inputs = [str(p) for p in PAGES[:6]]
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run(*inputs, "-o", str(one), "--jobs", "1", "-q").returncode == 0
    assert run(*inputs, "-o", str(two), "--jobs", "2", "-q").returncode == 0
    assert one.read_bytes() == two.read_bytes()


def processes_holding(path: Path) -> list[int]:
    """Pids of the processes with `path` or its companions (`.partial`, `.journal`, `.lock`) open,
    read from /proc as `lsof` would."""
    held = []
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd).startswith(str(path)) for fd in fd_dir.iterdir()):
                held.append(int(fd_dir.parent.name))
        except OSError:  # the process ended, or its descriptors are not ours to read
            continue
    return held


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(),
                    reason="needs /proc to see which processes hold the output (Linux)")
def test_sigkill_then_resume_loses_and_duplicates_nothing(default_model, tmp_path):
    inbox = tmp_path / "pages"
    inbox.mkdir()
    # one folder per day's issue, as archives are kept: an issue's records are written when all
    # its pages are tagged, so the kill below falls between issues that are done and some not
    for i in range(30):
        src = PAGES[i % len(PAGES)]
        day = inbox / f"day{i // 5:02d}"
        day.mkdir(exist_ok=True)
        (day / f"{i:03d}_{src.name}").write_bytes(src.read_bytes())
    clean = tmp_path / "clean.jsonl"
    assert run(str(inbox), "-o", str(clean), "--jobs", "1", "-q").returncode == 0
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "classify", "tag", str(inbox), "-o", str(out), "--jobs", "1",
                             "-q"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    partial = out.with_name(out.name + ".partial")
    deadline = time.time() + 120
    while time.time() < deadline and (not partial.exists() or partial.stat().st_size < 20_000):
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists(), "the batch finished before it could be killed; give it more pages"
    # its worker must not outlive it: an orphan would wait for tasks forever, holding the output
    deadline = time.time() + 15
    while (holders := processes_holding(out)) and time.time() < deadline:
        time.sleep(0.1)
    assert not holders, f"processes {holders} still hold {out.name}* after their batch was killed"
    resumed = run(str(inbox), "-o", str(out), "--jobs", "2", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "already done" in resumed.stderr.decode()
    assert out.read_bytes() == clean.read_bytes()
    # resuming a finished output redoes nothing and changes nothing
    again = run(str(inbox), "-o", str(out), "--resume")
    assert "30 already done" in again.stderr.decode() and out.read_bytes() == clean.read_bytes()


def test_resume_redoes_a_changed_input(default_model, tmp_path):
    a, b = copy_inputs(tmp_path, PAGES[0], PAGES[1])
    out = tmp_path / "out.jsonl"
    assert run(str(a), str(b), "-o", str(out), "-q").returncode == 0
    b.write_bytes(PAGES[2].read_bytes())
    assert run(str(a), str(b), "-o", str(out), "--resume", "-q").returncode == 0
    fresh = tmp_path / "fresh.jsonl"
    assert run(str(a), str(b), "-o", str(fresh), "-q").returncode == 0
    assert out.read_bytes() == fresh.read_bytes()


def test_list_inputs_is_deterministic_and_deduplicated(tmp_path):
    for name in ("b.txt", "a.txt", "sub/c.txt", "skip.md"):
        p = tmp_path / name
        p.parent.mkdir(exist_ok=True)
        p.write_text("x", encoding="utf-8")
    found = list_inputs([str(tmp_path), str(tmp_path / "a.txt")])
    assert [Path(f).name for f in found] == ["a.txt", "b.txt", "c.txt"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_tag_never_raises(small_predictor, text):
    outcome = process(small_predictor, "x.txt", BatchOptions(), data=text.encode("utf-8"))
    if outcome.ok:
        assert all(r["label"] in small_predictor.labels for r in outcome.records)
    else:
        assert len(outcome.records) == 1 and outcome.records[0]["error"]


def test_output_is_never_half_written(default_model, tmp_path):
    out = tmp_path / "o.jsonl"
    out.write_text("previous complete output\n", encoding="utf-8")
    proc = run(str(tmp_path / "does_not_exist.txt"), "-o", str(out), "-q")
    assert proc.returncode == 1
    assert all("error" in r for r in lines(out))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file; the symlink loop covers unreadable files")
def test_permission_denied(default_model, tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("正文。", encoding="utf-8")
    p.chmod(0)
    proc = run(str(p), "-q")
    assert proc.returncode == 1 and "permission denied" in proc.stdout.decode()


def test_undecodable_file_name_does_not_stop_the_batch(default_model, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "ok.txt").write_bytes(PAGES[0].read_bytes())
    (d / os.fsdecode(b"x\xff.txt")).write_bytes(PAGES[1].read_bytes())
    out = tmp_path / "o.jsonl"
    proc = run(str(d), "-o", str(out), "--jobs", "1", "-q")
    assert proc.returncode == 0, proc.stderr
    sources = {r["source"] for r in lines(out)}
    assert any("\\xff" in s for s in sources) and any(s.endswith("ok.txt") for s in sources)


def test_resume_redoes_work_done_with_other_options(default_model, tmp_path):
    out = tmp_path / "o.jsonl"
    assert run(str(PAGES[0]), "-o", str(out), "-q").returncode == 0
    assert len(lines(out)) > 1
    proc = run(str(PAGES[0]), "-o", str(out), "--resume", "--whole")
    assert proc.returncode == 0 and "another model or options" in proc.stderr.decode()
    assert len(lines(out)) == 1


def test_outputs_get_normal_file_permissions(default_model, tmp_path):
    out = tmp_path / "o.jsonl"
    old = os.umask(0o022)
    try:
        assert run(str(PAGES[0]), "-o", str(out), "-q").returncode == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("args", [["-o", "."], ["--jobs", "0"], ["--max-bytes", "-1"], ["--glob", "../*"]])
def test_bad_options_are_usage_errors(default_model, tmp_path, args):
    proc = run(str(PAGES[0]), *args, "-q")
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


def test_huge_single_article_stays_bounded(small_predictor):
    text = "市场监管部门开展检查，" * 200_000
    outcome = process(small_predictor, "big.txt", BatchOptions(whole=True), data=text.encode("utf-8"))
    assert outcome.ok and len(outcome.records[0]["summary"]) <= 400
