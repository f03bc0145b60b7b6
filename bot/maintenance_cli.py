"""Maintainer commands: the query log (`citybot logs ...`) and the gated retrain (`citybot retrain`)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot import retrain
from bot.progress import Progress
from services_catalog.db.models import QueryLog
from services_catalog.db.session import make_engine, session_factory
from services_catalog.db.setup import ensure_catalogue
from services_catalog.local_secrets import secret
from services_catalog.querylog import inbox, labels, store
from services_catalog.querylog.rows import conversation_hash
from services_catalog.settings import get_settings
from services_catalog.terms import load_terms

EXPORT_COLUMNS = ("id", "created_at", "channel", "lang", "text", "intent", "confidence", "card_type", "card_id",
                  "action", "fell_back", "response_ms", "rating", "rating_comment", "conversation", "label")
INBOX_COLUMNS = ("group", "group_count", "count", "text", "lang", "reasons", "intent", "confidence", "answer", "label")


def _session(args: argparse.Namespace):  # noqa: ANN202 - a SQLAlchemy session factory
    url = args.db or get_settings().db_url
    ensure_catalogue(url)  # migrated, so that an old database gets the new columns before it is read
    return session_factory(make_engine(url))


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-12-01") from None


def _since(args: argparse.Namespace) -> datetime | None:
    return datetime.combine(args.since, datetime.min.time()) if args.since else None


def cmd_unrecognised(args: argparse.Namespace) -> int:
    settings = get_settings()
    with _session(args)() as session:
        found = inbox.questions(session, _since(args), settings.inbox_confidence)
    groups = inbox.group_by_meaning(found, inbox.default_embed, settings.inbox_similarity)[: args.limit]
    if args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(INBOX_COLUMNS)
        for number, group in enumerate(groups, start=1):
            for q in group.questions:
                writer.writerow([number, group.count, q.count, q.text, q.lang or "", ";".join(sorted(q.reasons)),
                                 q.intent or "", f"{q.confidence:.2f}" if q.confidence is not None else "",
                                 q.answer or "", ""])
        return 0
    if not groups:
        print("nothing to review")
    for number, group in enumerate(groups, start=1):
        print(f"{number:3}. {group.count:5}× {group.title}   [{', '.join(sorted(group.reasons))}]")
        for q in group.questions[1:] if len(group.questions) > 1 else []:
            print(f"     {q.count:5}× {q.text}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    with _session(args)() as session:
        query = select(QueryLog).order_by(QueryLog.id)
        if args.since:
            query = query.where(QueryLog.created_at >= _since(args))
        rows = [store.row_dict(row) for row in session.scalars(query)]
    out = open(args.out, "w", encoding="utf-8-sig", newline="") if args.out else sys.stdout  # noqa: SIM115
    try:
        writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({**row, "label": ""} for row in rows)
    finally:
        if args.out:
            out.close()
    print(f"{len(rows)} rows", file=sys.stderr)
    return 0


def import_labels(path: Path, session: Any, source: str = "cli") -> tuple[Counter[str], list[str]]:
    """Save the labels of a labelled CSV (`label` column); (counts per kind, problems by line)."""
    terms, intents = {t.id for t in load_terms()}, labels.domain_intents()
    saved: Counter[str] = Counter()
    problems = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            cell = (row.get("label") or "").strip()
            if not cell:
                continue
            kind, target = labels.parse_cell(cell)
            decision = labels.Decision(text=row.get("text") or "", kind=kind, target=target,
                                       lang=(row.get("lang") or "").strip() or None)
            try:
                labels.save(session, labels.check(decision, terms, intents), source=source)
            except labels.LabelError as error:
                problems.append(f"line {line}: {error}")
                continue
            saved[kind] += 1
    return saved, problems


def cmd_label(args: argparse.Namespace) -> int:
    with _session(args)() as session:
        saved, problems = import_labels(Path(args.file), session)
        drafts = labels.term_skeletons(labels.all_labels(session))
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"saved {sum(saved.values())} labels" + "".join(f", {n} {kind}" for kind, n in sorted(saved.items())))
    if drafts:
        target = Path(args.drafts) if args.drafts else get_settings().var_dir / "new_terms.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=labels.TERM_COLUMNS)
            writer.writeheader()
            writer.writerows(drafts)
        print(f"{len(drafts)} new-term skeleton rows in {target}: write their definitions, names, url and source,"
              " then move them into services_catalog/tables/terms.csv")
    print("the labels are learned at the next `citybot retrain`")
    return 1 if problems else 0


def cmd_export_conversation(args: argparse.Namespace) -> int:
    from bot.tracker_store import configured_store

    conversation = conversation_hash(args.id, secret("hash_salt"))
    with _session(args)() as session:
        rows = [store.row_dict(row) for row in store.conversation_rows(session, conversation)]
    events = configured_store().conversation_events(args.id)
    json.dump({"conversation_id": args.id, "query_log": rows, "tracker_events": events}, sys.stdout,
              ensure_ascii=False, indent=2, default=str)
    print()
    return 0


def cmd_delete_conversation(args: argparse.Namespace) -> int:
    from bot.tracker_store import configured_store

    with _session(args)() as session:
        rows = store.delete_conversation(session, conversation_hash(args.id, secret("hash_salt")))
    events = configured_store().delete_conversation(args.id)
    print(f"deleted {rows} query-log rows and {events} stored conversation events of {args.id!r}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from bot.tracker_store import configured_store

    days = args.days or get_settings().query_log_retention_days
    with _session(args)() as session:
        rows = store.purge_older_than(session, days)
    events = configured_store().purge_older_than(days)
    print(f"deleted {rows} query-log rows and {events} conversation events older than {days} days")
    return 0


def cmd_flush(args: argparse.Namespace) -> int:
    from bot.tracker_store import SPOOL_DIR
    from services_catalog.querylog.writer import QueryLogWriter

    settings = get_settings()
    _session(args)  # migrated first: a fresh database has no query_log table yet
    writer = QueryLogWriter(args.db or settings.db_url, settings.var_dir / SPOOL_DIR)
    written = writer.flush()
    print(f"wrote {written} kept query-log rows; {writer.pending()} still kept")
    return 0


def cmd_retrain(args: argparse.Namespace) -> int:
    settings = get_settings()
    plan = retrain.Plan(
        settings=settings,
        servers=[s.rstrip("/") for s in args.server] if args.server else retrain.default_servers(settings),
        models_dir=Path(args.models) if args.models else settings.models_dir,
        dev_sets=retrain.dev_set_paths(settings, args.dev),
        margin=settings.retrain_margin if args.margin is None else args.margin,
        workspace=Path(args.workspace) if args.workspace else settings.retrain_workspace,
        epochs=args.epochs or settings.retrain_epochs,
        finetune=not args.no_finetune,
        quick=not args.full,
        epoch_fraction=args.epoch_fraction or settings.retrain_epoch_fraction,
        base=Path(args.base) if args.base else None,
    )
    with retrain.exclusive(settings) as mine:
        if not mine:
            print("another retrain is running", file=sys.stderr)
            return retrain.EXIT_BUSY
        progress = Progress(settings.var_dir / "retrain" / "progress.jsonl")
        code = retrain.run(plan, progress)
    outcome = {retrain.EXIT_DEPLOYED: "deployed", retrain.EXIT_REFUSED: "REFUSED by the gate"}.get(code, "FAILED")
    print(f"retrain: {outcome} (exit {code}); details in {settings.var_dir / 'retrain' / 'progress.jsonl'}",
          file=sys.stderr)
    return code


def register(sub: argparse._SubParsersAction) -> None:
    logs = sub.add_parser("logs", help="the query log: review, export, label, GDPR requests (docs in README)")
    logs.add_argument("--db", help="database URL (default: CITYBOT_DB_URL)")
    actions = logs.add_subparsers(dest="logs_command", required=True)

    p = actions.add_parser("unrecognised", help="fallbacks, unsure answers and answers rated down, grouped by meaning")
    p.add_argument("--since", type=_day, help="only questions from this day on (YYYY-MM-DD)")
    p.add_argument("--limit", type=int, default=50, help="show this many groups (default 50)")
    p.add_argument("--csv", action="store_true", help="CSV with an empty `label` column, for `logs label`")
    p.set_defaults(func=cmd_unrecognised)

    p = actions.add_parser("export", help="every logged turn as CSV for a spreadsheet (with an empty `label` column)")
    p.add_argument("--since", type=_day)
    p.add_argument("--out", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = actions.add_parser("label", help="import a labelled CSV: term:<id>, service[:<need>], intent:<name>, "
                                         "new_term:<id> or ignore in its `label` column")
    p.add_argument("file")
    p.add_argument("--drafts", help="where to write new-term skeleton rows (default: var/new_terms.csv)")
    p.set_defaults(func=cmd_label)

    p = actions.add_parser("export-conversation", help="everything kept about one conversation id, as JSON (GDPR)")
    p.add_argument("id", help="the conversation (sender) id")
    p.set_defaults(func=cmd_export_conversation)

    p = actions.add_parser("delete-conversation", help="delete one conversation from the query log and Rasa's store")
    p.add_argument("id")
    p.set_defaults(func=cmd_delete_conversation)

    p = actions.add_parser("purge", help="delete rows older than the retention period now (it also runs hourly)")
    p.add_argument("--days", type=int, help="default: CITYBOT_QUERY_LOG_RETENTION_DAYS")
    p.set_defaults(func=cmd_purge)

    p = actions.add_parser("flush", help="write query-log rows a stopped Rasa server kept in var/querylog-spool")
    p.set_defaults(func=cmd_flush)

    p = sub.add_parser("retrain", help="build data, train, score against the running model, load it if not worse")
    p.add_argument("--models", help="model directory (default: CITYBOT_MODELS_DIR)")
    p.add_argument("--workspace", help="train in a copy of the inputs here (default: CITYBOT_RETRAIN_WORKSPACE, "
                                       "else the repository's files)")
    p.add_argument("--server", action="append", help="Rasa server to load the model into (repeatable; default: "
                                                     "CITYBOT_MODEL_RELOAD_URLS or CITYBOT_RASA_URL)")
    p.add_argument("--dev", action="append", help="dev set the gate scores (repeatable; default: "
                                                  "CITYBOT_RETRAIN_DEV_SETS)")
    p.add_argument("--margin", type=float, help="allowed accuracy drop, 0-1 (default: CITYBOT_RETRAIN_MARGIN)")
    p.add_argument("--epochs", type=int, help="override every epochs setting (quick models for tests)")
    p.add_argument("--full", action="store_true", help="retrain the whole pipeline even when only term "
                                                       "phrasings changed")
    p.add_argument("--no-finetune", action="store_true", help="train the whole pipeline from scratch")
    p.add_argument("--epoch-fraction", type=float, help="share of the epochs when fine-tuning")
    p.add_argument("--base", help="the running model file, when no Rasa server is asked which one it runs")
    p.set_defaults(func=cmd_retrain)
