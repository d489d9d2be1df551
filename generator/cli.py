"""The command line: ``cablegen build [--zip] | check | new | serve``.

Exit status: 0 on success, 1 when the content has errors (or warnings with
``--strict``), 2 on wrong usage. Diagnostics go to standard error as
``path:line: level: message [code]``; the summary goes to standard output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import __version__
from generator.build import BuildResult, build
from generator.diagnostics import count, fails


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cablegen", description="Build annotated editions of diplomatic cables.")
    parser.add_argument("--version", action="version", version=f"cablegen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    b = sub.add_parser("build", help="build the site into its output folder")
    b.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    b.add_argument("--out", type=Path, help="output folder (default: from site.toml)")
    b.add_argument("--strict", action="store_true", help="fail on warnings too")
    b.add_argument("-v", "--verbose", action="store_true", help="print informational notes")
    b.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="worker processes (default: build.jobs in site.toml, 0 = every core)")
    b.add_argument("--zip", nargs="?", const="", metavar="ARCHIVE",
                   help="also pack the built site into one zip archive, to read offline "
                        "(default: the output folder's path + .zip)")
    c = sub.add_parser("check", help="parse and report problems without writing")
    c.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    c.add_argument("--strict", action="store_true", help="fail on warnings too")
    c.add_argument("-v", "--verbose", action="store_true", help="print informational notes")
    s = sub.add_parser("serve", help="build, serve and rebuild on every change (live preview)")
    s.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    s.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0: any free)")
    s.add_argument("--open", action="store_true", help="open the preview in a browser")
    n = sub.add_parser("new", help="create a new site that builds at once")
    n.add_argument("dir", type=Path, help="folder to create (must be empty or absent)")
    return parser


def _report(result: BuildResult, verbose: bool, verb: str) -> None:
    for d in result.diagnostics:
        if d.level != "info" or verbose:
            print(d.format(), file=sys.stderr)
    errors = count(result.diagnostics, "error")
    warnings = count(result.diagnostics, "warning")
    notes = count(result.diagnostics, "info")
    where = f" into {result.output}" if result.output else ""
    plural = "" if result.cables == 1 else "s"
    print(f"cablegen {verb}: {result.cables} cable{plural}, {result.pages} pages{where} "
          f"({result.written} written, {result.removed} removed); {errors} error(s), "
          f"{warnings} warning(s), {notes} note(s) in {result.seconds:.2f} s")


def _pack(output: Path, archive: str, site: Path) -> None:
    from generator.config import load_config
    from generator.publish.pack import pack

    config, _ = load_config(site)
    target = Path(archive) if archive else output.with_name(output.name + ".zip")
    count = pack(output, target, config.title if config else "site")
    print(f"cablegen build: packed {count} files into {target}")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "new":
        from generator.skeleton import create_site

        return int(create_site(args.dir))
    site = args.site
    if not site.is_dir():
        print(f"cablegen: error: site folder {site} does not exist", file=sys.stderr)
        return 2
    if args.command == "serve":
        from generator.serve import run

        return run(site, args.host, args.port, args.open)
    if args.command == "build":
        if args.jobs is not None and args.jobs < 0:
            print("cablegen: error: --jobs must be 0 or more", file=sys.stderr)
            return 2
        result = build(site, args.out, jobs=args.jobs, progress=True)
        _report(result, args.verbose, args.command)
        if args.zip is not None and result.output and not fails(result.diagnostics, False):
            _pack(result.output, args.zip, site)
        return 1 if fails(result.diagnostics, args.strict) else 0
    else:
        result = build(site, write=False, progress=True)
    _report(result, args.verbose, args.command)
    if args.command == "check":
        for line in result.reports:
            print(line)
    return 1 if fails(result.diagnostics, args.strict) else 0
