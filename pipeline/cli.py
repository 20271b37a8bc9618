"""The `callqa` command line. Parsing only: every command's work lives in pipeline.commands.

Exit status: 0 when every input succeeded, 1 when some inputs failed (each on stderr as
``path: reason``), 2 for usage errors. `callqa --help` imports no ML library.
"""

from __future__ import annotations

import argparse
import logging
import sys

from callqa import __version__
from callqa.errors import CallqaError
from callqa.settings import SETTINGS

USAGE_ERROR = 2


def _settings_epilog() -> str:
    lines = ["settings (--set NAME=VALUE, env CALLQA_NAME, or callqa.toml):"]
    lines += [f"  {s.name:<18} {s.help}" for s in SETTINGS]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="callqa",
        description="Call-quality monitoring: transcribe, diarize, score and review customer-service calls, locally.",
        epilog=_settings_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"callqa {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE", help="TOML settings file (default: ./callqa.toml if present)")
    common.add_argument("--set", dest="overrides", metavar="NAME=VALUE", action="append", default=[],
                        help="override a setting (repeatable); `callqa settings` lists them")
    common.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    common.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", metavar="FILE", help="DuckDB file (default: $CALLQA_DB or ./callqa.duckdb)")

    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help: str, *parents: argparse.ArgumentParser) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=help, parents=[common, *parents])

    run = add("run", "Ingest audio files, folders and transcripts, then process every pending call.", db)
    run.add_argument("paths", nargs="*", metavar="PATH")
    run.add_argument("--manifest", metavar="FILE", help="CSV or JSON manifest of per-call metadata")
    run.add_argument("--engine", choices=("local", "ray"), help="runner (default: local)")

    ingest = add("ingest", "Register calls in the database without processing them.", db)
    ingest.add_argument("paths", nargs="*", metavar="PATH")
    ingest.add_argument("--manifest", metavar="FILE")
    ingest.add_argument("--watch", action="store_true", help="keep watching the folders for new recordings")
    ingest.add_argument("--process", action="store_true", help="with --watch: also process each new call")

    process = add("process", "Transcribe and score every pending call in the database.", db)
    process.add_argument("--engine", choices=("local", "ray"))
    process.add_argument("--retry-failed", action="store_true", help="also retry calls that failed before")
    process.add_argument("--rescore", action="store_true",
                         help="re-score stored transcripts with the current rubric (old scores are kept)")

    transcribe = add("transcribe", "Transcribe one recording; print the transcript (interchange JSON).")
    transcribe.add_argument("audio", metavar="AUDIO")
    transcribe.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    transcribe.add_argument("--agent-channel", type=int, choices=(0, 1), help="stereo: which channel is the agent")

    score = add("score", "Score transcripts (interchange JSON); print one JSON object per call per line.")
    score.add_argument("transcripts", nargs="+", metavar="TRANSCRIPT.json")
    score.add_argument("--json", action="store_true", help="print JSON lines (the only output format)")

    imports = add("import", "Convert transcripts from other systems (WebVTT, SRT, Amazon Transcribe JSON) "
                            "into interchange JSON files that `score` and `run` read.")
    imports.add_argument("files", nargs="+", metavar="FILE")
    imports.add_argument("--out", metavar="DIR", required=True, help="folder for the interchange files")
    imports.add_argument("--format", choices=("webvtt", "srt", "amazon"), help="default: guessed per file")
    imports.add_argument("--language", choices=("zh", "en"), help="default: from the file or its text")
    imports.add_argument("--roles", default="", metavar="NAME=ROLE,...",
                         help="map speaker names to agent/customer, e.g. 'Alice=agent,Bob=customer'")

    dashboard = add("dashboard", "Open the listening room (Streamlit) on the database.", db)
    dashboard.add_argument("--port", type=int)
    dashboard.add_argument("--users", metavar="FILE", help="users file (default: callqa-users.toml beside the database)")

    add("demo", "Run the whole pipeline on the bundled sample calls (safe to repeat: calls are stored once).", db)

    models = add("models", "List, fetch (offline provisioning) or locate model weights.")
    models.add_argument("action", choices=("list", "fetch", "path"))
    models.add_argument("names", nargs="*", metavar="NAME")

    export = add("export", "Export calls, turns, scores and reviews.", db)
    export.add_argument("--format", choices=("csv", "parquet"), default="csv")
    export.add_argument("--out", metavar="DIR", default="exports")

    purge = add("purge", "Retention: remove the words of old calls, keeping their scores and reviews.", db)
    purge.add_argument("--days", type=float, help="older than this many days (default: the retention_days setting)")
    purge.add_argument("--delete-audio", action="store_true", help="also delete the purged calls' recordings")

    report = add("report", "Write a team's weekly quality report (self-contained HTML a manager can forward).", db)
    report.add_argument("--team", required=True)
    report.add_argument("--week", metavar="YYYY-MM-DD", help="any day of the week (default: the latest week with calls)")
    report.add_argument("--out", metavar="FILE", help="default: report-TEAM-WEEK.html")

    status = add("status", "Show processing status and failed inputs.", db)
    status.add_argument("--failed", action="store_true", help="list every failed input with its reason")

    add("settings", "List every setting with its default and meaning.")

    agents = add("agents", "Enrol agents' voices, so mono calls find the agent by voice; list or remove them.", db)
    agents.add_argument("action", choices=("enrol", "list", "remove"))
    agents.add_argument("agent_id", nargs="?", metavar="AGENT_ID")
    agents.add_argument("recordings", nargs="*", metavar="AUDIO", help="enrol: recordings of the agent alone "
                        "(or stereo calls with --channel); at least 5 s of speech in all")
    agents.add_argument("--channel", type=int, choices=(0, 1), help="enrol from this channel of stereo recordings")

    users = add("users", "Manage dashboard users (hashed passwords in a TOML file).", db)
    users.add_argument("action", choices=("add", "list"))
    users.add_argument("username", nargs="?")
    users.add_argument("--role", choices=("qa_reviewer", "team_lead", "manager", "agent", "admin"))
    users.add_argument("--teams", default="", help="comma-separated teams (team leads)")
    users.add_argument("--agent-id", help="the agent's id (agents)")
    users.add_argument("--password", help="password (default: read from stdin)")
    users.add_argument("--users", metavar="FILE")
    return parser


def _quiet_third_party_warnings() -> None:
    import warnings

    warnings.filterwarnings("ignore", message="pkg_resources is deprecated")  # webrtcvad, via resemblyzer


def _configure_logging(verbosity: int) -> None:
    level = logging.WARNING - 10 * min(verbosity, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return USAGE_ERROR
    _configure_logging(args.verbose)
    _quiet_third_party_warnings()
    from pipeline import commands  # after parsing: `--help` stays light

    try:
        return commands.dispatch(args)
    except commands.UsageError as err:
        print(f"callqa {args.command}: {err}", file=sys.stderr)
        return USAGE_ERROR
    except CallqaError as err:
        print(f"callqa {args.command}: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: finished calls are stored; run the same command again to resume", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
