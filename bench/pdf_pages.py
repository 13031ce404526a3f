"""Tagging e-paper PDFs: articles found and exact titles, and what PDF reading costs.

    python bench/pdf_pages.py [--columns 3 4 5 6] [--runs 3]

Every gold page (tests/pages, data/samples) is set as a one-page PDF in 3, 4, 5 and 6 columns
with larger headline fonts (tests/pdfgen.py, reportlab), then tagged as `classify tag page.pdf`
does (`batch.process`, the code path of the CLI). Prints, per column count and overall: gold
articles, found (body bigram F1 >= 0.9, as `classify evaluate --pages`), exact titles among the
found (targets: found >= 98%, titles >= 95%); and the median CPU ms per page of PDF reading
(`read_pdf`) against the whole tag of the page (reading, splitting, model, summaries).
Finally one `classify tag DIR` run over all PDFs checks the CLI gives the same records.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--columns", type=int, nargs="+", default=[3, 4, 5, 6])
    ap.add_argument("--runs", type=int, default=3, help="timing runs per page (median)")
    args = ap.parse_args()

    from pdfgen import gold_page_pdf

    from classify.batch import BatchOptions, process
    from classify.evaluate import _canon, load_gold, match_articles
    from classify.pdf import read_pdf
    from classify.predictor import Predictor

    predictor = Predictor.load()
    pages = [*load_gold(ROOT / "tests" / "pages"), *load_gold(ROOT / "data" / "samples")]
    options = BatchOptions()
    totals = {"gold": 0, "found": 0, "title": 0}
    read_ms: list[float] = []
    tag_ms: list[float] = []
    misses: list[str] = []
    records_by_file: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        for cols in args.columns:
            n_gold = n_found = n_title = 0
            for page, gold in pages:
                pdf = Path(tmp) / f"{page.stem}.c{cols}.pdf"
                gold_page_pdf(page, cols, pdf, gold["articles"])
                data = pdf.read_bytes()
                r_times, t_times = [], []
                outcome = None
                for _ in range(args.runs):
                    t0 = time.process_time()
                    read_pdf(pdf, data=data)
                    r_times.append(time.process_time() - t0)
                    t0 = time.process_time()
                    outcome = process(predictor, str(pdf), options, data)
                    t_times.append(time.process_time() - t0)
                read_ms.append(1000 * statistics.median(r_times))
                tag_ms.append(1000 * statistics.median(t_times))
                assert outcome is not None
                records = [r for r in outcome.records if "error" not in r]
                records_by_file[str(pdf)] = outcome.records
                predicted = [SimpleNamespace(body=r["body"], title=r["title"]) for r in records]
                articles = gold["articles"]
                matches = match_articles(articles, predicted)
                n_gold += len(articles)
                n_found += len(matches)
                got = {gi for gi, _, _ in matches}
                for gi, pi, _ in matches:
                    if _canon(articles[gi].get("title", "")) == _canon(predicted[pi].title):
                        n_title += 1
                    else:
                        misses.append(f"{cols} cols {page.name}: title {predicted[pi].title!r}, "
                                      f"gold {articles[gi].get('title', '')!r}")
                for gi, g in enumerate(articles):
                    if gi not in got:
                        misses.append(f"{cols} cols {page.name}: not found {g.get('title') or g['first_line'][:20]!r}")
            totals["gold"] += n_gold
            totals["found"] += n_found
            totals["title"] += n_title
            print(f"{cols} columns: {len(pages)} pages, {n_gold} gold articles, found {n_found} "
                  f"({n_found / n_gold:.1%}), exact titles {n_title}/{n_found} ({n_title / max(1, n_found):.1%})")
        g, f, t = totals["gold"], totals["found"], totals["title"]
        print(f"all: {g} gold articles, found {f} ({f / g:.1%}; target >= 98%), exact titles {t}/{f} "
              f"({t / max(1, f):.1%}; target >= 95%)")
        r, w = statistics.median(read_ms), statistics.median(tag_ms)
        print(f"CPU ms per page (median of {len(read_ms)} pages, {args.runs} runs each): "
              f"PDF reading {r:.1f}, whole tag {w:.1f}; reading is {r / w:.1%} of the tag")
        cli = subprocess.run([sys.executable, "-m", "classify", "tag", tmp, "--jobs", "1", "-q",
                              "--no-join-continuations"], capture_output=True, text=True, check=False)
        # a folder is an issue: the command line also links its pages, which one page alone cannot
        links = ("page", "continued_from", "continued_to", "teaser_of", "parts", "joined")

        def unlinked(records: list[dict]) -> list[dict]:
            return [{k: v for k, v in r.items() if k not in links} for r in records]

        by_source: dict[str, list[dict]] = {}
        for line in cli.stdout.splitlines():
            rec = json.loads(line)
            by_source.setdefault(rec["source"], []).append(rec)
        same = {s: unlinked(r) for s, r in by_source.items()} == {
            s: unlinked(r) for s, r in records_by_file.items()}
        print(f"classify tag {len(records_by_file)} PDFs: exit {cli.returncode}, records identical to "
              f"the in-process run: {same}")
    for m in misses[:40]:
        print("  " + m)


if __name__ == "__main__":
    main()
