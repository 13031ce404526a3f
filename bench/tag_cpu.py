"""CPU cost of `classify tag --jobs 1` against one bare `jieba.lcut` pass, cold start, stages.

    python bench/tag_cpu.py                 # 500 pages, 3 rounds, the installed default backend
    python bench/tag_cpu.py --backends      # also each installed tokenizer backend

Builds a synthetic archive (our sample issue, the test pages and the seed pages, repeated to
`--pages`), then in each round measures, one right after the other so that both see the same
machine load:

* the CPU time (user + system) of one whole `classify tag --jobs 1 -o OUT` process over the
  archive (start, load, read, split, tag, summarise, write), and
* the CPU time of one bare `jieba.lcut` pass over the same texts in a fresh process (jieba's
  dictionary load excluded: the floor is tokenizing the text once with plain jieba).

It prints the ratio per round and the median (target <= 2.0); the cold start of `classify tag`
on one page (wall time, median of 5 fresh processes, target <= 0.8 s); each stage's share of
the whole process's CPU time; and with `--backends`, the ratio with a model trained with each
installed backend, and how many of jieba's tokens each backend cuts differently.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed"
JIEBA_PASS = """
import sys, time, logging, jieba
jieba.setLogLevel(logging.ERROR)
jieba.initialize()
from classify.read import read_text
texts = [read_text(p) for p in sys.argv[1:]]
t = time.process_time()
for text in texts:
    jieba.lcut(text)
