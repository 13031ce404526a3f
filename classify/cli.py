"""Command line: a thin layer over the library. `classify --help` lists the verbs."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence

from . import _jsonl
from .errors import ClassifyError, DataError, InputError, ModelError, UsageError
from .write import CSV_LISTS, FORMATS

# Limits the parsers show as defaults; the modules that enforce them own the values.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # as classify.read.DEFAULT_MAX_BYTES (not imported: no work at import)
DEFAULT_TIMEOUT = 60.0  # as classify.batch.DEFAULT_TIMEOUT

EXAMPLES = """\
verbs, one example each:
  classify tag data/samples/ -o issue.jsonl        tag every article of every page
  classify digest data/samples -o issue.html       the issue as one HTML page to read in a browser
  classify split data/samples/01_yaowen.txt --format text
  classify summarize a.txt b.txt --format text     abstract and keywords of each article (- for stdin)
  classify train --data data/labeled --out models/mine --cv 5 --param C=0.25 --param char_ngrams=1,4
  classify train --data data/labeled --out models/mine --search C=0.25,0.5,1 --stopwords ours.txt
  classify evaluate --data my_labels.jsonl --model models/domains --model models/mine --errors e.jsonl
  classify evaluate --pages tests/pages            splitting accuracy on gold pages
  classify model info models/domains               read a model's manifest (no unpickling)
  classify model verify models/domains             check its sha256
  classify model sign models/mine --key KEY        sign its manifest (ed25519, extra [sign])
  classify data check data/labeled                 counts, lengths, duplicates
  classify label export issue/ --out tasks.json --format labelstudio
  classify label import export.json --out data/mine.jsonl

