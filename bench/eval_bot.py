"""Dev and held-out sets through the running bot's REST channel, side by side per language, from one run.

    .venv/bin/python bench/eval_bot.py [--model models/x.tar.gz] [--baselines] [--out var/bench/eval_bot.json]
        [--dev-only | --sets a,b | --heldout-sets a,b]

Starts the catalogue API, the action server and Rasa (bot/stack.py) with the model, asks every case in a fresh
conversation after its `before` turns (bot/evaluation.py) and prints one markdown table: per capability
(services hit@5, term top-1, unknown names reaching the fallback, statements about oneself, geo place names,
programme), dev against held-out, per language. `--baselines` repeats the service sets with the catalogue API
ranking by BM25 only and by the dense embedding only (CITYBOT_SEARCH_SYSTEM), the rest unchanged.

Held-out misses are written to the JSON file only, counted, never printed: the held-out set is for measuring.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.evaluation import Case, Outcome, load_cases, run_cases  # noqa: E402
from bot.stack import Ports, Stack  # noqa: E402
from bot.training import latest_model  # noqa: E402
from services_catalog.db.setup import ensure_catalogue  # noqa: E402
from services_catalog.settings import get_settings  # noqa: E402

EVAL = REPO / "tests" / "eval"
# The blind statement sets after the first, tests/eval/dev_profile_blind<n>.yml, with the ordinal their row names
BLIND_STATEMENT_SETS = dict(enumerate(
    ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
     "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
     "twenty-first", "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth", "twenty-sixth",
     "twenty-seventh"), start=2))
DEV = {
    "services": [EVAL / "dev_services.yml", REPO / "bench" / "holdout_services.yml"],
    "routing": [EVAL / "dev_service_routing.yml"],
    "terms": [EVAL / "dev_terms.yml"],
    "profile": [EVAL / "dev_profile.yml"],
    "profile_blind": [EVAL / "dev_profile_blind.yml"],
    **{f"profile_blind{n}": [EVAL / f"dev_profile_blind{n}.yml"] for n in BLIND_STATEMENT_SETS},
    "routing_blind": [EVAL / "dev_routing_blind.yml"],
    "services_blind": [EVAL / "dev_services_blind.yml"],
    "services_blind3": [EVAL / "dev_services_blind3.yml"],
    "services_blind4": [EVAL / "dev_services_blind4.yml"],
    "services_blind5": [EVAL / "dev_services_blind5.yml"],
    "services_blind6": [EVAL / "dev_services_blind6.yml"],
    "not_needs_blind": [EVAL / "dev_not_needs_blind.yml"],
    "geo": [EVAL / "dev_geo.yml"],
    "programme": [EVAL / "dev_programme.yml"],
}
HELDOUT = {name: [EVAL / "heldout" / f"{name}.yml"] for name in ("services", "terms", "profile", "geo", "profile2",
                                                                 "profile3", "profile4", "profile5")}
def _is_service(case: Case) -> bool:
    return case.expect["type"] == "service_list"


def _every_case(case: Case) -> bool:
    return True


def _verdict(outcome: Outcome) -> bool:
    return outcome.ok


def _no_answer_verdict(outcome: Outcome) -> bool:
    """Right when the bot did not answer a message that asks for nothing it knows with services or a definition:
    the fallback and small talk both are."""
    return outcome.card is None or outcome.card.type not in ("service_list", "term")


def _first_card_verdict(outcome: Outcome) -> bool:
    return outcome.first_card_ok


# (row label, which set, which cases of it, which verdict)
ROWS: list[tuple[str, str, Callable[[Case], bool], Callable[[Outcome], bool]]] = [
    ("services hit@5", "services", _is_service, _verdict),
    ("services hit@5, first card only", "services", _is_service, _first_card_verdict),
    ("needs answered with services (dev only, no ids)", "routing", _is_service, _verdict),
    ("services hit@5, written blind (dev only)", "services_blind", _is_service, _verdict),
    ("services hit@5, written blind, first card only", "services_blind", _is_service, _first_card_verdict),
    ("services hit@5, written blind, third set (dev only)", "services_blind3", _is_service, _verdict),
    ("services hit@5, written blind, third set, first card only", "services_blind3", _is_service,
     _first_card_verdict),
    ("services hit@5, written blind, fourth set (dev only)", "services_blind4", _is_service, _verdict),
    ("services hit@5, written blind, fifth set (dev only)", "services_blind5", _is_service, _verdict),
    ("services hit@5, written blind, sixth set (dev only)", "services_blind6", _is_service, _verdict),
    ("terms top-1", "terms", lambda c: c.expect["type"] == "term", _verdict),
    ("unknown names → fallback", "terms", lambda c: c.expect["type"] == "fallback", _verdict),
    ("statements about oneself", "profile", lambda c: True, _verdict),
    ("statements and mixed turns, second held-out set (held-out only)", "profile2", lambda c: True, _verdict),
    ("statements and mixed turns, third held-out set (held-out only)", "profile3", lambda c: True, _verdict),
    ("statements and mixed turns, fourth held-out set (held-out only)", "profile4", lambda c: True, _verdict),
    ("statements and mixed turns, fifth held-out set (held-out only)", "profile5", lambda c: True, _verdict),
    ("statements, written blind (dev only)", "profile_blind", lambda c: True, _verdict),
    *[(f"statements and mixed turns, written blind, {ordinal} set (dev only)", f"profile_blind{n}", _every_case,
       _verdict) for n, ordinal in BLIND_STATEMENT_SETS.items()],
    ("needs, written blind (dev only, no ids)", "routing_blind", _is_service, _verdict),
    ("not needs, written blind (dev only)", "routing_blind", lambda c: not _is_service(c), _verdict),
    ("not needs, written blind, second set: neither services nor a definition (dev only)", "not_needs_blind",
     lambda c: True, _no_answer_verdict),
    ("geo place names", "geo", lambda c: True, _verdict),
    ("programme", "programme", lambda c: True, _verdict),
]
LANGS = ("all", "fi", "sv", "en")


def ask_all(stack: Stack, files: dict[str, list[Path]]) -> dict[str, list[Outcome]]:
    out = {}
    for name, paths in files.items():
        cases = [case for path in paths for case in load_cases(path)]
        started = time.perf_counter()
        out[name] = run_cases(cases, lambda text, sender, meta: stack.ask(text, sender, meta)).outcomes
        print(f"  {name}: {len(cases)} cases in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return out


def cell(outcomes: list[Outcome], keep: Callable[[Case], bool], lang: str,
         verdict: Callable[[Outcome], bool] = _verdict) -> str:
    chosen = [o for o in outcomes if keep(o.case) and (lang == "all" or o.case.lang == lang)]
    if not chosen:
        return "-"
    ok = sum(verdict(o) for o in chosen)
    return f"{ok / len(chosen):.1%} ({ok}/{len(chosen)})"


def table(dev: dict[str, list[Outcome]], heldout: dict[str, list[Outcome]], title: str) -> list[str]:
    header = "| " + title + " | " + " | ".join(f"dev {lang}" for lang in LANGS) + " | " + \
        " | ".join(f"held-out {lang}" for lang in LANGS) + " |"
    lines = [header, "|---" * (1 + 2 * len(LANGS)) + "|"]
    for label, name, keep, verdict in ROWS:
        if name not in dev and name not in heldout:
            continue
        cells = [cell(dev.get(name, []), keep, lang, verdict) for lang in LANGS]
        cells += [cell(heldout.get(name, []), keep, lang, verdict) for lang in LANGS]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def run(model: Path, sets: tuple[dict[str, list[Path]], dict[str, list[Path]]], search_system: str = "hybrid",
        ) -> tuple[dict[str, list[Outcome]], dict[str, list[Outcome]]]:
    settings = get_settings().copy(update={"search_system": search_system})
    ensure_catalogue(settings.db_url)
    with Stack(model=model, ports=Ports.free(), settings=settings) as stack:
        stack.wait_for_search()
        print(f"stack up ({search_system}); asking ...", file=sys.stderr, flush=True)
        return ask_all(stack, sets[0]), ask_all(stack, sets[1])


def dump(path: Path, results: dict[str, tuple[dict[str, list[Outcome]], dict[str, list[Outcome]]]]) -> None:
    rows = []
    for system, (dev, heldout) in results.items():
        for kind, groups in (("dev", dev), ("held-out", heldout)):
            for name, outcomes in groups.items():
                rows += [{"system": system, "set": kind, "group": name, "id": o.case.id, "lang": o.case.lang,
                          "text": o.case.text, "ok": o.ok, "first_card_ok": o.first_card_ok,
                          "reason": o.reason,
                          "card": o.card.type if o.card else None} for o in outcomes]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="model file (default: the latest in models/)")
    parser.add_argument("--baselines", action="store_true", help="also rank services by BM25 only and dense only")
    parser.add_argument("--dev-only", action="store_true", help="dev sets only (while tuning)")
    parser.add_argument("--sets", help=f"comma-separated dev sets to ask (implies --dev-only): {', '.join(DEV)}")
    parser.add_argument("--heldout-sets", help=f"comma-separated held-out sets to ask, and no dev set: "
                                               f"{', '.join(HELDOUT)}")
    parser.add_argument("--out", default=str(get_settings().var_dir / "bench" / "eval_bot.json"))
    args = parser.parse_args()
    dev = DEV
    if args.sets:
        unknown = set(args.sets.split(",")) - set(DEV)
        if unknown:
            sys.exit(f"unknown sets: {', '.join(sorted(unknown))}")
        dev, args.dev_only = {name: DEV[name] for name in args.sets.split(",")}, True
    model = Path(args.model) if args.model else latest_model()
    if model is None:
        sys.exit("no model; run `citybot train` first")
    heldout = {} if args.dev_only else HELDOUT
    if args.heldout_sets:
        if args.baselines or args.sets or args.dev_only:
            parser.error("--heldout-sets asks only those sets: not with --baselines, --sets or --dev-only")
        unknown = set(args.heldout_sets.split(",")) - set(HELDOUT)
        if unknown:
            sys.exit(f"unknown held-out sets: {', '.join(sorted(unknown))}")
        dev, heldout = {}, {name: HELDOUT[name] for name in args.heldout_sets.split(",")}
    results = {"hybrid": run(model, (dev, heldout))}
    print(f"Model `{model.name}`; command: `.venv/bin/python bench/eval_bot.py"
          f"{' --baselines' if args.baselines else ''}`\n")
    print("\n".join(table(*results["hybrid"], "through the bot (shipped)")))
    if args.baselines:
        services = ({"services": dev["services"]}, {"services": heldout["services"]} if heldout else {})
        for system, label in (("bm25-plain", "BM25 only"), ("embed", "dense only")):
            results[system] = run(model, services, system)
            print("\n" + "\n".join(table(*results[system], f"services, {label}")))
    dump(Path(args.out), results)
    print(f"\noutcomes: {args.out}")


if __name__ == "__main__":
    main()