print(time.process_time() - t)
"""
COLD = [sys.executable, "-m", "classify", "tag", str(sorted((ROOT / "data" / "samples").glob("*.txt"))[0]),
        "--jobs", "1", "-q"]


def sources(seed_dir: Path) -> list[Path]:
    found = [*sorted((ROOT / "data" / "samples").glob("*.txt")), *sorted((ROOT / "tests" / "pages").glob("*.txt")),
             *sorted(seed_dir.glob("*.txt"))]
    return [p for p in found if p.name != "README.txt"]


def build(directory: Path, pages: int, seed_dir: Path) -> list[Path]:
    src = sources(seed_dir)
    out = []
    for i in range(pages):
        dst = directory / f"p{i:05d}.txt"
        dst.write_bytes(src[i % len(src)].read_bytes())
        out.append(dst)
    return out


def child_cpu(cmd: list[str], env: dict | None = None,
              cwd: Path = ROOT) -> tuple[float, subprocess.CompletedProcess]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, capture_output=True, cwd=cwd, env=env, check=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc


def jieba_pass(files: list[Path]) -> float:
    _, proc = child_cpu([sys.executable, "-c", JIEBA_PASS, *map(str, files)])
    return float(proc.stdout.strip())


def tag_cpu(archive: Path, out: Path, env: dict | None = None) -> float:
    cpu, _ = child_cpu([sys.executable, "-m", "classify", "tag", str(archive), "--jobs", "1", "-q",
                        "-o", str(out)], env)
    return cpu


def cold_start(env: dict | None = None, other: tuple[dict, Path] | None = None,
               runs: int = 5) -> list[tuple[float, float, list[float]]]:
    """Wall and CPU medians (and the walls) of `runs` fresh `classify tag` processes on one
    page, as after a normal install: bytecode may be written (a shell with
    PYTHONDONTWRITEBYTECODE set would otherwise recompile every module of the package on every
    start, which no installed copy does). With `other` (env, checkout), that checkout is timed
    too, its runs taking turns with these, so that both see the same machine: one result each."""
    sides = [(dict(os.environ if env is None else env), ROOT)]
    if other is not None:
        sides.append((dict(other[0]), other[1]))
    for side_env, cwd in sides:
        side_env.pop("PYTHONDONTWRITEBYTECODE", None)
        # warm the file cache and write the bytecode
        subprocess.run(COLD, capture_output=True, check=True, cwd=cwd, env=side_env)
    walls: list[list[float]] = [[] for _ in sides]
    cpus: list[list[float]] = [[] for _ in sides]
    for _ in range(runs):
        for k, (side_env, cwd) in enumerate(sides):
            t = time.perf_counter()
            cpu, _ = child_cpu(COLD, side_env, cwd=cwd)
            walls[k].append(time.perf_counter() - t)
            cpus[k].append(cpu)
    return [(statistics.median(w), statistics.median(c), w) for w, c in zip(walls, cpus, strict=True)]


def stage_shares(files: list[Path], whole_cpu: float) -> dict[str, float]:
    """CPU seconds per stage, run in this process the way `classify tag` runs them."""
    clock = time.process_time
    spent: dict[str, float] = {}

    def timed(stage, fn, *args, **kw):
        t = clock()
        out = fn(*args, **kw)
        spent[stage] = spent.get(stage, 0.0) + clock() - t
        return out

    t0 = clock()
    from classify import Predictor

    predictor = timed("model load", Predictor.load)
    predictor.tokenizer.cut("预热")
    spent["start-up and model load"] = clock() - t0
    spent.pop("model load")
    from classify.features import prepare
    from classify.read import read_text
    from classify.split import split_page
    from classify.tag import tag_text

    clf, summarizer, cut = predictor.bundle.classifier, predictor.bundle.summarizer, predictor.tokenizer.cut
    stages = ("splitting", "bylines and tokenizing", "n-gram features", "probabilities", "top terms",
              "abstract and keywords")
    whole_pages = 0.0
    for f in files:
        text = timed("reading and decoding", read_text, str(f))
        articles = timed("splitting", split_page, text)
        prepared = [timed("bylines and tokenizing", prepare, a.title, a.body, cut) for a in articles]
        rows = timed("n-gram features", clf.transform, [p.doc for p in prepared])
        proba = timed("probabilities", clf.proba_from_features, rows)
        for i, p in enumerate(proba):
            timed("top terms", clf.top_terms, rows[i], clf.classes_[p.argmax()], 5)
        for p in prepared:
            timed("abstract and keywords", summarizer.analyze, p.text, p.tokens, 8)
        # the same page the way `classify tag` does it, to see what the stages above leave out
        t = clock()
        tag_text(predictor, text, f.name)
        whole_pages += clock() - t
    # what tag_text does besides those stages: records, the uncertain rule, script checks
    spent["records (tag_text minus stages)"] = max(whole_pages - sum(spent.get(s, 0.0) for s in stages), 0.0)
    measured = sum(spent.values())
    # what the stage run does not do at all: the worker round trip, JSON writing, the journal,
    # issue linking (which re-analyses articles joined across pages) and batch bookkeeping
    spent["the rest (batch, writing, linking)"] = max(whole_cpu - measured, 0.0)
    total = sum(spent.values())
    print(f"stage shares of the whole process's {whole_cpu:.2f}s CPU (stages timed in one process):")
    for stage, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:<36} {seconds:6.2f}s  {100 * seconds / total:5.1f}%")
    return spent


def token_difference(files: list[Path], backend: str) -> float:
    """Share of jieba's tokens (as character spans) that `backend` does not produce."""
    import logging

    import jieba

    from classify.read import read_text
    from classify.tokenize import Tokenizer

    jieba.setLogLevel(logging.ERROR)
    other = Tokenizer(backend)
    differ = total = 0
    for f in files:
        text = read_text(str(f))

        def spans(tokens):
            out, at = set(), 0
            for tok in tokens:
                out.add((at, at + len(tok)))
                at += len(tok)
            return out

        ref, got = spans(jieba.lcut(text)), spans(other.cut(text))
        total += len(ref)
        differ += len(ref - got)
    return differ / max(total, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed-dir", type=Path, default=SEED)
    ap.add_argument("--backends", action="store_true", help="also measure each installed tokenizer backend")
    ap.add_argument("--compare", type=Path, metavar="CHECKOUT",
                    help="also time another checkout of classify (e.g. main) with its own shipped model, "
                         "in the same rounds")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        archive.mkdir()
        files = build(archive, args.pages, args.seed_dir)
        chars = sum(len(f.read_text(encoding="utf-8", errors="replace")) for f in files)
        print(f"archive: {len(files)} pages, {chars:,} characters "
              f"({len(sources(args.seed_dir))} distinct pages repeated)")
        # the other checkout runs with its own package and its own shipped model
        checkout = args.compare.resolve() if args.compare else None
        compared_side = ({**os.environ, "PYTHONPATH": str(checkout),
                          "CLASSIFY_MODEL": str(checkout / "models" / "domains")}, checkout) if checkout else None
        ratios, whole, other = [], [], []
        for r in range(args.rounds):
            tag = tag_cpu(archive, Path(tmp) / "out.jsonl")
            if compared_side is not None:
                old, _ = child_cpu([sys.executable, "-m", "classify", "tag", str(archive), "--jobs", "1", "-q",
                                    "-o", str(Path(tmp) / "other.jsonl")], *compared_side)
            base = jieba_pass(files)
            ratios.append(tag / base)
            whole.append(tag)
            line = (f"  round {r + 1}: classify tag --jobs 1 {tag:.2f}s CPU, bare jieba.lcut {base:.2f}s CPU, "
                    f"ratio {tag / base:.2f}")
            if args.compare:
                other.append(old / base)
                line += f"; {args.compare} {old:.2f}s CPU, ratio {old / base:.2f}"
            print(line)
        print(f"CPU ratio, whole `classify tag --jobs 1` process / bare jieba.lcut pass: median "
              f"{statistics.median(ratios):.2f} over {args.rounds} rounds (target <= 2.0)")
        if other:
            print(f"  {args.compare}: median ratio {statistics.median(other):.2f}")
        (wall, cpu, walls), *compared = cold_start(other=compared_side)
        print(f"cold start, `classify tag` on one page: median {wall:.2f}s wall ({cpu:.2f}s CPU) over 5 runs "
              f"({', '.join(f'{w:.2f}' for w in walls)}) (target <= 0.8 s)")
        for wall, cpu, walls in compared:
            print(f"  {args.compare}, its runs taking turns with these: median {wall:.2f}s wall ({cpu:.2f}s CPU) "
                  f"({', '.join(f'{w:.2f}' for w in walls)})")
        stage_shares(files, statistics.median(whole))
        if args.backends:
            from classify.tokenize import BACKENDS, available

            data = ROOT / "data" / "labeled"
            for backend in [b for b in BACKENDS if available(b)]:
                env = {**os.environ, "CLASSIFY_TOKENIZER": backend}
                model = Path(tmp) / f"model_{backend}"
                subprocess.run([sys.executable, "-m", "classify", "train", "--data", str(data), "--out",
                                str(model), "--cv", "0", "-q"], check=True, capture_output=True, env=env, cwd=ROOT)
                env["CLASSIFY_MODEL"] = str(model)
                tag = tag_cpu(archive, Path(tmp) / f"out_{backend}.jsonl", env)
                base = jieba_pass(files)
                ((wall, _, _),) = cold_start(env)
                diff = token_difference(files[: len(sources(args.seed_dir))], backend)
                print(f"backend {backend:<10} ratio {tag / base:.2f} ({tag:.2f}s vs {base:.2f}s), cold start "
                      f"{wall:.2f}s, tokens differing from jieba {100 * diff:.3f}%")


if __name__ == "__main__":
    main()