exit codes: 0 ok, 1 some input or data failed, 2 usage error or unusable model
"""


def _batch_args(sp: argparse.ArgumentParser) -> None:
    """The options of a batch over inputs, shared by `tag` and `digest`."""
    sp.add_argument("--jobs", type=int, default=None, help="worker processes (default: number of cores)")
    sp.add_argument("--glob", action="append", default=None, metavar="PATTERN",
                    help="files to take from directories, case-insensitive; may repeat (default: *.txt and *.pdf)")
    sp.add_argument("--case-sensitive-glob", action="store_true", help="--glob matches case exactly")
    sp.add_argument("--follow-links", action="store_true",
                    help="read symlinks in input folders that point outside them (refused by default)")
    sp.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="larger inputs are errors")
    sp.add_argument("--timeout-per-input", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                    help=f"an input taking longer becomes an error record (default {DEFAULT_TIMEOUT:g}; 0: no limit)")
    sp.add_argument("--pages", default=None, metavar="RANGES",
                    help="PDF pages to tag, 1-based: 1-4, 3 or 1,3-5 (default: all)")
    sp.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                    help="PDF pages without text: OCR them when tesseract is installed (auto), "
                         "OCR every page (always), or report them as errors (never)")
    sp.add_argument("--max-chars", type=int, default=None, help="abstract budget in characters")
    sp.add_argument("--sentences", type=int, default=None, help="abstract at most this many sentences")
    sp.add_argument("--threshold", type=float, default=None, help="override the model's uncertainty threshold")


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
    t.add_argument("--format", choices=(*FORMATS, "parquet"), default="jsonl")
    _issue_args(t)
    t.add_argument("--whole", action="store_true", help="one article per input: do not split pages")
    t.add_argument("--resume", action="store_true", help="with -o: skip inputs already written, redo the rest")
    _batch_args(t)
    t.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary line")
    model_arg(t)
    _archive_args(t)

    g = sub.add_parser("digest", help="an issue as one self-contained HTML page (tags it first)",
                       description="Example: classify digest data/samples -o issue.html")
    g.add_argument("inputs", nargs="+", metavar="ISSUE", help="folders of pages, page files, or - for stdin")
    g.add_argument("-o", "--output", help="write here (atomically) instead of stdout")
    g.add_argument("--format", choices=("html", "md"), default="html")
    _batch_args(g)
    g.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary line")
    g.set_defaults(whole=False, resume=False)
    _issue_args(g)
    model_arg(g)

    s = sub.add_parser("split", help="split pages into articles (no model needed)",
                       description="Split raw pages into articles. Example: classify split page.txt")
    s.add_argument("pages", nargs="+", metavar="PAGE")
    s.add_argument("--format", choices=("jsonl", "text"), default="jsonl")
    s.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="larger inputs are errors")
    s.add_argument("--explain", action="store_true",
                   help="print each line's role and the rule that decided it instead of the articles")

    m = sub.add_parser("summarize", help="abstract and keywords of articles (files or - for stdin)",
                       description="Abstract and keywords of each input, one article per file, with the "
                                   "default model's summarizer and the same defaults as `tag`. "
                                   "Example: classify summarize a.txt b.txt --format text")
    m.add_argument("files", nargs="+", metavar="FILE", help="text files, or - for stdin")
    m.add_argument("--format", choices=("json", "text"), default="json",
                   help="json: one JSON line per input; text: the abstract's sentences, one per line")
    m.add_argument("--max-chars", type=int, default=None,
                   help="abstract budget in characters (default: the model's, as for tag)")
    m.add_argument("--sentences", type=int, default=None,
                   help="abstract at most this many sentences (default: the model's, as for tag)")
    m.add_argument("--keywords", type=int, default=8, metavar="K", help="keywords per input (0: none)")
    m.add_argument("--backend", choices=("textrank", "textrank4zh"), default="textrank")
    m.add_argument("--model", help="use this bundle's fitted summarizer (default: $CLASSIFY_MODEL or models/domains)")
    m.add_argument("--allow-unverified-model", action="store_true",
                   help="load a model whose sha256 is not verified (dangerous)")
    m.add_argument("--user-dict", metavar="FILE", help="jieba user dictionary (word [freq] [tag] per line)")
    m.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="a larger input is an error")

    r = sub.add_parser("train", help="train a model bundle from labeled data",
                       description="Example: classify train --data data/labeled --out models/mine")
    r.add_argument("--data", nargs="+", required=True, metavar="PATH")
    r.add_argument("--out", required=True, metavar="PATH", help="bundle path (writes PATH.joblib and PATH.json)")
    r.add_argument("--cv", type=int, default=5, help="cross-validation folds (0 to skip)")
    r.add_argument("--user-dict", metavar="FILE",
                   help="jieba user dictionary (word [freq] [tag] per line), kept in the model")
    r.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="a classifier or summarizer parameter, e.g. C=0.25, char_ngrams=1,4, max_chars=150 "
                        "(repeatable; an unknown key lists the valid ones)")
    r.add_argument("--search", action="append", default=[], metavar="KEY=V1,V2",
                   help="try these values of a classifier parameter and keep the best cross-validated "
                        "macro-F1, e.g. C=0.25,0.5,1 or char_ngrams=1-3,1-4 (repeatable: a grid)")
    r.add_argument("--stopwords", metavar="FILE",
                   help="more stopwords (one per line) for keywords and abstracts, kept in the model")
    r.add_argument("--stopwords-replace", action="store_true",
                   help="with --stopwords: use that list instead of the package's")
    r.add_argument("--label-field", default="label",
                   help="JSONL key or CSV column holding the label (default: label)")
    r.add_argument("--names", metavar="FILE",
                   help="display names for labels: JSON {label: name} or CSV with label,name columns")
    r.add_argument("-q", "--quiet", action="store_true")

    e = sub.add_parser("evaluate", help="accuracy of a model on labeled data, or of the splitter on gold pages",
                       description="Example: classify evaluate --data labels.jsonl")
    group = e.add_mutually_exclusive_group(required=True)
    group.add_argument("--data", nargs="+", metavar="PATH")
    group.add_argument("--pages", metavar="DIR", help="pages with PAGE.gold.json (or labels.jsonl) beside them")
    e.add_argument("--format", choices=("text", "json"), default="text")
    e.add_argument("--model", action="append", metavar="PATH",
                   help="model bundle; repeat to compare models side by side "
                        "(default: $CLASSIFY_MODEL or models/domains)")
    e.add_argument("--allow-unverified-model", action="store_true",
                   help="load models whose sha256 is not verified (dangerous)")
    e.add_argument("--errors", metavar="FILE",
                   help="with --data: write the misclassified rows here (JSONL, most confident first)")
    e.add_argument("--k", type=int, default=2, help="with --data: report top-k accuracy (default: 2)")

    mo = sub.add_parser("model", help="inspect a model bundle without unpickling it")
    msub = mo.add_subparsers(dest="model_verb", metavar="ACTION", required=True)
    mi = msub.add_parser("info", help="print the manifest")
    mi.add_argument("path", nargs="?", metavar="PATH")
    mv = msub.add_parser("verify", help="check the sha256 against the manifest")
    mv.add_argument("path", nargs="?", metavar="PATH")
    ms = msub.add_parser("sign", help="sign the manifest with an ed25519 key (writes PATH.sig)")
    ms.add_argument("path", nargs="?", metavar="PATH")
    ms.add_argument("--key", required=True, metavar="KEY", help="private key file (classify model keygen)")
    mk = msub.add_parser("keygen", help="make an ed25519 key pair: KEY (private) and KEY.pub")
    mk.add_argument("key", metavar="KEY")

    d = sub.add_parser("data", help="check labeled data")
    dsub = d.add_subparsers(dest="data_verb", metavar="ACTION", required=True)
    dc = dsub.add_parser("check", help="counts, lengths, duplicates, near-duplicates, bad rows")
    dc.add_argument("paths", nargs="+", metavar="PATH")
    dc.add_argument("--labels", help="comma-separated known labels; others are problems (default: any label)")
    dc.add_argument("--min-per-label", type=int, default=None,
                    help="fewer rows of a label is a problem (default: 10)")
    dc.add_argument("--label-field", default="label", help="JSONL key or CSV column holding the label")
    dc.add_argument("--format", choices=("text", "json"), default="text")

    la = sub.add_parser("label", help="export articles to a labeling tool and import the labels back")
    lsub = la.add_subparsers(dest="label_verb", metavar="ACTION", required=True)
    lx = lsub.add_parser("export", help="tag inputs and write the articles most worth labeling first",
                         description="Example: classify label export issue/ --out tasks.json --format labelstudio")
    lx.add_argument("inputs", nargs="+", metavar="INPUT", help="pages (files, folders) or `classify tag` JSONL")
    lx.add_argument("--out", required=True, metavar="FILE")
    lx.add_argument("--format", choices=("labelstudio", "doccano", "csv"), default="labelstudio")
    lx.add_argument("--select", choices=("margin", "uncertain", "all"), default="margin",
                    help="margin: all, least sure first (default); uncertain: flagged only; all: input order")
    lx.add_argument("--limit", type=int, default=None, help="at most this many articles")
    lx.add_argument("--add-label", action="append", default=[], metavar="LABEL",
                    help="offer a label the model does not know (repeatable)")
    lx.add_argument("--whole", action="store_true", help="one article per input: do not split pages")
    lx.add_argument("--glob", default="*.txt", help="files to take from directories (default: *.txt)")
    lx.add_argument("--jobs", type=int, default=1, help="worker processes (default: 1)")
    model_arg(lx)
    li = lsub.add_parser("import", help="read labeling-tool exports back as training JSONL",
                         description="Example: classify label import export.json --out data/mine.jsonl")
    li.add_argument("exports", nargs="+", metavar="EXPORT",
                    help="Label Studio JSON / JSON-MIN / CSV, doccano JSONL, or our CSV; later files win")
    li.add_argument("--out", required=True, metavar="FILE", help="training JSONL to write")
    li.add_argument("--tasks", nargs="+", default=[], metavar="FILE",
                    help="the files `label export` wrote, to restore text an export left out")
    return p


def _issue_args(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--join-continuations", action=argparse.BooleanOptionalAction, default=None,
                    help="also write one joined article per story continued across pages "
                         "(default: on when an input is a folder)")
    sp.add_argument("--excel", action="store_true", help="CSV: start with a UTF-8 BOM so that Excel reads it")
    sp.add_argument("--csv-lists", choices=CSV_LISTS, default="pipe",
                    help="CSV: lists joined with ' | ' (pipe, default), '；' (semicolon) or as JSON arrays")
    sp.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the md/html digests")


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
            "tag": _tag, "digest": _tag, "split": _split, "summarize": _summarize, "train": _train,
            "evaluate": _evaluate, "model": _model, "data": _data, "label": _label,
        }[args.verb]
        return handler(args)
    except (ModelError, UsageError) as exc:
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

    if (getattr(args, "out_dir", None) is not None or args.format == "parquet"
            or getattr(args, "engine", "local") != "local" or getattr(args, "scheduler", None)):
        return _tag_archive(args)

    from .batch import DEFAULT_PATTERNS, collect_inputs, output_target
    from .write import OutputLock

    output = None if args.output in (None, "-") else args.output  # `-o -` is stdout
    patterns = args.glob or list(DEFAULT_PATTERNS)
    if args.resume and not output:
        print("classify: --resume needs -o OUT (it resumes writing that file)", file=sys.stderr)
        return 2
    if args.resume and args.format != "jsonl":
        print("classify: --resume works with --format jsonl only", file=sys.stderr)
        return 2
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    from .tag_pdf import parse_pages

    try:
        parse_pages(args.pages) if args.pages else None  # checked before anything is read
    except ValueError as exc:
        print(f"classify: {exc}", file=sys.stderr)
        return 2
    bad_glob = [g for g in patterns if os.path.isabs(g) or ".." in g.replace("\\", "/").split("/")]
    problem = (
        "--jobs must be at least 1" if jobs < 1 else
        "--max-bytes must be positive" if args.max_bytes < 1 else
        "--timeout-per-input must be 0 (no limit) or more" if not args.timeout_per_input >= 0 else
        f"--glob {bad_glob[0]} is a path; give a pattern inside the input folders (like '*.txt')"
        if bad_glob else ""
    )
    if problem:
        print(f"classify: {problem}", file=sys.stderr)
        return 2
    found = collect_inputs(args.inputs, patterns, follow_links=args.follow_links,
                           case_sensitive=args.case_sensitive_glob)
    inputs = found.paths
    if not inputs:
        print(f"classify: no {' or '.join(patterns)} files in {' '.join(args.inputs)}", file=sys.stderr)
        return 1
    target = output_target(output, args.inputs, inputs, patterns, args.case_sensitive_glob) if output else None
    with contextlib.ExitStack() as stack:
        if target is not None:  # before anything slow: a second batch on OUT stops at once
            try:
                stack.enter_context(OutputLock(target))
            except OSError as exc:
                print(f"classify: cannot write {output}: {exc.strerror or exc} (for its lock "
                      f"{exc.filename or ''}); check the folder's permissions and free space", file=sys.stderr)
                return 1
        return _tag_locked(args, inputs, found.refused, target, jobs)


def _tag_locked(args: argparse.Namespace, inputs: list[str], refused: dict[str, str], target: str | None,
                jobs: int) -> int:
    from .batch import STDIN, BatchOptions
    from .predictor import Predictor
    from .tag_pdf import parse_pages

    predictor = Predictor.load(args.model, threshold=args.threshold,
                               allow_unverified=args.allow_unverified_model)
    model_args = (args.model, args.threshold, args.allow_unverified_model)
    options = BatchOptions(whole=args.whole, max_bytes=args.max_bytes, max_chars=args.max_chars,
                           max_sentences=args.sentences, timeout=args.timeout_per_input or None,
                           pages=parse_pages(args.pages) if args.pages else None, ocr=args.ocr)
    # never more than the limit (+1 byte, to know it was exceeded) from stdin
    stdin_data = sys.stdin.buffer.read(args.max_bytes + 1) if STDIN in inputs else None
    try:
        return _run_batch(args, predictor, model_args, options, inputs, refused, stdin_data, target, jobs)
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        where = args.output if target is not None else "stdout"
        print(f"classify: cannot write {where}: {exc.strerror or exc}; free some space, fix the "
              "folder's permissions or choose another -o (with -o, --resume goes on from here)",
              file=sys.stderr)
        return 1


def _run_batch(args, predictor, model_args, options, inputs, refused, stdin_data, target, jobs) -> int:
    from .batch import STDIN, BatchStats, JournaledOutput, progress_bar, run_outcomes, shown
    from .write import AtomicTextFile, make_writer

    stats = BatchStats()
    bar = progress_bar(len(inputs), args.quiet)
    join = args.join_continuations
    if join is None:
        join = any(a != STDIN and os.path.isdir(a) for a in args.inputs)
    settings = {"model_sha256": predictor.manifest.get("sha256"), "whole": args.whole,
                "max_chars": args.max_chars, "sentences": args.sentences, "threshold": args.threshold,
                "join": join, "pages": args.pages, "ocr": args.ocr}
    journal = JournaledOutput(target, settings) if target is not None and args.format == "jsonl" else None
    done = journal.start(inputs, args.resume) if journal else set()
    if journal is not None and not args.quiet:
        if journal.discarded:
            print(f"classify: {args.output} was written with another model or options; redoing it all",
                  file=sys.stderr)
        for note in journal.notes:
            print(f"classify: {note}", file=sys.stderr)
    stats.files_skipped = len(done)
    if bar is not None and done:
        bar.update(len(done))
    tasks = [(src, stdin_data if src == STDIN else None, refused.get(src))
             for src in inputs if shown(src) not in done]

    slow: list[str] = []  # long inputs still running, named on the bar

    def show() -> None:
        assert bar is not None
        where = f", on {shown(slow[-1])}" if slow else ""
        bar.set_postfix_str(f"articles={stats.articles}{where}")

    def progress(event: str, source: str) -> None:
        """Counts files as they finish (in any order); a long one is named while it runs, so
        a slow input is seen to be slow, not stuck."""
        if bar is None:
            return
        if event == "done":
            if source in slow:
                slow.remove(source)
            bar.update(1)
        else:
            slow.append(source)
        show()

    issues = _issues(args, inputs, [task[0] for task in tasks], predictor, join)

    def consume(write) -> None:
        for done_one in run_outcomes(predictor, model_args, tasks, options, jobs, progress):
            for outcome in issues.feed(done_one):  # an issue's pages come out once all are tagged
                write(outcome)
                stats.add(outcome)
            if bar is not None:
                show()

    try:
        if journal is not None:
            consume(journal.append)
            journal.finish(inputs)
        elif target is not None:
            with AtomicTextFile(target) as stream:
                writer = make_writer(args.format, stream, predictor.labels, **_writer_options(args))
                consume(lambda o: writer.write(o.records))
                writer.close()
        else:
            writer = make_writer(args.format, sys.stdout, predictor.labels, **_writer_options(args))
            consume(lambda o: writer.write(o.records))
            writer.close()
    finally:
        if bar is not None:
            bar.close()
    if not args.quiet:
        print(stats.line(), file=sys.stderr)
    return 1 if stats.files_failed else 0


def _writer_options(args: argparse.Namespace) -> dict:
    return {"lists": args.csv_lists, "bom": args.excel, "lang": args.lang}


def _issues(args: argparse.Namespace, inputs: list[str], sources: list[str], predictor, join: bool):
    """Groups the inputs into issues (a folder of pages, or the files named together) and links
    each issue's pages once all of them are tagged."""
    import functools
    import os

    from .issue import IssueAssembler, issue_of
    from .tag import analysis_fields

    folders = [a for a in args.inputs if a != "-" and os.path.isdir(a)]
    keys = {src: issue_of(src, folders) for src in inputs}
    analyze = functools.partial(analysis_fields, predictor, max_chars=args.max_chars,
                                max_sentences=args.sentences) if join else None
    return IssueAssembler(sources, keys, analyze, all_sources=inputs)


