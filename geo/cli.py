"""The ``geomap`` command line: the only module that reads argv, prints or exits.

Every expected error (:class:`~geo.errors.GeoMapError`) becomes one line
``geomap: error: ...`` on stderr and exit code 2, never a traceback (``--debug`` shows it);
so does any other exception (a bug, a broken install), reported as an internal error.
Heavy libraries are imported inside the commands, so ``geomap --help`` stays fast.

Standard output carries data only (``-o -``, lookups, lists); the summary line, warnings and
the progress bar (on a terminal only) go to standard error, and ``-q`` hides all three.
Global options (``-q``, ``--debug``) go before or after the subcommand.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from geo import __version__
from geo.errors import GeoMapError, UsageError
from geo.io import ARTICLE_KINDS, Store, formats, get_format
from geo.models import ATTACK_TYPES
from geo.progress import ProgressBar

__all__ = ["build_parser", "main"]

PROG = "geomap"
#: ``-`` as an output: standard output.
STDOUT = "-"
#: The format of ``-o -`` without ``--format``.
STDOUT_FORMAT = "geojson"


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{PROG}: {record.levelname.lower()}: {record.getMessage()}"


class _Handler(logging.StreamHandler):  # type: ignore[type-arg]
    """Log records to stderr, erasing the progress bar first (it redraws on its next report)."""

    def __init__(self, stream: TextIO, bar: ProgressBar | None) -> None:
        super().__init__(stream)
        self.bar = bar

    def emit(self, record: logging.LogRecord) -> None:
        if self.bar is not None:
            self.bar.clear()
        super().emit(record)


def _date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit 2 like every other error."""

    def error(self, message: str) -> Any:
        self.exit(2, f"{PROG}: error: {message} (see '{self.prog} --help')\n")


def _global_options(p: argparse.ArgumentParser, *, default: Any) -> None:
    """Add the options every command takes, before or after its name.

    Subcommands get them with ``default=argparse.SUPPRESS``, so that an option given before
    the subcommand is not reset by the subcommand's default.
    """
    p.add_argument(
        "--debug", action="store_true", default=default, help="show tracebacks and debug logging"
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default,
        help="hide warnings, the progress bar and the summary line",
    )


def _input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files or directories (read recursively), - for standard input, "
        "http(s) URLs of article pages or feeds; incident files ("
        + ", ".join(f.suffixes[0] for f in formats(readable=True))
        + ")",
    )
    p.add_argument(
        "--feed",
        action="append",
        default=[],
        metavar="URL|FILE",
        dest="feeds",
        help="an RSS or Atom feed whose entries' pages are fetched, or a file listing feed "
        "URLs one a line (repeatable)",
    )
    p.add_argument(
        "--store",
        metavar="GPKG",
        help="incremental store: a GeoPackage of earlier incidents to merge with (extract writes it back)",
    )
    p.add_argument(
        "--corrections",
        metavar="FILE",
        help="the analyst's corrections (.yaml or .csv), applied after merging; "
        "with --store they are kept in the store and applied on every run",
    )
    _switch(
        p,
        "--remerge",
        help="merge the incidents of other tools' files and ACLED rows too "
        "(by default they are kept as given)",
    )
    p.add_argument(
        "--published",
        type=_date_arg,
        metavar="DATE",
        help="publication date for every article (YYYY-MM-DD); overrides their metadata",
    )
    p.add_argument(
        "--gazetteer",
        action="append",
        default=[],
        metavar="FILE",
        help="extra places CSV on top of the curated gazetteer (repeatable; overrides by place_id)",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="extract with N processes (default 1; output is identical)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="extract on a Dask cluster (tcp://host:8786); needs geomap-incidents[dask]",
    )
    p.add_argument(
        "--since", type=_date_arg, metavar="DATE", help="keep incidents on or after DATE"
    )
    p.add_argument(
        "--until", type=_date_arg, metavar="DATE", help="keep incidents on or before DATE"
    )
    p.add_argument(
        "--type",
        action="append",
        default=[],
        choices=ATTACK_TYPES,
        metavar="TYPE",
        dest="types",
        help=f"keep only this attack type (repeatable): {', '.join(ATTACK_TYPES)}",
    )


def _or(words: Sequence[str]) -> str:
    """Join words as ``a, b or c``."""
    return " or ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def _command(
    sub: Any,
    common: argparse.ArgumentParser,
    name: str,
    func: Callable[[argparse.Namespace], int],
    **texts: str,
) -> argparse.ArgumentParser:
    """Add a subcommand that runs ``func``, with the global options (``help``, ``description``)."""
    p: argparse.ArgumentParser = sub.add_parser(name, parents=[common], **texts)
    p.set_defaults(func=func)
    return p


