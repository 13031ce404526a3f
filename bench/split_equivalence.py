"""Does a change to the splitter keep its output byte for byte? Dump it, then compare.

A speed change to the splitter must not change a single article, role or rule. This dumps,
for every page of the given folders, everything the splitter shows: `parse_page(text,
explain=True)` (every article field, the furniture, every line's role and rule), the line facts
as the learned tagger reads them (`LineFacts.features()`), `whole_article(text)` and
`bylines.strip_bylines(text)`; with `--tag`, also the `classify tag --jobs 1` JSONL records
and the `classify evaluate --pages` figures of each folder. Run it on the unchanged code with
`--out REF`, on the changed code with `--out NEW`, then `--compare REF NEW` names the first
differing record of each file.

    python bench/split_equivalence.py --out /tmp/ref [--tag] DIR [DIR ...]
    python bench/split_equivalence.py --compare /tmp/ref /tmp/new
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classify import bylines  # noqa: E402
from classify.normalize import split_lines  # noqa: E402
from classify.read import read_text  # noqa: E402
from classify.split import line_facts, parse_page, whole_article  # noqa: E402


def page_record(name: str, text: str) -> dict:
    page = parse_page(text, explain=True)
    return {
        "page": name,
        "articles": [a.to_dict() for a in page.articles],
        "furniture": page.furniture,
        "decisions": [[d.line, d.text, d.role, d.rule] for d in page.decisions],
        "facts": [f.features() for f in line_facts(split_lines(text))],
        "whole": whole_article(text).to_dict(),
        "stripped": bylines.strip_bylines(text),
    }


def folder_key(folder: Path) -> str:
    """A file name for a folder's dumps: its name and a short hash of its path."""
    return f"{folder.name}-{hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:8]}"


def dump(folders: list[Path], out: Path, tag: bool) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        key = folder_key(folder)
        files = sorted(p for p in folder.glob("*.txt") if p.name != "README.txt")
        with open(out / f"{key}.split.jsonl", "w", encoding="utf-8") as fh:
            for f in files:
                fh.write(json.dumps(page_record(f.name, read_text(f)), ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{folder}: {len(files)} pages split", flush=True)
        if not tag:
            continue
        cmd = [sys.executable, "-m", "classify", "tag", *map(str, files), "--jobs", "1", "-q",
               "-o", str(out / f"{key}.tag.jsonl")]
        subprocess.run(cmd, check=True, cwd=ROOT)
        if any(folder.glob("*.gold.json")):
            proc = subprocess.run([sys.executable, "-m", "classify", "evaluate", "--pages", str(folder),
                                   "--format", "json"], check=True, cwd=ROOT, capture_output=True, text=True)
            (out / f"{key}.evaluate.json").write_text(proc.stdout, encoding="utf-8")
        print(f"{folder}: tagged{' and evaluated' if any(folder.glob('*.gold.json')) else ''}", flush=True)


def compare(ref: Path, new: Path) -> int:
    bad = 0
    # a lock file holds the writer's process id: not output
    names = sorted({p.name for d in (ref, new) for p in d.iterdir() if p.suffix != ".lock"})
    for name in names:
        a, b = ref / name, new / name
        if not a.exists() or not b.exists():
            print(f"{name}: only in {'the new dump' if b.exists() else 'the reference'}")
            bad += 1
            continue
        la, lb = a.read_bytes().splitlines(), b.read_bytes().splitlines()
        if la == lb:
            continue
        bad += 1
        k = next((k for k, (x, y) in enumerate(zip(la, lb, strict=False)) if x != y), min(len(la), len(lb)))
        print(f"{name}: differs at record {k} ({len(la)} vs {len(lb)} records)")
    print(f"{len(names) - bad} of {len(names)} files identical")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, help="write the dumps here")
    parser.add_argument("--tag", action="store_true", help="also `classify tag` and `classify evaluate` each folder")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("REF", "NEW"))
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not args.out or not args.folders:
        parser.error("give --out DIR and the folders to dump, or --compare REF NEW")
    dump(args.folders, args.out, args.tag)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