# -- archive runs (`tag --out-dir`): partitioned output, local pool or Dask ---------------------

def _archive_args(t: argparse.ArgumentParser) -> None:
    g = t.add_argument_group("archives (partitioned output, resumable, local or Dask)")
    g.add_argument("--out-dir", metavar="OUT",
                   help="write part-NNNNN files, a plan and markers here; re-running skips finished partitions")
    g.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local process pool (--jobs) or Dask (default: local)")
    g.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (default: a local cluster)")
    g.add_argument("--partition-size", type=int, default=None, metavar="N",
                   help="inputs per partition (default: 500)")
    g.add_argument("--ship-model", action="store_true",
                   help="send the verified model's bytes to the Dask workers instead of its path")


def _tag_archive(args: argparse.Namespace) -> int:
    from .archive import DEFAULT_PARTITION_SIZE, ArchiveError, start_dask, tag_archive
    from .batch import DEFAULT_PATTERNS, BatchOptions

    problem = (
        "--format parquet, --engine and --scheduler need --out-dir OUT" if args.out_dir is None else
        f"--format {args.format} is not an archive format; use jsonl or parquet"
        if args.format not in ("jsonl", "parquet") else
        "--out-dir writes its own files; drop -o" if args.output else
        "--resume is not needed with --out-dir: re-running skips finished partitions" if args.resume else
        "--scheduler needs --engine dask" if args.scheduler and args.engine != "dask" else
        "--ship-model needs --engine dask" if args.ship_model and args.engine != "dask" else
        "--jobs is for --engine local; a Dask cluster has its own workers"
        if args.jobs is not None and args.engine == "dask" else
        "--jobs must be at least 1" if args.jobs is not None and args.jobs < 1 else
        "--partition-size must be at least 1" if args.partition_size is not None and args.partition_size < 1 else
        "--max-bytes must be positive" if args.max_bytes < 1 else ""
    )
    if problem:
        print(f"classify: {problem}", file=sys.stderr)
        return 2
    options = BatchOptions(whole=args.whole, max_bytes=args.max_bytes, max_chars=args.max_chars,
                           max_sentences=args.sentences)
    client = None
    try:
        if args.engine == "dask":
            client = start_dask(args.scheduler)
            if not args.quiet:
                print(f"classify: Dask dashboard at {client.dashboard_link}", file=sys.stderr)
        summary = tag_archive(args.inputs, args.out_dir, client=client, fmt=args.format,
                              partition_size=args.partition_size or DEFAULT_PARTITION_SIZE,
                              model=args.model, threshold=args.threshold,
                              allow_unverified=args.allow_unverified_model, options=options,
                              jobs=args.jobs, glob=args.glob or list(DEFAULT_PATTERNS), ship_model=args.ship_model,
                              progress=not args.quiet)
    except ArchiveError as exc:
        print(f"classify: {exc}", file=sys.stderr)
        return 2
    finally:
        if client is not None:
            cluster = client.cluster
            client.close()
            if cluster is not None and not args.scheduler:
                cluster.close()
    for problem in summary.problems:
        print(f"classify: {problem}", file=sys.stderr)
    if not args.quiet:
        print(summary.line(), file=sys.stderr)
    return 1 if summary.files_failed or summary.problems else 0


