"""Score blind judgements: mean gist, fluency and rank per method, wins against lead and
textrank4zh, and the mechanical-fault share of the judged abstracts.

    python bench/judging/score.py --key /tmp/judging/key.json \\
        --ratings r1.jsonl r2.jsonl r3.jsonl

Each ratings line: {"article": id, "ratings": {"A": {"gist": g, "fluency": f, "rank": r}, ...}}
(bench/judging/PROTOCOL.md). Letters are mapped to methods with the key. A win of method M over
lead on an article means a better (lower) rank from the judge who rated it; equal ranks tie, and
so do identical candidates (judges rank identical texts next to each other in any order, so that
order says nothing). An article rated by several judges counts once per judge. The packets (`packet_*.jsonl`, next to
the key unless `--packets` says otherwise) give the candidates for the fault share. A bad line
is reported with its file and line number and skipped; the rest is still scored.
"""

from __future__ import annotations

import argparse
import glob
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _abstracts import SYSTEMS, faults  # noqa: E402


def methods_of(key: dict) -> tuple[str, ...]:
    """The key's methods, in the order of SYSTEMS (the baseline may be renamed: `ours-0.2`)."""
    names = {m for letters in key.values() for m in letters.values()}
    known = [m for m in SYSTEMS if m in names]
    return (*known, *sorted(names - set(known)))

FIELDS = ("gist", "fluency", "rank")


def read_ratings(paths: list[Path], key: dict) -> list[tuple[str, dict[str, dict[str, float]]]]:
    """(article, method -> {gist, fluency, rank}) for every valid line."""
    methods = set(methods_of(key))
    out = []
    for path in paths:
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                aid = obj["article"]
                letters = key[aid]
                rated = {letters[letter]: {f: float(v[f]) for f in FIELDS} for letter, v in obj["ratings"].items()}
                if set(rated) != methods:
                    raise ValueError(f"expected ratings for {', '.join(sorted(letters))}")
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                print(f"{path}:{n}: skipped ({type(exc).__name__}: {exc}); fix the line and rerun",
                      file=sys.stderr)
                continue
            out.append((aid, rated))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--key", type=Path, required=True)
    parser.add_argument("--ratings", type=Path, nargs="+", required=True)
    parser.add_argument("--packets", default=None, help="glob of packet_*.jsonl (default: next to the key)")
    args = parser.parse_args(argv)
    key = json.loads(args.key.read_text("utf-8"))
    rows = read_ratings(args.ratings, key)
    if not rows:
        print("no valid ratings; see the messages above", file=sys.stderr)
        return 1
    articles = sorted({a for a, _ in rows})
    pattern = args.packets or str(args.key.parent / "packet_*.jsonl")
    packets = {}
    for path in sorted(glob.glob(pattern)):
        for line in Path(path).read_text("utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                packets[r["article"]] = r

    def text(article: str, method: str) -> str | None:
        if article not in packets:
            return None
        letter = next(lt for lt, s in key[article].items() if s == method)
        return packets[article]["candidates"][letter]

    print(f"{len(rows)} judgements of {len(articles)} articles from {len(args.ratings)} files\n")
    missing = [a for a in articles if a not in packets]
    if missing:
        print(f"WARNING: no packet for {len(missing)} of {len(articles)} articles ({pattern}): identical "
              "candidates cannot be told apart there, so their ranks count as wins and losses; "
              "rebuild the packets with make_packets.py and pass --packets\n")
    methods = methods_of(key)
    others = ["lead", "textrank4zh", *(m for m in methods if m not in ("ours-new", "lead", "textrank4zh"))]
    print("| method | gist | fluency | mean rank | " + " | ".join(f"vs {o} W/L/T" for o in others) + " |")
    print("|---|---|---|---|" + "---|" * len(others))
    for m in methods:
        means = [statistics.mean(r[m][f] for _, r in rows) for f in FIELDS]
        cells = []
        for other in others:
            if other == m:
                cells.append("-")
                continue
            differ = [(a, r) for a, r in rows if text(a, m) is None or text(a, m) != text(a, other)]
            w = sum(r[m]["rank"] < r[other]["rank"] for _, r in differ)
            lost = sum(r[m]["rank"] > r[other]["rank"] for _, r in differ)
            cells.append(f"{w}/{lost}/{len(rows) - w - lost}")
        print(f"| {m} | {means[0]:.2f} | {means[1]:.2f} | {means[2]:.2f} | " + " | ".join(cells) + " |")

    # the ceiling of choosing among these candidates: the best-rated one of every judgement
    best_gist = statistics.mean(max(v["gist"] for v in r.values()) for _, r in rows)
    best_fluency = statistics.mean(max(v["fluency"] for v in r.values()) for _, r in rows)
    print(f"\nBest of the {len(methods)} candidates per judgement (a ceiling for choosing among them): "
          f"gist {best_gist:.2f}, fluency {best_fluency:.2f}")

    judged = [a for a in articles if a in packets]
    if judged:
        print(f"\nMechanical faults on the {len(judged)} judged articles (bench/_abstracts.py faults):")
        for m in methods:
            bad = 0
            for a in judged:
                letter = next(lt for lt, s in key[a].items() if s == m)
                bad += bool(faults(packets[a]["candidates"][letter], packets[a]["source"]))
            print(f"  {m}: {bad}/{len(judged)} = {100 * bad / len(judged):.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
