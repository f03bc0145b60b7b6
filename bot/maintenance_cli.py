"""Maintainer commands: read the query log, and retrain a running bot after editing the tables."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from services_catalog.answers.query_log import PENDING_FILE
from services_catalog.settings import get_settings


def import_pending(session) -> int:  # noqa: ANN001 - SQLAlchemy session
    """Load queries that actions kept locally while the API was down; the file is emptied afterwards."""
    from services_catalog.db.models import QueryLog

    pending = get_settings().var_dir / PENDING_FILE
    if not pending.exists():
        return 0
    count = 0
    for line in pending.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        created = datetime.utcfromtimestamp(record.pop("timestamp", datetime.utcnow().timestamp()))
        fields = {k: record.get(k) for k in ("text", "lang", "intent", "confidence", "card_type", "sender", "channel")}
        session.add(QueryLog(created_at=created, recognised=bool(record.get("recognised", True)), **fields))
        count += 1
    session.commit()
    pending.unlink()
    return count


def cmd_logs(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from services_catalog.db.models import QueryLog
    from services_catalog.db.session import make_engine, session_factory

    engine = make_engine(args.db)
    with session_factory(engine)() as session:
        if args.import_pending:
            print(f"imported {import_pending(session)} pending queries", file=sys.stderr)
        query = select(QueryLog).order_by(QueryLog.created_at.desc()).limit(args.limit)
        if args.unrecognised:
            query = query.where(QueryLog.recognised.is_(False))
        if args.days:
            query = query.where(QueryLog.created_at >= datetime.utcnow() - timedelta(days=args.days))
        rows = session.scalars(query).all()
    writer = csv.writer(sys.stdout)
    writer.writerow(["time", "lang", "recognised", "intent", "confidence", "card", "channel", "text"])
    for row in rows:
        writer.writerow([row.created_at.isoformat(timespec="seconds"), row.lang, row.recognised, row.intent,
                         f"{row.confidence:.2f}" if row.confidence is not None else "", row.card_type,
                         row.channel, row.text])
    return 0


def cmd_retrain(args: argparse.Namespace) -> int:
    from bot.training import train

    model = train(out_dir=Path(args.models))
    print(f"model: {model}")
    try:
        response = httpx.put(f"{args.rasa_url}/model", json={"model_file": str(model.resolve())}, timeout=300)
        response.raise_for_status()
    except httpx.HTTPError as error:
        print(f"the running Rasa server at {args.rasa_url} did not load it ({error}); "
              "it is used from the next `citybot run`")
        return 0
    print(f"loaded into the running Rasa server at {args.rasa_url}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("logs", help="list logged questions, e.g. the ones the bot did not understand (CSV)")
    p.add_argument("--unrecognised", action="store_true", help="only questions that ended in the fallback")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--days", type=int, help="only the last N days")
    p.add_argument("--db", help="database URL (default: CITYBOT_DB_URL)")
    p.add_argument("--import-pending", action="store_true",
                   help="first load queries kept in var/pending_queries.jsonl while the API was down")
    p.set_defaults(func=cmd_logs)

    p = sub.add_parser("retrain", help="rebuild training data from the tables, train, load into the running bot")
    p.add_argument("--models", default="models")
    p.add_argument("--rasa-url", default="http://127.0.0.1:5005", help="running Rasa server to load the model into")
    p.set_defaults(func=cmd_retrain)