def _read_arg(path: str, max_bytes: int | None) -> str:
    from .read import decode, read_bounded, read_text

    if path == "-":
        return decode(read_bounded(sys.stdin.buffer, "<stdin>", max_bytes), "<stdin>")
    return read_text(path, max_bytes)


def _split_units(page: str, max_bytes: int | None):
    """(source, text, layouts, extra keys, reading-order header) per page of one input: a text
    file is one page, a PDF one per page (each with its `pdf_page`)."""
    from .read import read_bounded, read_bytes

    data = read_bounded(sys.stdin.buffer, "<stdin>", max_bytes) if page == "-" else read_bytes(page, max_bytes)
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
            units = list(_split_units(page, args.max_bytes))
        except InputError as exc:
            failed += 1
            if args.format == "jsonl":
                print(_jsonl.text({"source": page, "error": exc.reason}))
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
                print(_jsonl.text({"source": page, **extra, "line": d.line, "role": d.role, "rule": d.rule,
                                   "text": d.text}))
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
            print(_jsonl.text(rec))
        else:
            where = f" page {layout.number}" if layout is not None else ""
            print(f"== {page}{where} #{i} [{a.kind}] lines {a.line_start}-{a.line_end}")
            for key in ("kicker", "title", "byline", "jump"):
                if getattr(a, key):
                    print(f"{key}: {getattr(a, key)}")
            print(a.body)
            print()


