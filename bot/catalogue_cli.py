"""Catalogue subcommands of `citybot`: init-db, import, sync-ptv."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from services_catalog.db.setup import ensure_catalogue
from services_catalog.loaders.importer import ImportReport


def _session(url: str | None) -> Session:
    from services_catalog.db.session import make_engine, session_factory

    ensure_catalogue(url)
    return session_factory(make_engine(url))()


def _print_report(what: str, report: ImportReport) -> None:
    print(f"{what}: {report.imported} imported, {len(report.skipped)} skipped")
    for reason in report.skipped[:20]:
        print(f"  skipped: {reason}")


def cmd_init_db(args: argparse.Namespace) -> int:
    loaded = ensure_catalogue(args.db)
    print("database schema is up to date" + ("; bundled catalogue loaded" if loaded else ""))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from services_catalog.loaders.importer import import_bundled, import_ptv_file, import_table
    from services_catalog.loaders.records import MalformedRecord

    with _session(args.db) as session:
        if not args.files:
            _print_report("bundled catalogue", import_bundled(session))
        for name in args.files:
            path = Path(name)
            if not path.is_file():
                print(f"no such file: {path}", file=sys.stderr)
                return 2
            try:
                if path.suffix.lower() == ".json":
                    _print_report(str(path), import_ptv_file(session, path))
                else:
                    _print_report(str(path), import_table(session, path))
            except MalformedRecord as err:
                print(f"cannot import {path}: {err}", file=sys.stderr)
                return 2
    return 0


def cmd_sync_ptv(args: argparse.Namespace) -> int:
    from services_catalog.ptv.client import PTVClient, PTVError
    from services_catalog.ptv.sync import sync_municipality

    if not args.municipality.isdigit():
        print("give the municipality as its code, e.g. 853 for Turku", file=sys.stderr)
        return 2
    client = PTVClient(args.url, timeout=args.timeout)
    try:
        with _session(args.db) as session:
            report = sync_municipality(session, client, args.municipality, progress=not args.quiet)
    except PTVError as err:
        print(f"PTV sync interrupted: {err}\nRun the same command again to resume.", file=sys.stderr)
        return 1
    finally:
        client.close()
    resumed = f", resumed at batch {report.resumed_at_batch}" if report.resumed_at_batch is not None else ""
    print(f"PTV {report.municipality}: {report.total_ids} ids, {report.imported} imported, "
          f"{len(report.skipped)} skipped{resumed}")
    for reason in report.skipped[:20]:
        print(f"  skipped: {reason}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add init-db, import and sync-ptv to the `citybot` command line."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    p = sub.add_parser("init-db", help="create or migrate the catalogue database (Alembic)")
    p.add_argument("--db", help="database URL (default: CITYBOT_DB_URL)")
    p.set_defaults(func=cmd_init_db)

    p = sub.add_parser("import", help="load service tables (CSV/YAML) or PTV v11 JSON; no files: the bundled catalogue")
    p.add_argument("files", nargs="*", help="*.csv / *.yml hand-written tables or *.json PTV records")
    p.add_argument("--db", help="database URL (default: CITYBOT_DB_URL)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("sync-ptv", help="import a municipality's services from the PTV API (resumable)")
    p.add_argument("municipality", help="municipality code, e.g. 853 (Turku)")
    p.add_argument("--url", help="PTV API base URL (default: CITYBOT_PTV_URL or the public v11 API)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per HTTP request")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--db", help="database URL (default: CITYBOT_DB_URL)")
    p.set_defaults(func=cmd_sync_ptv)
