"""What each `callqa` command does. Parsing is in pipeline.cli; the work is in the stages and the store."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

from callqa.errors import CallqaError, InputError, SettingError
from callqa.records import AUDIO, CallMeta, InputFailure
from callqa.settings import load_settings, settings_table

OK, SOME_FAILED = 0, 1
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


class UsageError(Exception):
    """The command line asks for something impossible (exit status 2)."""


def dispatch(args) -> int:
    handler = globals().get("cmd_" + args.command.replace("-", "_"))
    if handler is None:
        raise UsageError(f"unknown command {args.command}")
    return handler(args)


def settings_from(args):
    overrides: dict[str, object] = {}
    for item in getattr(args, "overrides", []) or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--set expects NAME=VALUE, not {item!r}")
        overrides[name.strip()] = value
    for name in ("db", "engine", "port"):
        if getattr(args, name, None) is not None:
            overrides[name] = getattr(args, name)
    if "db" not in overrides and getattr(args, "db", None) is None:
        pass  # CALLQA_DB from the environment, else the default
    try:
        return load_settings(overrides, config_file=getattr(args, "config", None))
    except SettingError as err:
        raise UsageError(str(err)) from err


def check_rubric(settings) -> None:
    """Read and check the rubric files now, so a bad ``rubric`` setting (a missing file, invalid TOML,
    an unknown step) stops the command before anything is ingested or processed, naming the file."""
    from scoring.rubrics import RubricChoice

    try:
        RubricChoice(settings.rubric).versions()
    except InputError as err:
        raise UsageError(f"setting 'rubric': {err}") from err


def report_failure(failure: InputFailure | str) -> None:
    from pipeline.progress import write_line

    write_line(str(failure))


def retain(store, settings) -> None:
    """Apply the retention setting after a run (nothing when retention_days is 0)."""
    if settings.retention_days > 0:
        from pipeline.retention import apply_retention

        result = apply_retention(store, settings.retention_days, delete_audio=settings.retention_delete_audio)
        if result.calls:
            print(f"retention: purged the words of {result.calls} call(s) older than "
                  f"{settings.retention_days} days", file=sys.stderr)


# --- the pipeline ------------------------------------------------------------------------------

def cmd_run(args) -> int:
    from pipeline.runner import ingest_into_store, open_store, process_pending

    settings = settings_from(args)
    if not args.paths and not args.manifest:
        raise UsageError("give at least one PATH or a --manifest")
    check_rubric(settings)
    store = open_store(settings)
    ingested = ingest_into_store(store, args.paths, settings, args.manifest, quiet=args.quiet)
    processed = process_pending(store, settings, quiet=args.quiet)
    summary = ingested.merge(processed)
    retain(store, settings)
    print(summary.describe(settings.db), file=sys.stderr)
    return SOME_FAILED if summary.failures else OK


def cmd_ingest(args) -> int:
    from pipeline.runner import ingest_into_store, open_store, watch_into_store

    settings = settings_from(args)
    if not args.paths and not args.manifest:
        raise UsageError("give at least one PATH or a --manifest")
    if args.process and not args.watch:
        raise UsageError("--process goes with --watch (use `callqa run` to ingest and process once)")
    if args.process:
        check_rubric(settings)
    store = open_store(settings)
    if args.watch:
        summary = watch_into_store(store, args.paths, settings, args.manifest, process=args.process)
    else:
        summary = ingest_into_store(store, args.paths, settings, args.manifest, quiet=args.quiet)
    print(summary.describe(settings.db), file=sys.stderr)
    return SOME_FAILED if summary.failures else OK


def cmd_process(args) -> int:
    from pipeline.runner import open_store, process_pending, rescore_stored

    settings = settings_from(args)
    check_rubric(settings)
    store = open_store(settings)
    if args.rescore:
        summary = rescore_stored(store, settings, quiet=args.quiet)
    else:
        summary = process_pending(store, settings, quiet=args.quiet, retry_failed=args.retry_failed)
    retain(store, settings)
    print(summary.describe(settings.db), file=sys.stderr)
    return SOME_FAILED if summary.failures else OK


def cmd_transcribe(args) -> int:
    from callqa.interchange import transcript_to_json
    from pipeline.runner import admit_one, speech_for

    settings = settings_from(args)
    call = admit_one(args.audio, settings)
    if call.media != AUDIO:
        raise InputError(args.audio, "not an audio recording")
    if args.agent_channel is not None:
        call = replace(call, meta=replace(call.meta, agent_channel=args.agent_channel))
    transcript = speech_for(settings).transcript_of(call)
    print(transcript_to_json(transcript, call.meta if call.meta != CallMeta() else None, indent=2))
    return OK


def cmd_score(args) -> int:
    from callqa.interchange import read_transcript
    from pipeline.runner import build_scorer_for, contract_json

    settings = settings_from(args)
    scorer = build_scorer_for(settings)
    failed = False
    for path in args.transcripts:
        try:
            transcript, _meta = read_transcript(path)
            scorecard = scorer.score(transcript)
        except CallqaError as err:
            report_failure(err if isinstance(err, InputError) else InputFailure(path, str(err)))
            failed = True
            continue
        except Exception as err:  # a scorer bug must not stop the batch
            report_failure(InputFailure(path, f"scoring failed: {type(err).__name__}: {err}"))
            failed = True
            continue
        print(json.dumps(contract_json(scorecard, transcript), ensure_ascii=False), flush=True)
    return SOME_FAILED if failed else OK


def cmd_import(args) -> int:
    from callqa.interchange import transcript_to_json
    from ingest.imports import import_transcript

    roles = {}
    for pair in filter(None, (p.strip() for p in args.roles.split(","))):
        name, sep, role = pair.partition("=")
        if not sep or role.strip() not in ("agent", "customer"):
            raise UsageError(f"--roles expects NAME=agent or NAME=customer, not {pair!r}")
        roles[name.strip()] = role.strip()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    failed = False
    for path in args.files:
        try:
            transcript = import_transcript(path, language=args.language, roles=roles or None, format=args.format)
        except CallqaError as err:
            report_failure(err if isinstance(err, InputError) else InputFailure(path, str(err)))
            failed = True
            continue
        target = out / (Path(path).stem + ".json")
        target.write_text(transcript_to_json(transcript, indent=1) + "\n", encoding="utf-8")
        print(target)
    return SOME_FAILED if failed else OK


# --- around the pipeline -----------------------------------------------------------------------

def cmd_demo(args) -> int:
    from pipeline.demo import run_demo

    settings = settings_from(args)
    return run_demo(settings, quiet=args.quiet)


def cmd_dashboard(args) -> int:
    from dashboards.launch import launch

    settings = settings_from(args)
    users = args.users or settings.users_file or None
    return launch(settings.db, settings.port, users)


def cmd_models(args) -> int:
    from callqa import models

    settings = settings_from(args)
    if args.action == "list":
        for status in models.list_models(settings):
            print(status.describe() if hasattr(status, "describe") else status)
        return OK
    if args.action == "fetch":
        for path in models.fetch(args.names or None, settings):
            print(path)
        return OK
    if not args.names:
        raise UsageError("models path NAME")
    for name in args.names:
        print(models.model_path(name, settings))
    return OK


def cmd_export(args) -> int:
    from pipeline.runner import open_store

    settings = settings_from(args)
    store = open_store(settings)
    for path in store.export(Path(args.out), fmt=args.format):
        print(path)
    store.audit("cli", "export", str(args.out), {"format": args.format})
    return OK


def cmd_purge(args) -> int:
    from pipeline.retention import apply_retention
    from pipeline.runner import open_store

    settings = settings_from(args)
    days = args.days if args.days is not None else settings.retention_days
    if not days or days < 0:
        raise UsageError("give --days N (> 0) or set retention_days")
    result = apply_retention(open_store(settings), days, delete_audio=args.delete_audio or settings.retention_delete_audio)
    print(f"purged the words of {result.calls} call(s) older than {days:g} days and "
          f"{len(result.redacted_audio_paths)} redacted audio copies; scores and reviews kept", file=sys.stderr)
    return OK


def cmd_report(args) -> int:
    from datetime import date

    from pipeline.report import week_of, write_weekly_report
    from pipeline.runner import open_store

    settings = settings_from(args)
    store = open_store(settings)
    if args.week:
        try:
            day = date.fromisoformat(args.week)
        except ValueError as err:
            raise UsageError(f"--week expects a date like 2026-03-02, not {args.week!r}") from err
    else:
        from store import CallFilter

        latest = store.find_calls(CallFilter(teams=(args.team,), order_by="call_time", limit=1))
        if latest.empty or latest["call_time"].isna().all():
            raise CallqaError(f"no calls with a start time for team {args.team!r} in {settings.db}")
        day = latest["call_time"].iloc[0].date()
    week = week_of(day)
    out = Path(args.out or f"report-{args.team}-{week.isoformat()}.html")
    path = write_weekly_report(store, args.team, week, out)
    store.audit("cli", "export", str(path), {"kind": "weekly_report", "team": args.team, "week": week.isoformat()})
    print(path)
    return OK


def cmd_status(args) -> int:
    from pipeline.runner import open_store

    settings = settings_from(args)
    store = open_store(settings)
    print(store.status_summary().to_string(index=False))
    failures = store.input_failures()
    if len(failures):
        print(f"\n{len(failures)} failed input(s)" + ("" if args.failed else " (--failed lists them)"))
        if args.failed:
            for row in failures.itertuples():
                print(f"{row.path}: {row.reason}")
    return OK


def cmd_settings(args) -> int:
    print(settings_table())
    return OK


def cmd_users(args) -> int:
    from dashboards import auth

    settings = settings_from(args)
    users_file = Path(args.users or settings.users_file or auth.default_users_file(settings.db))
    if args.action == "list":
        for user in auth.load_users(users_file).values():
            print(f"{user.username}\t{user.role}\t{','.join(user.teams)}\t{user.agent_id or ''}")
        return OK
    if not args.username or not args.role:
        raise UsageError("users add USERNAME --role ROLE [--teams A,B] [--agent-id ID] [--password P]")
    password = args.password if args.password is not None else sys.stdin.readline().rstrip("\n")
    if not password:
        raise UsageError("a password is required (--password or one line on stdin)")
    teams = tuple(t.strip() for t in args.teams.split(",") if t.strip())
    auth.add_user(users_file, args.username, password, role=args.role, teams=teams, agent_id=args.agent_id)
    print(f"added {args.username} ({args.role}) to {users_file}")
    return OK


def cmd_agents(args) -> int:
    from transcribe import voiceprints

    settings = settings_from(args)
    folder = voiceprints.folder_of(settings)
    if args.action == "list":
        for vp in voiceprints.load_all(folder).values():
            print(f"{vp.agent_id}\t{vp.speech_s:.0f} s\t{vp.enrolled_at}\t{','.join(vp.sources)}")
        return OK
    if not args.agent_id:
        raise UsageError(f"agents {args.action} AGENT_ID" + (" AUDIO..." if args.action == "enrol" else ""))
    if args.action == "remove":
        if not voiceprints.remove(args.agent_id, folder):
            raise UsageError(f"no voiceprint for {args.agent_id!r} in {folder}")
        print(f"removed {args.agent_id}")
        return OK
    if not args.recordings:
        raise UsageError("agents enrol AGENT_ID AUDIO... (recordings of the agent)")
    vp = voiceprints.enrol(args.agent_id, args.recordings, channel=args.channel)
    path = voiceprints.save(vp, folder)
    print(f"enrolled {vp.agent_id} from {vp.speech_s:.0f} s of speech: {path}")
    return OK