def _summarize(args: argparse.Namespace) -> int:
    """Each input is one article, prepared as `tag --whole` prepares it (columns mended, bylines
    moved out) and summarised by the model's fitted summarizer with the same defaults, so
    `summarize` and `tag` give the same abstract and keywords for the same text."""
    from .bundle import load_bundle
    from .features import prepare
    from .split import whole_article
    from .summarizers import TextRankSummarizer
    from .summarizers import summarize as summarize_text
    from .tokenize import get_tokenizer, read_user_dict

    problem = ("--max-chars must be at least 1" if args.max_chars is not None and args.max_chars < 1 else
               "--sentences must be at least 1" if args.sentences is not None and args.sentences < 1 else
               "--keywords must be 0 or more" if args.keywords < 0 else
               "- (stdin) can be given once" if args.files.count("-") > 1 else "")
    if problem:
        print(f"classify: {problem}", file=sys.stderr)
        return 2
    bundle = load_bundle(args.model, allow_unverified=args.allow_unverified_model)
    model = bundle.summarizer
    if model is None:
        print("classify: warning: the model has no fitted summarizer; using the built-in defaults",
              file=sys.stderr)
        model = TextRankSummarizer()
    base = bundle.make_tokenizer()
    entries = read_user_dict(args.user_dict) if args.user_dict else ()
    tokenizer = get_tokenizer(base.backend, base.user_dict + entries) if entries else base
    failed = 0
    several = len(args.files) > 1
    for n, source in enumerate(args.files):
        try:
            raw = _read_arg(source, args.max_bytes)
            if not raw.strip():
                raise InputError(source, "is empty (no text); give a file with the article's text")
        except InputError as exc:
            failed += 1
            if args.format == "json":
                print(_jsonl.text({"source": source, "error": exc.reason}), flush=True)
            else:
                print(f"classify: {exc}", file=sys.stderr)
            continue
        article = whole_article(raw)
        prepared = prepare(article.title, article.body, tokenizer.cut)
        text, tokens = prepared.text, prepared.tokens
        if args.backend == "textrank4zh":
            summary = summarize_text(text, max_chars=args.max_chars or model.max_chars,
                                     max_sentences=args.sentences or model.max_sentences,
                                     backend="textrank4zh")
            words = model.keywords(text, k=args.keywords, tokens=tokens) if text.strip() else []
        elif text.strip():
            summary, words = model.analyze(text, tokens=tokens, k=args.keywords, max_chars=args.max_chars,
                                           max_sentences=args.sentences)
        else:
            summary, words = summarize_text(""), []
        if args.format == "json":
            print(_jsonl.text({"source": source, "summary": summary.text, "over_budget": summary.over_budget,
                               "sentences": [s for _, _, s in summary.sentences],
                               "keywords": [w for w, _ in words]}), flush=True)
            continue
        if several:
            print(("\n" if n else "") + f"== {source}")
        for _, _, sentence in summary.sentences:
            print(sentence)
        if words:
            print("keywords: " + " ".join(w for w, _ in words))
    return 1 if failed else 0


