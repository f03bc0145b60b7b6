"""`citybot`: one command line for building data, training, running, evaluating and maintaining the bot."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from datetime import date
from pathlib import Path

from bot import catalogue_cli, generate, maintenance_cli
from services_catalog.cards import json_schema
from services_catalog.db.setup import ensure_catalogue
from services_catalog.settings import REPO_ROOT, get_settings, settings_table
from services_catalog.term_review import stale_terms
from services_catalog.terms import load_terms

CARD_SCHEMA = REPO_ROOT / "docs" / "cards.schema.json"
README = REPO_ROOT / "README.md"
TABLE_START, TABLE_END = "<!-- settings-table:start -->", "<!-- settings-table:end -->"


def cmd_build_data(args: argparse.Namespace) -> int:
    if args.check:
        stale = generate.stale_files()
        for path in stale:
            print(f"out of date: {path}")
        if stale:
            print("run `citybot build-data` to regenerate them from the tables")
        # A warning, not a failure: facts age, but an old `checked` date does not break the build.
        for term in stale_terms(load_terms(), date.today(), months=12):
            checked = term.checked.isoformat() if term.checked else "never"
            print(f"warning: term {term.id!r} not checked in 12 months (checked: {checked});"
                  f" re-check it against {term.source or term.url}")
        return 1 if stale else 0
    written = generate.write_all()
    print(f"generated files written: {len(written)}" + "".join(f"\n  {p}" for p in written))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from bot.training import train

    model = train(out_dir=Path(args.out), epochs=args.epochs, force=args.force)
    print(f"model: {model}")
    if args.epochs is None:
        _prepare_for_retrain(model)
    return 0


def _prepare_for_retrain(model: Path) -> None:
    from bot.retrain import prepare_for_retrain

    print("preparing the model for quick retrains (lemmatising its term phrasings)…", flush=True)
    if not prepare_for_retrain(model, get_settings()):
        print("  it was prepared before")


def generated_docs() -> dict[Path, str]:
    """Documentation generated from code: the card schema, and the README with its settings table."""
    readme = README.read_text(encoding="utf-8")
    head, _, rest = readme.partition(TABLE_START)
    _, _, tail = rest.partition(TABLE_END)
    return {
        CARD_SCHEMA: json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n",
        README: f"{head}{TABLE_START}\n{settings_table()}\n{TABLE_END}{tail}",
    }


def cmd_docs(args: argparse.Namespace) -> int:
    stale = [path for path, text in generated_docs().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(REPO_ROOT)} (run `citybot docs`)")
        return 1 if stale else 0
    for path, text in generated_docs().items():
        path.write_text(text, encoding="utf-8")
    print(f"written: {len(stale)} file(s)")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    import logging

    from bot.stack import Ports, Stack
    from bot.training import latest_model, train

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    settings = get_settings()
    if args.production or settings.production:
        problems = settings.copy(update={"production": True}).production_problems()
        if problems:
            print("production mode refuses to start:\n  " + "\n  ".join(problems), file=sys.stderr)
            return 2
    if args.model:
        model: Path | None = Path(args.model)
    else:
        model = latest_model(Path(args.models)) if args.no_train else train(out_dir=Path(args.models))
        if model is not None and not args.no_train:
            _prepare_for_retrain(model)
    if model is None or not model.is_file():
        print("no trained model; run without --no-train", file=sys.stderr)
        return 1
    ports = Ports(api=args.api_port, actions=args.actions_port, rasa=args.rasa_port, slack=args.slack_port,
                  teams=args.teams_port)
    if args.production or settings.production:
        from bot.production import ProductionStack

        stack: Stack = ProductionStack(model=model, ports=ports, settings=settings.copy(update={"production": True}))
    else:
        ensure_catalogue()
        stack = Stack(model=model, ports=ports, settings=settings)
    print(f"starting the service with model {model.name} (logs in {stack.logs}) ...", flush=True)
    try:
        stack.start()
    except (OSError, RuntimeError, TimeoutError) as error:  # OSError: a port is taken
        print(f"could not start: {error}", file=sys.stderr)
        return 1
    print(f"\nPorts: api {stack.ports.api}, actions {stack.ports.actions}, rasa {stack.ports.rasa}"
          f"\nChat at: {stack.api_url}/\nREST channel: {stack.chat_url}/webhooks/rest/webhook"
          f"\nCatalogue API docs: {stack.api_url}/docs\nStop with Ctrl-C.", flush=True)
    stopping: list[int] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda number, _frame: stopping.append(number))
    status = stack.supervise(lambda: bool(stopping))
    if status:
        # A supervisor (systemd, Kubernetes) restarts the service only when it exits with an error.
        print(f"stopped: a process kept dying; see {stack.logs}", file=sys.stderr)
    return status


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluation import format_report, load_cases, run_cases
    from bot.stack import Ports, Stack, ask
    from bot.training import latest_model

    cases = [case for path in args.files for case in load_cases(Path(path), lang_as_hint=args.lang_hint)]
    if args.server:
        report = run_cases(cases, lambda text, sender, meta: ask(args.server, text, sender, meta))
    else:
        model = Path(args.model) if args.model else latest_model()
        if model is None:
            print("no model to evaluate; run `citybot train` first", file=sys.stderr)
            return 2
        ensure_catalogue()
        with Stack(model=model, ports=Ports.free()) as stack:
            stack.wait_for_search()
            report = run_cases(cases, lambda text, sender, meta: stack.ask(text, sender, meta))
    print(format_report(report))
    if report.accuracy < args.threshold:
        print(f"FAIL: accuracy {report.accuracy:.1%} is below the threshold {args.threshold:.1%}")
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="citybot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build-data", help="generate Rasa training data from the tables")
    p.add_argument("--check", action="store_true", help="exit 1 if generated files are out of date; write nothing")
    p.set_defaults(func=cmd_build_data)

    p = sub.add_parser("train", help="build data and train a model (skipped when nothing changed)")
    p.add_argument("--out", default="models", help="directory for models (default: models)")
    p.add_argument("--epochs", type=int, help="override every epochs setting (quick models for tests)")
    p.add_argument("--force", action="store_true", help="train even if nothing changed")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("run", help="prepare the catalogue, train if needed and start API, actions and Rasa")
    p.add_argument("--models", default="models", help="model directory (default: models)")
    p.add_argument("--no-train", action="store_true", help="use the latest model as it is")
    p.add_argument("--api-port", type=int, default=8000, help="0: a free port (printed at start)")
    p.add_argument("--actions-port", type=int, default=5055, help="0: a free port")
    p.add_argument("--rasa-port", type=int, default=5005, help="0: a free port")
    p.add_argument("--slack-port", type=int, default=3000, help="Slack bridge (started when its secrets are set)")
    p.add_argument("--teams-port", type=int, default=3978, help="Teams bridge (started when its secrets are set)")
    p.add_argument("--model", help="this model file, not the latest (implies --no-train)")
    p.add_argument("--production", action="store_true",
                   help="PostgreSQL, Redis, nginx and several servers on this machine (docs/deploy.md)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("eval", help="score dev-set questions against a trained model")
    p.add_argument("files", nargs="+", help="YAML case files (see docs/EVAL.md)")
    p.add_argument("--threshold", type=float, default=0.0, help="exit 1 when overall accuracy is below this (0-1)")
    p.add_argument("--model", help="model file (default: the latest in models/)")
    p.add_argument("--server", help="URL of an already running Rasa server instead of starting one")
    p.add_argument("--lang-hint", action="store_true",
                   help="send each case's expected language as the channel's hint, as a widget on a page would")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("docs", help="write the docs generated from code (card schema, README settings table)")
    p.add_argument("--check", action="store_true", help="exit 1 if they are out of date; write nothing")
    p.set_defaults(func=cmd_docs)

    catalogue_cli.register(sub)
    maintenance_cli.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
