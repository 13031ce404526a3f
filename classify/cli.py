"""Command line: a thin layer over the library. `classify --help` lists the verbs."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence

from .errors import ClassifyError, DataError, InputError, ModelError
from .write import FORMATS

EXAMPLES = """\
verbs, one example each:
  classify tag data/samples/ -o issue.jsonl        tag every article of every page
  classify split data/samples/01_yaowen.txt --format text
  classify summarize article.txt --max-chars 120   abstract and keywords of one article
  classify train --data data/labeled --out models/mine --cv 5
  classify evaluate --data my_labels.jsonl --model models/mine
  classify evaluate --pages tests/pages            splitting accuracy on gold pages
  classify model info models/domains               read a model's manifest (no unpickling)
  classify model verify models/domains             check its sha256
  classify data check data/labeled                 counts, lengths, duplicates

exit codes: 0 ok, 1 some input or data failed, 2 usage error or unusable model
"""


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    p = argparse.ArgumentParser(
        prog="classify",
        description="Split Chinese newspaper pages into articles, tag them by domain, write abstracts.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"classify {__version__}")
    sub = p.add_subparsers(dest="verb", metavar="VERB")

    def model_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--model", help="model bundle (default: $CLASSIFY_MODEL or models/domains)")
        sp.add_argument("--allow-unverified-model", action="store_true",
                        help="load a model whose sha256 is not verified (dangerous: unpickling runs code)")

    t = sub.add_parser("tag", help="tag every article of pages (files, directories, - for stdin)",
                       description="Tag every article of every input page. Example: classify tag data/samples/")
    t.add_argument("inputs", nargs="+", metavar="INPUT")
    t.add_argument("-o", "--output", help="write here (atomically) instead of stdout")
    t.add_argument("--format", choices=FORMATS, default="jsonl")
    t.add_argument("--whole", action="store_true", help="one article per input: do not split pages")
    t.add_argument("--jobs", type=int, default=None, help="worker processes (default: number of cores)")
    t.add_argument("--resume", action="store_true", help="with -o: skip inputs already written, redo the rest")
    t.add_argument("--glob", default=None, help="files to take from directories (default: *.txt and *.pdf)")
    t.add_argument("--pages", default=None, metavar="RANGES",
                   help="PDF pages to tag, 1-based: 1-4, 3 or 1,3-5 (default: all)")
    t.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                   help="PDF pages without text: OCR them when tesseract is installed (auto), "
                        "OCR every page (always), or report them as errors (never)")
    t.add_argument("--max-bytes", type=int, default=20 * 1024 * 1024, help="larger inputs are errors")
    t.add_argument("--max-chars", type=int, default=None, help="abstract budget in characters")
    t.add_argument("--sentences", type=int, default=None, help="abstract at most this many sentences")
    t.add_argument("--threshold", type=float, default=None, help="override the model's uncertainty threshold")
    t.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary line")
    model_arg(t)

    s = sub.add_parser("split", help="split pages into articles (no model needed)",
                       description="Split raw pages into articles. Example: classify split page.txt")
    s.add_argument("pages", nargs="+", metavar="PAGE")
    s.add_argument("--format", choices=("jsonl", "text"), default="jsonl")
    s.add_argument("--explain", action="store_true",
                   help="print each line's role and the rule that decided it instead of the articles")

    m = sub.add_parser("summarize", help="abstract and keywords of one article",
                       description="Example: classify summarize article.txt --max-chars 120")
    m.add_argument("file", metavar="FILE", help="a text file or - for stdin")
    m.add_argument("--max-chars", type=int, default=120)
    m.add_argument("--sentences", type=int, default=3)
    m.add_argument("--keywords", type=int, default=8)
    m.add_argument("--backend", choices=("textrank", "textrank4zh"), default="textrank")
    m.add_argument("--model", help="use this bundle's fitted summarizer (default: built-in defaults)")

    r = sub.add_parser("train", help="train a model bundle from labeled data",
                       description="Example: classify train --data data/labeled --out models/mine")
    r.add_argument("--data", nargs="+", required=True, metavar="PATH")
    r.add_argument("--out", required=True, metavar="PATH", help="bundle path (writes PATH.joblib and PATH.json)")
    r.add_argument("--cv", type=int, default=5, help="cross-validation folds (0 to skip)")
    r.add_argument("-q", "--quiet", action="store_true")

    e = sub.add_parser("evaluate", help="accuracy of a model on labeled data, or of the splitter on gold pages",
                       description="Example: classify evaluate --data labels.jsonl")
    group = e.add_mutually_exclusive_group(required=True)
    group.add_argument("--data", nargs="+", metavar="PATH")
    group.add_argument("--pages", metavar="DIR", help="pages with PAGE.gold.json (or labels.jsonl) beside them")
    e.add_argument("--format", choices=("text", "json"), default="text")
    model_arg(e)

    mo = sub.add_parser("model", help="inspect a model bundle without unpickling it")
    msub = mo.add_subparsers(dest="model_verb", metavar="ACTION", required=True)
    mi = msub.add_parser("info", help="print the manifest")
    mi.add_argument("path", nargs="?", metavar="PATH")
    mv = msub.add_parser("verify", help="check the sha256 against the manifest")
    mv.add_argument("path", nargs="?", metavar="PATH")

    d = sub.add_parser("data", help="check labeled data")
    dsub = d.add_subparsers(dest="data_verb", metavar="ACTION", required=True)
    dc = dsub.add_parser("check", help="counts, lengths, duplicates, near-duplicates, bad rows")
    dc.add_argument("paths", nargs="+", metavar="PATH")
    dc.add_argument("--labels", help="comma-separated known labels (default: the six domains)")
    dc.add_argument("--format", choices=("text", "json"), default="text")
    return p


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.verb:
        parser.print_help()
        return 2
    try:
        handler = {
            "tag": _tag, "split": _split, "summarize": _summarize, "train": _train,
            "evaluate": _evaluate, "model": _model, "data": _data,
        }[args.verb]
        return handler(args)
    except ModelError as exc:
        print(f"classify: {exc}", file=sys.stderr)
        return 2
    except (DataError, InputError, ClassifyError) as exc:
        print(f"classify: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        print("classify: interrupted", file=sys.stderr)
        return 130


def _tag(args: argparse.Namespace) -> int:
    import os

    from .batch import (
        DEFAULT_GLOBS,
        STDIN,
        BatchOptions,
        BatchStats,
        JournaledOutput,
        list_inputs,
        progress_bar,
        run_outcomes,
        shown,
    )
    from .predictor import Predictor
    from .write import AtomicTextFile, make_writer

    if args.resume and not args.output:
        print("classify: --resume needs -o OUT (it resumes writing that file)", file=sys.stderr)
        return 2
    if args.resume and args.format != "jsonl":
        print("classify: --resume works with --format jsonl only", file=sys.stderr)
        return 2
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    from .tag_pdf import parse_pages

    try:
        pages = parse_pages(args.pages) if args.pages else None
    except ValueError as exc:
        print(f"classify: {exc}", file=sys.stderr)
        return 2
    globs = (args.glob,) if args.glob else DEFAULT_GLOBS
    problem = (
        "--jobs must be at least 1" if jobs < 1 else
        "--max-bytes must be positive" if args.max_bytes < 1 else
        f"-o {args.output} is a directory; name a file" if args.output and os.path.isdir(args.output) else
        "--glob is a pattern inside the input folders (like '*.txt'), not a path"
        if any(os.path.isabs(g) or ".." in g.replace("\\", "/").split("/") for g in globs) else ""
    )
    if problem:
        print(f"classify: {problem}", file=sys.stderr)
        return 2
    predictor = Predictor.load(args.model, threshold=args.threshold,
                               allow_unverified=args.allow_unverified_model)
    model_args = (args.model, args.threshold, args.allow_unverified_model)
    options = BatchOptions(whole=args.whole, max_bytes=args.max_bytes, max_chars=args.max_chars,
                           max_sentences=args.sentences, pages=pages, ocr=args.ocr)
    inputs = list_inputs(args.inputs, globs)
    if not inputs:
        print(f"classify: no {' or '.join(globs)} files in {' '.join(args.inputs)}", file=sys.stderr)
        return 1
    # never more than the limit (+1 byte, to know it was exceeded) from stdin
    stdin_data = sys.stdin.buffer.read(args.max_bytes + 1) if STDIN in inputs else None
    stats = BatchStats()
    bar = progress_bar(len(inputs), args.quiet)
    settings = {"model_sha256": predictor.manifest.get("sha256"), "whole": args.whole,
                "max_chars": args.max_chars, "sentences": args.sentences, "threshold": args.threshold,
                "pages": args.pages, "ocr": args.ocr}
    journal = JournaledOutput(args.output, settings) if args.output and args.format == "jsonl" else None
    done = journal.start(inputs, args.resume) if journal else set()
    if journal is not None and journal.discarded and not args.quiet:
        print(f"classify: {args.output} was written with another model or options; redoing it all",
              file=sys.stderr)
    stats.files_skipped = len(done)
    if bar is not None and done:
        bar.update(len(done))
    tasks = [(src, stdin_data if src == STDIN else None) for src in inputs if shown(src) not in done]

    def consume(write) -> None:
        for outcome in run_outcomes(predictor, model_args, tasks, options, jobs):
            write(outcome)
            if outcome.ok:
                stats.files_ok += 1
                stats.articles += len(outcome.records)
            else:
                stats.files_failed += 1
            if bar is not None:
                bar.update(1)
                bar.set_postfix(articles=stats.articles, refresh=False)

    try:
        if journal is not None:
            consume(journal.append)
            journal.finish(inputs)
        elif args.output:
            with AtomicTextFile(args.output) as stream:
                writer = make_writer(args.format, stream, predictor.labels)
                consume(lambda o: writer.write(o.records))
                writer.close()
        else:
            writer = make_writer(args.format, sys.stdout, predictor.labels)
            consume(lambda o: writer.write(o.records))
            writer.close()
    finally:
        if bar is not None:
            bar.close()
    if not args.quiet:
        print(stats.line(), file=sys.stderr)
    return 1 if stats.files_failed else 0


def _read_arg(path: str) -> str:
    from .read import decode, read_text

    if path == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>")
    return read_text(path)


def _split_units(page: str):
    """(source, text, layouts, extra keys, reading-order header) per page of one input: a text
    file is one page, a PDF one per page (each with its `pdf_page`)."""
    from .read import read_bytes

    data = sys.stdin.buffer.read() if page == "-" else read_bytes(page)
    from .tag_pdf import is_pdf

    if not is_pdf(page, data):
        from .read import decode

        yield page, decode(data, "<stdin>" if page == "-" else page), None, None
        return
    from .pdf import read_pdf

    for layout in read_pdf(page, data=data):
        if layout.needs_ocr:
            raise InputError(f"{page} page {layout.number}", "has no readable text (a scan, or fonts "
                             "without a Unicode map); `classify tag --ocr auto` reads it with tesseract")
        yield page, layout.text(), layout.layouts(), layout


def _split(args: argparse.Namespace) -> int:
    from .split import parse_page

    failed = 0
    for page in args.pages:
        try:
            units = list(_split_units(page))
        except InputError as exc:
            failed += 1
            if args.format == "jsonl":
                print(json.dumps({"source": page, "error": exc.reason}, ensure_ascii=False))
            else:
                print(f"classify: {exc}", file=sys.stderr)
            continue
        for source, text, layouts, layout in units:
            _split_one(args, parse_page(text, explain=args.explain, layouts=layouts), source, text, layout)
    return 1 if failed else 0


def _split_one(args: argparse.Namespace, parsed, page: str, text: str, layout) -> None:
    """Print one page's split; a PDF page's text form starts with its numbered reading-order
    text, the lines that `line_start`/`line_end` count."""
    extra = {} if layout is None else {"pdf_page": layout.number}
    if args.explain:
        for d in parsed.decisions:
            if args.format == "jsonl":
                print(json.dumps({"source": page, **extra, "line": d.line, "role": d.role, "rule": d.rule,
                                  "text": d.text}, ensure_ascii=False))
            else:
                print(f"{d.line:>5}  {d.role:<10} {d.rule:<44} {d.text}")
        return
    if layout is not None and args.format == "text":
        print(f"== {page} page {layout.number}: reading-order text")
        for n, line in enumerate(text.split("\n"), 1):
            print(f"{n:>5}  {line}")
        print()
    for i, a in enumerate(parsed.articles, 1):
        if args.format == "jsonl":
            rec = {"source": page, "index": i, **{k: v for k, v in a.to_dict().items()
                                                  if not k.endswith("_lines")}}
            if layout is not None:
                lines = [*a.kicker_lines, *a.title_lines, *a.byline_lines, *a.body_lines, *a.jump_lines]
                box = layout.bbox_of(lines)
                rec.update(pdf_page=layout.number, bbox=list(box) if box else None)
            print(json.dumps(rec, ensure_ascii=False))
        else:
            where = f" page {layout.number}" if layout is not None else ""
            print(f"== {page}{where} #{i} [{a.kind}] lines {a.line_start}-{a.line_end}")
            for key in ("kicker", "title", "byline", "jump"):
                if getattr(a, key):
                    print(f"{key}: {getattr(a, key)}")
            print(a.body)
            print()


def _summarize(args: argparse.Namespace) -> int:
    from .summarizers import keywords as keywords_of
    from .summarizers import summarize as summarize_text

    text = _read_arg(args.file)
    model = None
    if args.model:
        from .bundle import load_bundle

        model = load_bundle(args.model).summarizer
    summary = summarize_text(text, max_chars=args.max_chars, max_sentences=args.sentences, model=model,
                             backend=args.backend)
    words = keywords_of(text, k=args.keywords, model=model)
    print(json.dumps({"summary": summary.text, "over_budget": summary.over_budget,
                      "sentences": [s for _, _, s in summary.sentences],
                      "keywords": [w for w, _ in words]}, ensure_ascii=False))
    return 0


def _train(args: argparse.Namespace) -> int:
    from .bundle import save_bundle
    from .data import load_examples
    from .evaluate import format_report
    from .training import train

    def log(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr)

    examples = load_examples(args.data)
    _report_duplicates(examples, log)
    result = train(examples, cv=args.cv, log=log)
    manifest = save_bundle(result.bundle, args.out, result.manifest)
    if result.report:
        print(format_report(result.report, f"{result.report['folds']}-fold cross-validation"))
    print(f"threshold={manifest['threshold']}  trained in {result.seconds:.1f}s  -> {args.out}.joblib")
    return 0


def _report_duplicates(examples, log) -> None:
    from .data import exact_duplicates

    for first, repeat in exact_duplicates(examples)[0]:
        log(f"warning: duplicate text at {repeat.source}:{repeat.line} (first at {first.source}:{first.line})")


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import classification_report, evaluate_pages, format_report
    from .predictor import Predictor

    if args.pages:
        predictor = Predictor.load(args.model, allow_unverified=args.allow_unverified_model) if args.model else None
        result = evaluate_pages(args.pages, predictor)
        if args.format == "json":
            print(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            print(f"pages {result['pages']}  gold articles {result['gold_articles']}  "
                  f"predicted {result['predicted_articles']}  found {result['found']}")
            print(f"recall {result['recall']:.4f}  precision {result['precision']:.4f}  "
                  f"title exact {result['title_exact']:.4f}  mean body F1 {result['mean_body_f1']:.4f}")
            if "label_accuracy" in result:
                print(f"label accuracy on found articles {result['label_accuracy']:.4f}")
            for err in result["errors"]:
                print(f"  {err}")
            print(format_report(result["line_roles"], "line roles (gold read back from the gold fields)"))
        return 0
    from .data import load_examples
    from .features import prepare

    predictor = Predictor.load(args.model, allow_unverified=args.allow_unverified_model)
    examples = load_examples(args.data)
    preds = predictor.predict_many([prepare(e.title, e.text).doc for e in examples])
    report = classification_report([e.label for e in examples], [p.label for p in preds])
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report, f"evaluation on {', '.join(args.data)}"))
    return 0


def _model(args: argparse.Namespace) -> int:
    from .bundle import model_paths, read_manifest, verify

    if args.model_verb == "info":
        print(json.dumps(read_manifest(args.path), ensure_ascii=False, indent=2))
        return 0
    info = verify(args.path)
    print(f"ok: {model_paths(args.path)[0]} sha256 {info['sha256']}")
    return 0


def _data(args: argparse.Namespace) -> int:
    from .data import check_examples
    from .training import DISPLAY_NAMES

    labels = args.labels.split(",") if args.labels else list(DISPLAY_NAMES)
    report = check_examples(args.paths, known_labels=labels)
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("counts: " + ", ".join(f"{k} {v}" for k, v in report.counts.items()))
        print("length (characters): " + ", ".join(f"{k} {v}" for k, v in report.lengths.items()))
        print(f"duplicates: {len(report.duplicates)}  near-duplicates: {len(report.near_duplicates)}  "
              f"problems: {len(report.problems)}")
        for a, b in report.duplicates:
            print(f"  duplicate: {a} = {b}")
        for a, b, j in report.near_duplicates:
            print(f"  near-duplicate ({j}): {a} ~ {b}")
        for p in report.problems:
            print(f"  problem: {p}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