def _train(args: argparse.Namespace) -> int:
    from .bundle import save_bundle
    from .data import display_names_from_rows, load_sources, read_display_names
    from .evaluate import format_report
    from .training import train

    def log(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr)

    from ._params import ParameterError
    from .tokenize import get_tokenizer, read_user_dict
    from .training import parse_params, parse_search

    try:
        params, summarizer_params = parse_params(args.param)
        search = parse_search(args.search)
        overlap = sorted(set(params) & set(search))
        if overlap:
            raise ParameterError(f"{', '.join(overlap)} given to both --param and --search; keep one")
        if search and args.cv < 2:
            raise ParameterError("--search chooses by cross-validated macro-F1; it needs --cv 2 or more")
        if args.stopwords_replace and not args.stopwords:
            raise ParameterError("--stopwords-replace needs --stopwords FILE (the list to use instead)")
    except ParameterError as exc:
        print(f"classify: {exc}", file=sys.stderr)
        return 2
    stopwords_info = None
    if args.stopwords:
        from .summarizers.base import read_stopwords

        words = read_stopwords(args.stopwords)
        summarizer_params.update(stop_words=words, package_stop_words=not args.stopwords_replace)
        stopwords_info = {"file": os.path.basename(args.stopwords), "words": len(words),
                          "replace_package_list": bool(args.stopwords_replace)}
    tokenizer = get_tokenizer(None, read_user_dict(args.user_dict) if args.user_dict else ())
    merged = load_sources(args.data, args.label_field)
    _report_merge(merged, log)
    examples = merged.examples
    names = display_names_from_rows(examples)
    if args.names:
        names.update(read_display_names(args.names))
    try:
        result = train(examples, cv=args.cv, display_names=names, log=log, tokenizer=tokenizer,
                       params=params, summarizer_params=summarizer_params, search=search)
    except ParameterError as exc:
        print(f"classify: {exc}", file=sys.stderr)
        return 2
    if stopwords_info:
        result.manifest["stopwords"] = stopwords_info
    manifest = save_bundle(result.bundle, args.out, result.manifest)
    if result.report:
        print(format_report(result.report, f"{result.report['folds']}-fold cross-validation"))
    if "search" in manifest:
        best = ", ".join(f"{k}={v}" for k, v in manifest["search"]["best"].items())
        print(f"search: best cross-validated macro-F1 with {best} "
              f"({len(manifest['search']['scores'])} combinations tried)")
    print(f"threshold={manifest['threshold']}  trained in {result.seconds:.1f}s  -> {args.out}.joblib")
    return 0