def _switch(p: Any, *flags: str, help: str) -> None:
    """Add an on/off option."""
    p.add_argument(*flags, action="store_true", help=help)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``geomap`` command."""
    parser = _Parser(
        prog=PROG,
        description="Turn news reports of attacks into incident maps an analyst can trust.",
        epilog="Example: geomap render examples/articles -o maps/example.html",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _global_options(parser, default=False)
    common = _Parser(add_help=False)
    _global_options(common, default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    r = _command(
        sub,
        common,
        "render",
        _cmd_render,
        help="extract incidents and render an HTML map",
        description="Extract incidents from articles (or read incident files) and render a layered Leaflet map.",
    )
    _input_options(r)
    r.add_argument(
        "-o",
        "--output",
        default="maps/incidents.html",
        metavar="FILE",
        help="HTML map to write, - for standard output (default: maps/incidents.html)",
    )
    r.add_argument(
        "--geojson", metavar="FILE", help="also write the incidents as GeoJSON (- for stdout)"
    )
    r.add_argument("--title", help="map title")
    where = r.add_mutually_exclusive_group()
    where.add_argument(
        "--assets",
        metavar="DIR",
        help="inline the copies of Leaflet and its plugins in DIR instead of the packaged ones "
        "(see docs/map.md)",
    )
    _switch(
        where,
        "--cdn",
        help="link Leaflet and its plugins from a CDN: a smaller page that needs the internet",
    )

    lossless = [f for f in formats(writable=True) if f.lossless]
    e = _command(
        sub,
        common,
        "extract",
        _cmd_extract,
        help=f"extract incidents to {_or([f.description for f in lossless])}",
        description="Extract incidents from articles and write them to a file chosen by extension.",
    )
    _input_options(e)
    e.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=f"output file: {_or([f.suffixes[0] for f in lossless])}, or - for standard "
        "output (optional with --store)",
    )
    e.add_argument(
        "--format",
        choices=[f.name for f in formats(writable=True)],
        help=f"output format (default: from the extension; {STDOUT_FORMAT} for -o -)"
        + "".join(
            f"; {f.name}: {f.description}, not every field"
            for f in formats(writable=True)
            if not f.lossless
        ),
    )
    _switch(
        e,
        "--force",
        help="replace an existing output file (a symlink is kept: the file it points to is replaced)",
    )

    x = _command(
        sub,
        common,
        "explain",
        _cmd_explain,
        help="why an article is (or is not) on the map: each attack sentence and its rules",
        description=(
            "Read one article file and print, for each sentence with an attack or weapon "
            "word, what was found and which rule kept or dropped it, then the reports."
        ),
    )
    x.add_argument(
        "file",
        metavar="FILE",
        help=f"one article file ({', '.join(ARTICLE_KINDS)}), or - for standard input",
    )
    x.add_argument(
        "--published",
        type=_date_arg,
        metavar="DATE",
        help="publication date (YYYY-MM-DD); overrides the article's metadata",
    )
    x.add_argument(
        "--gazetteer", action="append", default=[], metavar="FILE", help="extra places CSV"
    )
    _switch(x, "--json", help="print one JSON object per document")

    c = _command(
        sub,
        common,
        "compare",
        _cmd_compare,
        help="incidents matched across two inputs; only in A, only in B",
        description=(
            "Match the incidents of two inputs (geomap files, ACLED exports, articles): same "
            "day within the dates' precision, at most --km apart, same attack-type family. "
            "Prints a summary (per month, per place); -o writes the three sets as CSV, --map "
            "draws them, a layer each."
        ),
    )
    c.add_argument("a", metavar="A", help="first input: an incident file, ACLED CSV or articles")
    c.add_argument("b", metavar="B", help="second input, the same kinds")
    c.add_argument(
        "-o",
        "--output",
        metavar="FILE|DIR",
        help="write the three sets as a CSV file (- for standard output), or into DIR as "
        "compare.csv with the map as compare.html",
    )
    c.add_argument("--map", metavar="FILE", help="draw the three sets on an .html map")
    c.add_argument(
        "--km", type=float, default=25.0, help="largest distance of one event (default 25)"
    )
    c.add_argument(
        "--gazetteer", action="append", default=[], metavar="FILE", help="extra places CSV"
    )
    c.add_argument(
        "--published", type=_date_arg, metavar="DATE", help="publication date of articles"
    )
    c.add_argument(
        "--since", type=_date_arg, metavar="DATE", help="keep incidents on or after DATE"
    )
    c.add_argument(
        "--until", type=_date_arg, metavar="DATE", help="keep incidents on or before DATE"
    )
    _switch(c, "--force", help="replace existing output files")

    g = sub.add_parser(
        "gazetteer",
        parents=[common],
        help="check, query and grow the curated gazetteer",
        description="Work with the curated gazetteer.",
    )
    gsub = g.add_subparsers(
        dest="gaz_command", metavar="SUBCOMMAND", parser_class=_Parser, required=True
    )
    gc = gsub.add_parser(
        "check", parents=[common], help="validate curated data; non-zero exit on any problem"
    )
    gc.add_argument(
        "directory", nargs="?", metavar="DIR", help="gazetteer directory (default: the curated one)"
    )
    gc.set_defaults(func=_cmd_gaz_check)
    gl = gsub.add_parser(
        "lookup",
        parents=[common],
        help="how a name resolves, and from which tier (exit 2 when nothing resolves)",
    )
    gl.add_argument("name", metavar="NAME")
    _switch(gl, "--json", help="print one JSON object")
    gl.add_argument(
        "--gazetteer", action="append", default=[], metavar="FILE", help="extra places CSV"
    )
    _switch(gl, "--no-world", help="do not fall back to the offline world gazetteer")
    gl.add_argument(
        "--country",
        action="append",
        default=[],
        metavar="CC",
        type=_country_code,
        help="world tier: only places in this country (ISO 3166-1 alpha-2; repeatable)",
    )
    _switch(gl, "--online", help="fall back to an online geocoder (Nominatim via geopy)")
    gl.add_argument(
        "--geocoder-url",
        metavar="URL",
        help="geocoder base URL (default: Nominatim's public server)",
    )
    gl.set_defaults(func=_cmd_gaz_lookup)
    gu = gsub.add_parser(
        "unresolved", parents=[common], help="place-like mentions nothing resolved, with counts"
    )
    gu.add_argument(
        "paths", nargs="+", metavar="PATH", help="article files or directories, - for stdin"
    )
    gu.add_argument(
        "--gazetteer", action="append", default=[], metavar="FILE", help="extra places CSV"
    )
    gu.add_argument("--limit", type=int, default=50, help="show at most this many (default 50)")
    _switch(
        gu, "--online", help="show candidate coordinates from the world tier and an online geocoder"
    )
    gu.add_argument("--geocoder-url", metavar="URL", help="geocoder base URL (default: Nominatim)")
    gu.set_defaults(func=_cmd_gaz_unresolved)
    return parser


# ---------------------------------------------------------------------------------------
# Output: data on stdout, everything else on stderr


def _status(args: argparse.Namespace, message: str) -> None:
    """Write a status line (the summary) on stderr, unless ``-q``."""
    if args.quiet:
        return
    if args.progress is not None:
        args.progress.clear()
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def _write_stdout(data: bytes) -> None:
    """Write data to standard output; a reader that went away (``| head``) is not an error."""
    sys.stdout.flush()
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null, so that Python's own flush at exit does not fail again.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _shown(out: str | Path) -> str:
    return "standard output" if str(out) == STDOUT else str(out)


def _stage(args: argparse.Namespace, stage: str, done: int, total: int | None) -> None:
    if args.progress is not None:
        args.progress(stage, done, total)


@contextmanager
def _writing(args: argparse.Namespace) -> Iterator[None]:
    """Report the ``writing`` stage (one file) around the block that writes it."""
    _stage(args, "writing", 0, 1)
    yield
    _stage(args, "writing", 1, 1)


def _closing_progress(
    bar: ProgressBar | None, func: Callable[[argparse.Namespace], Any]
) -> Callable[[argparse.Namespace], Any]:
    """``func``, erasing the progress bar when it ends (before any error line is printed)."""
    if bar is None:
        return func

    def run(args: argparse.Namespace) -> Any:
        try:
            return func(args)
        finally:
            bar.close()

    return run


def _setup_output(args: argparse.Namespace) -> None:
    """Set up logging to stderr, and a progress bar when stderr is a terminal (not ``-q``)."""
    bar = None
    if not args.quiet and sys.stderr.isatty():
        bar = ProgressBar(sys.stderr, prog=PROG)
    args.progress = bar
    if hasattr(args, "func"):
        args.func = _closing_progress(bar, args.func)
    handler = _Handler(sys.stderr, bar)
    handler.setFormatter(_Formatter())
    root = logging.getLogger("geo")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if args.debug else logging.ERROR if args.quiet else logging.WARNING)
    root.propagate = False


# ---------------------------------------------------------------------------------------
# Commands


def _run(args: argparse.Namespace) -> Any:
    from geo.gazetteer import load_gazetteer
    from geo.pipeline import run

    paths = list(args.paths)
    store = Store(args.store, must_exist=args.command == "render") if args.store else None
    if store is not None:
        paths += store.inputs()
    from geo.fetch import read_feed_list

    feeds = read_feed_list(args.feeds)
    if not paths and not feeds:
        raise UsageError("give article files, directories or URLs (or --feed, or --store)")
    gaz = load_gazetteer(user_files=args.gazetteer)
    from geo.corrections import CorrectionSet, load_corrections

    corrections = store.corrections(gaz) if store is not None else CorrectionSet()
    if args.corrections:  # the file replaces the corrections the store kept
        corrections.corrections = load_corrections(args.corrections, gaz)
    options = ("published", "since", "until", "types", "progress", "jobs", "scheduler", "remerge")
    return run(
        paths,
        corrections=corrections,
        gazetteer=gaz,
        feeds=feeds,
        **{name: getattr(args, name) for name in options},
    )


def _cmd_render(args: argparse.Namespace) -> int:
    from geo.io import encode_incidents, write_incidents
    from geo.render import check_assets, map_html, render_map, save_map

    out = Path(args.output)
    to_stdout = args.output == STDOUT
    if not to_stdout and out.suffix.lower() not in {".html", ".htm"}:
        raise UsageError(f"the map must be an .html file, got {out.name!r}")
    if to_stdout and args.geojson == STDOUT:
        raise UsageError("only one of -o and --geojson can be - (standard output)")
    extra: dict[str, Any] = {}
    if args.assets:
        extra["assets"] = check_assets(args.assets)
    if args.cdn:
        extra["cdn"] = True
    result = _run(args)
    if args.geojson == STDOUT:
        _write_stdout(encode_incidents(result.incidents, tallies=result.tallies))
    elif args.geojson:
        write_incidents(
            result.incidents, args.geojson, tallies=result.tallies, fmt="geojson", force=True
        )
    incidents, result.incidents = result.incidents, []
    n = len(incidents)
    incidents.reverse()
    _stage(args, "rendering", 0, n)

    def drain() -> Iterator[Any]:
        # The map's blob holds all it needs: free each incident once it is in the blob.
        while incidents:
            yield incidents.pop()
            _stage(args, "rendering", n - len(incidents), n)

    m = render_map(drain(), tallies=result.tallies, title=args.title, **extra)
    with _writing(args):
        if to_stdout:
            _write_stdout(map_html(m).encode("utf-8"))
        else:
            save_map(m, out)
    _status(args, f"{n} incidents from {result.documents} articles -> {_shown(args.output)}")
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from geo.io import encode_incidents, format_for_output, replaces_a_file, write_incidents
    from geo.pipeline import filter_incidents

    out = Path(args.output) if args.output else None
    to_stdout = args.output == STDOUT
    if out is None and not args.store:
        raise UsageError("give an output file with -o FILE, or a store with --store GPKG")
    if to_stdout:
        args.format = args.format or STDOUT_FORMAT
        kind = get_format(args.format)
        if not kind.text:
            raise UsageError(
                f"a {kind.description} cannot go to standard output (it is a binary file); "
                f"give a {kind.suffixes[0]} file name"
            )
    elif out is not None:
        from geo.io import SuffixTable, suffix_format

        if args.format is None and suffix_format(out) is None:
            raise UsageError(
                f"cannot tell the format of {out.name!r}: use {', '.join(SuffixTable())}, "
                "or --format"
            )
        format_for_output(out, args.format)
        if replaces_a_file(out) and not args.force:
            raise UsageError(f"{out} exists; use --force to replace it")
    filters = {"since": args.since, "until": args.until, "types": args.types}
    if args.store:
        store = Store(args.store)
        # The store keeps everything; filters apply to -o only.
        args.since = args.until = None
        args.types = []
        # Locked from reading the store to writing it back: a second run waits, then adds
        # its reports to what the first wrote (see output_lock).
        with store.lock():
            result = _run(args)
            with _writing(args):
                store.write(
                    result.incidents, tallies=result.tallies, corrections=result.corrections
                )
        _status(args, f"store {args.store} holds {len(result.incidents)} incidents")
        incidents = filter_incidents(result.incidents, **filters)
    else:
        result = _run(args)
        incidents = result.incidents
    if out is not None:
        with _writing(args):
            if to_stdout:
                data = encode_incidents(incidents, tallies=result.tallies, fmt=args.format)
                _write_stdout(data)
            else:
                write_incidents(
                    incidents, out, tallies=result.tallies, fmt=args.format, force=args.force
                )
        found = f"{len(incidents)} incidents, {len(result.tallies)} tallies"
        _status(args, f"{found} from {result.documents} articles -> {_shown(args.output)}")
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from geo.compare import (
        compare_incidents,
        comparison_csv,
        comparison_map,
        format_summary,
        write_comparison,
    )
    from geo.gazetteer import load_gazetteer
    from geo.io import replaces_a_file
    from geo.pipeline import run
    from geo.render import save_map

    if not args.km > 0:
        raise UsageError(f"--km must be a positive distance, got {args.km:g}")
    csv_out = map_out = None
    if args.output and args.output != STDOUT:
        out = Path(args.output)
        if out.is_dir() or args.output.endswith("/"):
            csv_out, map_out = out / "compare.csv", out / "compare.html"
        elif out.suffix.lower() == ".csv":
            csv_out = out
        else:
            raise UsageError(f"-o must be a .csv file or a directory, got {out.name!r}")
    if args.map:
        if Path(args.map).suffix.lower() not in {".html", ".htm"}:
            raise UsageError(f"the map must be an .html file, got {Path(args.map).name!r}")
        map_out = Path(args.map)
    for target in (csv_out, map_out):
        if target is not None and replaces_a_file(target) and not args.force:
            raise UsageError(f"{target} exists; use --force to replace it")
    gaz = load_gazetteer(user_files=args.gazetteer)
    sides = [
        run([p], gazetteer=gaz, published=args.published, since=args.since, until=args.until)
        for p in (args.a, args.b)
    ]
    result = compare_incidents(sides[0].incidents, sides[1].incidents, km=args.km)
    names = (Path(args.a).name or args.a, Path(args.b).name or args.b)
    if csv_out is not None:
        csv_out.parent.mkdir(parents=True, exist_ok=True)
        write_comparison(result, csv_out)
    if map_out is not None:
        save_map(comparison_map(result, names=names), map_out)
    summary = format_summary(result, names, km=args.km) + "\n"
    if args.output == STDOUT:
        _write_stdout(comparison_csv(result).encode("utf-8"))
        if not args.quiet:
            print(summary, end="", file=sys.stderr)
    else:
        _write_stdout(summary.encode("utf-8"))
    written = [str(p) for p in (csv_out, map_out) if p is not None]
    if written:
        _status(
            args,
            f"{len(result.matched)} matched, {len(result.only_a)} only in A, "
            f"{len(result.only_b)} only in B -> {', '.join(written)}",
        )
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from geo.documents import is_stdin, read_file
    from geo.explain import explain, format_explanation
    from geo.gazetteer import load_gazetteer

    path = Path(args.file)
    if not is_stdin(args.file) and path.is_dir():
        raise UsageError(f"explain reads one file, not a directory: {path}")
    if not is_stdin(args.file) and not path.exists():
        raise UsageError(f"no such file: {path}")
    gaz = load_gazetteer(user_files=args.gazetteer)
    docs = list(read_file(args.file, published=args.published))
    if not docs:
        raise UsageError(f"no article could be read from {path}")
    for i, doc in enumerate(docs):
        expl = explain(doc, gaz)
        if args.json:
            print(json.dumps(expl.to_dict(), ensure_ascii=False))
        else:
            if i:
                print()
            print(format_explanation(expl))
    return 0


def _cmd_gaz_check(args: argparse.Namespace) -> int:
    from geo.gazetteer import check_gazetteer

    problems = check_gazetteer(args.directory)
    for p in problems:
        print(p)
    if problems:
        _status(args, f"{len(problems)} problem{'s' if len(problems) != 1 else ''}")
        return 1
    _status(args, "gazetteer OK")
    return 0


def _country_code(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise argparse.ArgumentTypeError(f"not an ISO 3166-1 alpha-2 country code: {value!r}")
    return code


def _cmd_gaz_lookup(args: argparse.Namespace) -> int:
    from geo.gazetteer import load_gazetteer
    from geo.places import resolve_name

    gaz = load_gazetteer(user_files=args.gazetteer)
    online = _online(args)
    res = resolve_name(
        args.name, gaz, world=not args.no_world, online=online, countries=args.country or None
    )
    # The online geocoder logged its warnings as they happened (once each).
    if res is None:
        print(f"{PROG}: error: no place named {args.name!r} in any tier", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(res.to_dict(), ensure_ascii=False))
    else:
        d = res.to_dict()
        print(
            f"{d['query']!r} -> {d['place_id']} {d['name']} ({d['kind']}, {d['country']}) at {d['lat']}, {d['lon']}"
        )
        print(f"  tier {d['tier']}: {d['reason']}")
    return 0


def _online(args: argparse.Namespace) -> Any:
    """Return the online geocoder the user asked for with --online (None otherwise)."""
    if not getattr(args, "online", False):
        return None
    from geo.geocode import OnlineGeocoder

    kwargs: dict[str, Any] = {}
    if args.geocoder_url:
        from urllib.parse import urlparse

        u = urlparse(args.geocoder_url)
        if u.scheme not in {"http", "https"} or not u.netloc:
            raise UsageError(f"--geocoder-url must be an http(s) URL, got {args.geocoder_url!r}")
        kwargs = {"domain": u.netloc + u.path.rstrip("/"), "scheme": u.scheme}
    return OnlineGeocoder(**kwargs)


def _cmd_gaz_unresolved(args: argparse.Namespace) -> int:
    from geo.gazetteer import load_gazetteer
    from geo.unresolved import unresolved_mentions

    gaz = load_gazetteer(user_files=args.gazetteer)
    rows = unresolved_mentions(args.paths, gaz)
    if not rows:
        _status(args, "every place-like mention resolved")
        return 0
    online = _online(args)
    if args.online:
        from geo.places import resolve_name

    for name, count in rows[: args.limit]:
        line = f"{count:5d}  {name}"
        if args.online:
            res = resolve_name(name, gaz, world=True, online=online)
            if res is not None:
                p = res.place
                line += f"  -> {p.lat:.4f}, {p.lon:.4f} {p.name} ({p.country}, {res.tier}: {p.source_ref})"
            else:
                line += "  -> no candidate"
        print(line)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_output(args)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except GeoMapError as err:
        if args.debug:
            raise
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as err:
        # A bug or a broken install, not the user's input: still one line, never a traceback.
        if args.debug:
            raise
        print(f"{PROG}: error: {_internal_error(err)}", file=sys.stderr)
        return 2


def _internal_error(err: BaseException) -> str:
    """One line for an exception geomap did not raise on purpose."""
    what = " ".join(str(err).split()) or "(no message)"
    return (
        f"internal error: {type(err).__name__}: {what} "
        f"(this is a bug or a broken install; run again with --debug for the traceback)"
    )


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