def _report_merge(merged, log) -> None:
    """Duplicates, conflicts and overrides found while merging the --data sources."""
    for first, repeat in merged.duplicates:
        log(f"warning: duplicate text at {repeat.source}:{repeat.line} (first at {first.source}:{first.line})")
    for a, b in merged.conflicts:
        log(f"warning: conflict: {a.source}:{a.line} says {a.label!r}, {b.source}:{b.line} says "
            f"{b.label!r} for the same article; left out, fix one of them")
    if merged.overridden:
        log(f"{len(merged.overridden)} articles relabeled by a later --data source")


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_pages, format_report
    from .predictor import Predictor

    models = args.model or [None]
    if args.pages and (args.errors or args.k != 2):
        print("classify: --errors and --k work with --data (labeled rows), not --pages", file=sys.stderr)
        return 2
    if args.k < 1:
        print("classify: --k must be at least 1", file=sys.stderr)
        return 2
    if len(set(models)) < len(models):
        print("classify: the same --model is given twice; name each model once", file=sys.stderr)
        return 2

    def load(path: str | None) -> Predictor:
        return Predictor.load(path, allow_unverified=args.allow_unverified_model)

    if args.pages:
        results = []
        for path in (models if args.model else [None]):
            predictor = load(path) if args.model else None
            results.append((path, evaluate_pages(args.pages, predictor)))
        if args.format == "json":
            out = results[0][1] if len(results) == 1 else {
                "models": [{"model": path, **result} for path, result in results]}
            print(json.dumps(out, ensure_ascii=False, indent=2))
            return 0
        for path, result in results:
            if len(results) > 1:
                print(f"== {path}")
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
    return _evaluate_data(args, models, load)


def _evaluate_data(args: argparse.Namespace, models: list, load) -> int:
    """One report per model on the same labeled rows, side by side, and their errors."""
    from .bundle import default_model_path
    from .data import load_examples
    from .evaluate import error_rows, format_report, format_side_by_side, model_report, sort_errors
    from .features import prepare
    from .write import AtomicTextFile

    predictors = [load(path) for path in models]  # every model is checked before any work
    examples = load_examples(args.data)
    gold = [e.label for e in examples]
    named: list[tuple[str, dict]] = []
    errors: list[dict] = []
    docs_by_tokenizer: dict[int, list] = {}
    for path, predictor in zip(models, predictors, strict=True):
        name = str(path) if path is not None else str(default_model_path().with_suffix(""))
        docs = docs_by_tokenizer.get(id(predictor.tokenizer))
        if docs is None:  # one tokenization per tokenizer, shared by the models that use it
            docs = [prepare(e.title, e.text, predictor.tokenizer.cut).doc for e in examples]
            docs_by_tokenizer[id(predictor.tokenizer)] = docs
        preds = predictor.predict_many(docs)
        report = model_report(gold, preds, args.k)
        named.append((name, report))
        errors += error_rows(examples, preds, name)
    if args.errors:
        with AtomicTextFile(args.errors) as stream:
            for row in sort_errors(errors):
                stream.write(_jsonl.line(row))
    if args.format == "json":
        out = named[0][1] if len(named) == 1 else {
            "data": list(args.data), "models": [{"model": name, **report} for name, report in named]}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return _unknown_labels(examples, predictors, models)
    print(f"evaluation on {', '.join(args.data)}")
    if len(named) > 1:
        print(format_side_by_side(named))
        print()
    for name, report in named:
        print(format_report(report, f"== {name}"))
        print()
    if args.errors:
        print(f"{len(errors)} misclassified rows -> {args.errors}")
    return _unknown_labels(examples, predictors, models)


def _unknown_labels(examples: list, predictors: list, models: list) -> int:
    """Exit 1 with one line per model when the data holds labels the model cannot predict:
    its scores on them measure nothing, and a newsroom adding labels must hear so."""
    from collections import Counter

    status = 0
    for path, predictor in zip(models, predictors, strict=True):
        known = set(predictor.labels)
        unknown = Counter(e.label for e in examples if e.label not in known)
        if unknown:
            listed = ", ".join(f"{lab!r} ({n} rows)" for lab, n in sorted(unknown.items()))
            shown = f" {path}" if path is not None else ""
            print(f"classify: the model{shown} does not know the labels {listed}: it can never predict "
                  f"them, so these scores are not a measure of it; train a model with them "
                  f"(classify train --data ...)", file=sys.stderr)
            status = 1
    return status
    return 0


def _model(args: argparse.Namespace) -> int:
    from .bundle import model_paths, read_manifest, verify

    if args.model_verb == "info":
        print(json.dumps(read_manifest(args.path), ensure_ascii=False, indent=2))
        return 0
    if args.model_verb in ("sign", "keygen"):
        from . import signing

        if args.model_verb == "keygen":
            try:
                private, public = signing.generate_key(args.key)
            except FileExistsError:
                print(f"classify: {args.key} exists; choose a new file name", file=sys.stderr)
                return 2
            print(f"private key {private} (keep it secret), public key {public} (give it out)")
            return 0
        print(f"signed: {signing.sign(args.path, args.key)}")
        return 0
    info = verify(args.path)
    print(f"ok: {model_paths(args.path)[0]} sha256 {info['sha256']}")
    return 0


def _data(args: argparse.Namespace) -> int:
    from .data import MIN_PER_LABEL, check_examples

    labels = [lab.strip() for lab in args.labels.split(",")] if args.labels else None
    minimum = MIN_PER_LABEL if args.min_per_label is None else args.min_per_label
    report = check_examples(args.paths, known_labels=labels, min_per_label=minimum,
                            label_field=args.label_field)
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("counts: " + ", ".join(f"{k} {v}" for k, v in report.counts.items()))
        print("length (characters): " + ", ".join(f"{k} {v}" for k, v in report.lengths.items()))
        print(f"duplicates: {len(report.duplicates)}  near-duplicates: {len(report.near_duplicates)}  "
              f"problems: {len(report.problems)}")
        print(f"conflicts (one text, two labels): {len(report.conflicts)}")
        for a, la, b, lb in report.conflicts:
            print(f"  conflict: {a} says {la!r}, {b} says {lb!r}")
        for a, b in report.duplicates:
            print(f"  duplicate: {a} = {b}")
        for a, b, j in report.near_duplicates:
            print(f"  near-duplicate ({j}): {a} ~ {b}")
        for p in report.problems:
            print(f"  problem: {p}")
    return 0 if report.ok else 1


def _label(args: argparse.Namespace) -> int:
    if args.label_verb == "export":
        return _label_export(args)
    return _label_import(args)


def _label_export(args: argparse.Namespace) -> int:
    from .batch import BatchOptions, collect_inputs, run_outcomes
    from .label import candidates as pick
    from .label import config_path, labelstudio_config, render
    from .predictor import Predictor
    from .read import read_text
    from .write import AtomicTextFile

    if args.limit is not None and args.limit < 1:
        print("classify: --limit must be at least 1", file=sys.stderr)
        return 2
    predictor = Predictor.load(args.model, allow_unverified=args.allow_unverified_model)
    records: list[dict] = []
    failed = 0
    tag_outputs = [a for a in args.inputs if a.endswith(".jsonl")]
    pages = [a for a in args.inputs if not a.endswith(".jsonl")]
    for path in tag_outputs:  # already tagged: take the records as they are
        for n, line in enumerate(read_text(path, max_bytes=None).split("\n"), 1):
            if line.strip():
                try:
                    rec = json.loads(line)
                except ValueError:
                    raise DataError(path, n, "is not valid JSON; pass pages or `classify tag` JSONL") from None
                missing = [] if isinstance(rec, dict) and "error" in rec else [
                    k for k in ("body", "label", "confidence", "scores") if not isinstance(rec, dict) or k not in rec]
                if missing:
                    raise DataError(path, n, f"is not a `classify tag` record (no {', '.join(missing)}); "
                                    "pass pages, or the JSONL that `classify tag` wrote")
                records.append(rec)
    if pages:
        found = collect_inputs(pages, [args.glob] if isinstance(args.glob, str) else args.glob)
        options = BatchOptions(whole=args.whole)
        model_args = (args.model, None, args.allow_unverified_model)
        tasks = [(s, None, found.refused.get(s)) for s in found.paths]
        for outcome in run_outcomes(predictor, model_args, tasks, options, args.jobs):
            if not outcome.ok:
                failed += 1
                print(f"classify: {outcome.records[0]['source']}: {outcome.records[0]['error']}", file=sys.stderr)
            records.extend(r for r in outcome.records if "error" not in r)
    items = pick(records, args.select, args.limit)
    version = f"classify {predictor.manifest.get('sha256', 'unverified')[:12]}"
    with AtomicTextFile(args.out) as stream:
        stream.write(render(items, args.format, version))
    if args.format == "labelstudio":
        labels = list(predictor.labels) + [lab for lab in args.add_label if lab not in predictor.labels]
        with AtomicTextFile(config_path(args.out)) as stream:
            stream.write(labelstudio_config(labels, predictor.bundle.display_names))
    flagged = sum(c.uncertain for c in items)
    extra = f" and its labeling config {config_path(args.out)}" if args.format == "labelstudio" else ""
    print(f"classify: {len(items)} articles ({flagged} uncertain) -> {args.out}{extra}", file=sys.stderr)
    return 1 if failed else 0


def _label_import(args: argparse.Namespace) -> int:
    from .label import import_labels, training_lines
    from .write import AtomicTextFile

    report = import_labels(args.exports, args.tasks)
    for a, b in report.conflicts:
        print(f"classify: conflict: {a.where} says {a.label!r}, {b.where} says {b.label!r} "
              f"(article {a.article_id}); left out, settle it in the tool and export again", file=sys.stderr)
    if not report.rows:
        raise DataError(", ".join(args.exports), None, f"holds no human labels ({report.read} rows read: "
                        + ", ".join(f"{n} {why}" for why, n in sorted(report.skipped.items())) + ")")
    with AtomicTextFile(args.out) as stream:
        stream.write(training_lines(report.rows))
    skipped = ", ".join(f"{n} {why}" for why, n in sorted(report.skipped.items())) or "none"
    print(f"imported {len(report.rows)} labeled articles from {report.read} rows -> {args.out}")
    print("counts: " + ", ".join(f"{k} {v}" for k, v in report.counts.items()))
    print(f"skipped: {skipped}; conflicts: {len(report.conflicts)}; "
          f"overridden by a later export: {report.overridden}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
