"""`citybot retrain`: tables and labels in, a better model answering out, or a refusal that says why.

Steps, each with a progress bar and its time (bot/progress.py):

1. **data**: regenerate the training data from the tables, and the maintainers' labels from the
   query-log database (`nlu_data/generated/labels.yml`).
2. **train**: the least that brings the model up to date. When only term phrasings changed, the
   running model with a new TermSelector (bot/term_refresh.py; under half a full training), which also
   tells which dev questions the new selector decides differently; else fine-tune the running
   model (Rasa's `--finetune`, a fraction of the epochs) when its pipeline and domain allow it; else
   train from scratch.
3. **score**: the running model and the new one on the dev sets, in this process through the running
   action server (bot/model_eval.py). After a term-selector-only training both models answer every
   other question alike, so only the questions whose decision changed are asked, of both models: a
   paired comparison in seconds instead of minutes. Otherwise every question is asked; the running
   model's score comes from a cache when it has one.
4. **gate**: refuse the new model when its accuracy on the dev sets is lower than the running model's by
   more than CITYBOT_RETRAIN_MARGIN (the difference of the paired comparison, divided by the whole
   dev sets' size, when only the changed questions were asked).
5. **load**: `PUT /model` into every running Rasa server, one after the other, and check each one
   reports the new model. The servers keep answering with the old model until they switch.

Exit status: 0 deployed, 1 a step failed, 3 refused by the gate, 4 another retrain is running.
"""

from __future__ import annotations

import fcntl
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import yaml

from bot import generate, model_eval, term_refresh
from bot.evaluation import Case, load_cases
from bot.generate.rasa_yaml import HEADER, nlu_file
from bot.progress import Progress, Step, StepFailed
from bot.training import CONFIG, REPO_ROOT, config_with_epochs, prepare_workspace
from services_catalog.db.migrate import upgrade
from services_catalog.db.session import make_engine, session_factory
from services_catalog.local_secrets import secret_file
from services_catalog.querylog.labels import all_labels, training_examples
from services_catalog.settings import Settings

LABELS_PATH = "nlu_data/generated/labels.yml"
EXIT_DEPLOYED, EXIT_FAILED, EXIT_REFUSED, EXIT_BUSY = 0, 1, 3, 4
_COMPONENT = re.compile(r"(Starting|Finished) to train component '([^']+)'|Finished training component '([^']+)'")
_EPOCHS = re.compile(r"Epochs:\s+(\d+)%")
LOAD_TIMEOUT = 600.0


@dataclass
class Plan:
    """What one retrain does; `options_from` fills it from the settings and the command line."""

    settings: Settings
    servers: list[str]
    models_dir: Path
    dev_sets: list[Path]
    margin: float
    workspace: Path | None = None
    epochs: int | None = None
    finetune: bool = True
    quick: bool = True  # only the TermSelector when only term phrasings changed (bot/term_refresh.py)
    epoch_fraction: float = 0.25
    base: Path | None = None
    timeout: float = 3600.0
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.workspace or REPO_ROOT


def dev_set_paths(settings: Settings, given: list[str] | None = None) -> list[Path]:
    """The gate's dev sets: those given, else the configured ones; relative paths are the repository's."""
    names = given or [name.strip() for name in settings.retrain_dev_sets.split(",") if name.strip()]
    return [Path(name) if Path(name).is_absolute() else REPO_ROOT / name for name in names]


def prepare_for_retrain(model: Path, settings: Settings, root: Path = REPO_ROOT, config: Path = CONFIG,
                        tick: term_refresh.Tick = lambda fraction, detail: None) -> bool:
    """After a whole training: record what `model` was trained from, and lemmatise its term phrasings and the
    gate's questions, so that the first retrain that changes only term phrasings trains the term selector alone
    and lemmatises nothing but the new phrasings. False when the model already has a record (nothing done)."""
    digest = term_refresh.other_inputs_digest(root, config)
    if term_refresh.has_record(model):
        return False
    term_refresh.remember_inputs(model, digest, "whole training")
    probes = sorted({text for path in dev_set_paths(settings) for case in load_cases(path)
                     for text in (case.text, *case.before)})
    term_refresh.prefill(model, root, settings.var_dir / "retrain", digest, tick, probes)
    return True


def rasa_token(settings: Settings) -> str | None:
    """The Rasa HTTP API token: the configured one, or the one a development stack keeps in the var directory."""
    if settings.rasa_token is not None:
        return settings.rasa_token.get_secret_value()
    kept = secret_file("rasa_token", settings)
    return kept.read_text(encoding="utf-8").strip() if kept.exists() else None


def _params(token: str | None) -> dict[str, str]:
    return {"token": token} if token else {}


def labels_yaml(examples: dict[str, list[str]]) -> str:
    header = HEADER.replace("`citybot build-data` from services_catalog/tables",
                            "`citybot retrain` from the maintainers' labels in the query-log database")
    return header + nlu_file(examples)[len(HEADER):]


def build_data(plan: Plan, step: Step) -> int:
    """Generated files and the labels file in the training root; the number of labels taught."""
    if plan.workspace is not None:
        prepare_workspace(plan.workspace)
    else:
        generate.write_all()
    step.update(0.6, "tables → training data")
    upgrade(plan.settings.db_url)  # an older database gets the labels table before it is read
    engine = make_engine(plan.settings.db_url)
    try:
        with session_factory(engine)() as session:
            labels = all_labels(session)
    finally:
        engine.dispose()
    examples = training_examples(labels)
    target = plan.root / LABELS_PATH
    if examples:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(labels_yaml(examples), encoding="utf-8")
    elif target.exists():
        target.unlink()
    taught = sum(len(texts) for texts in examples.values())
    step.update(1.0, f"{taught} labelled phrasings, {sum(1 for lb in labels if lb.kind == 'new_term')} new-term drafts")
    return taught


def _trainable_components(config: Path) -> int:
    data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    return max(1, len(data.get("pipeline") or []) + len(data.get("policies") or []))


def _run_rasa_train(command: list[str], cwd: Path, step: Step, components: int, timeout: float) -> tuple[int, str]:
    """Run `rasa train`, turning its log into progress; (exit status, the end of its output)."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    deadline, tail, finished, current, buffer = time.monotonic() + timeout, [], 0, "", b""
    while True:
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            break
        buffer += chunk
        *lines, buffer = re.split(rb"[\r\n]", buffer)
        for raw in lines:
            line = raw.decode("utf-8", "replace").strip()
            if not line:
                continue
            tail = (tail + [line])[-30:]
            match = _COMPONENT.search(line)
            if match and match.group(1) == "Starting":
                current = match.group(2)
                step.update(finished / components, f"{current}")
            elif match:
                finished += 1
                step.update(finished / components, f"{current} done")
            epochs = _EPOCHS.search(line)
            if epochs and current:
                share = int(epochs.group(1)) / 100
                step.update((finished + share) / components, f"{current}: {int(epochs.group(1))}% of its epochs")
        if time.monotonic() > deadline:
            process.kill()
            return -9, "rasa train took longer than the time allowed"
    return process.wait(), "\n".join(tail)


@dataclass
class Trained:
    model: Path
    how: str  # "term selector only", "fine-tuned" or "full"
    changed: set[str] | None = None  # term selector only: the probe texts it now decides differently


def train(plan: Plan, step: Step, base: Path | None, probes: list[str]) -> Trained:
    """Train into the models directory the least that brings the model up to date with its inputs."""
    config = config_with_epochs(plan.epochs, CONFIG, plan.root) if plan.epochs else CONFIG
    plan.models_dir.mkdir(parents=True, exist_ok=True)
    name = f"retrained-{time.strftime('%Y%m%d-%H%M%S')}"
    digest = term_refresh.other_inputs_digest(plan.root, config)
    reason = term_refresh.why_not(base, digest) if base is not None and plan.quick else "asked for a full training"
    cache_dir = plan.settings.var_dir / "retrain"
    if reason is None:
        model, changed = term_refresh.refresh(base, plan.root, plan.models_dir / f"{name}.tar.gz", cache_dir, digest,
                                              lambda fraction, detail: step.update(fraction, detail), probes)
        return Trained(model, "term selector only", changed)
    step.update(0.0, f"whole model: {reason}")
    plan.result["whole_model_because"] = reason
    model, how = _rasa_train(plan, step, base, config, name)
    term_refresh.remember_inputs(model, digest, how)
    term_refresh.prefill(model, plan.root, cache_dir, digest, lambda fraction, detail: step.update(0.95, detail),
                         probes)
    return Trained(model, how)


def _rasa_train(plan: Plan, step: Step, base: Path | None, config: Path, name: str) -> tuple[Path, str]:
    command = [sys.executable, "-m", "rasa", "train", "--config", str(config),
               "--domain", str(plan.root / "bot" / "domain"),
               "--data", str(plan.root / "nlu_data"), str(plan.root / "bot" / "data"),
               "--out", str(plan.models_dir), "--fixed-model-name", name]
    components = _trainable_components(config)
    if plan.finetune and base is not None:
        step.update(0.0, f"fine-tuning {base.name} ({plan.epoch_fraction:.0%} of the epochs)")
        status, output = _run_rasa_train(
            [*command, "--finetune", str(base), "--epoch-fraction", str(plan.epoch_fraction)],
            plan.root, step, components, plan.timeout)
        if status == 0:
            return plan.models_dir / f"{name}.tar.gz", "fine-tuned"
        # Rasa refuses to fine-tune when the pipeline or the domain changed (a new term adds a response).
        step.update(0.0, f"fine-tuning not possible ({output.splitlines()[-1][:120] if output else status}); "
                         "training from scratch")
    status, output = _run_rasa_train([*command, "--force"], plan.root, step, components, plan.timeout)
    if status != 0:
        raise StepFailed(f"rasa train failed ({status}): {output[-600:]}")
    return plan.models_dir / f"{name}.tar.gz", "full"


def running_model(plan: Plan, token: str | None) -> Path:
    """The model file the first Rasa server runs (it must be in the models directory, or given as --base)."""
    if plan.base is not None:
        return plan.base
    url = plan.servers[0]
    try:
        response = httpx.get(f"{url}/status", params=_params(token), timeout=30)
        response.raise_for_status()
        name = response.json().get("model_file") or ""
    except (httpx.HTTPError, ValueError) as error:
        raise StepFailed(f"the Rasa server at {url} did not say which model it runs: {error}") from None
    path = plan.models_dir / Path(name).name
    if not name or not path.exists():
        raise StepFailed(f"the running model {name!r} is not in {plan.models_dir}; pass --base MODEL")
    return path


def label_cases(settings: Settings) -> list[Case]:
    """The labelled questions as cases: after a retrain they should be answered as labelled."""
    engine = make_engine(settings.db_url)
    try:
        with session_factory(engine)() as session:
            labels = all_labels(session)
    finally:
        engine.dispose()
    cases = []
    for label in labels:
        if label.kind == "term":
            cases.append(Case(text=label.text, expect={"type": "term", "id": label.target}, group="labels"))
        elif label.kind == "service":
            cases.append(Case(text=label.text, expect={"type": "service_list"}, group="labels"))
    return cases


def _ticker(step: Step) -> model_eval.Tick:
    return lambda done, total: step.update(done / total, f"{done}/{total}")


def affected_cases(cases: list[Case], changed: set[str] | None) -> list[Case] | None:
    """The cases whose reply can differ between the models (None: any of them)."""
    if changed is None:
        return None
    return [case for case in cases if case.text in changed or changed.intersection(case.before)]


def score_running(plan: Plan, step: Step, model: Path, cases: list[Case],
                  affected: list[Case] | None) -> dict[str, Any]:
    """The running model's outcomes: all of them from the cache when this model was scored before; else only
    the `affected` cases when they are known, else every case (and kept in the cache)."""
    cache_dir = plan.settings.var_dir / "retrain" / "scores"
    key = model_eval.cache_key(model, cases)
    known = model_eval.cached(cache_dir, key)
    if known is not None:
        step.update(1.0, f"{known['accuracy']:.1%} (kept from an earlier scoring of this model)")
        return known
    if affected is not None:
        step.update(0.02, f"{len(affected)} questions whose answer may change")
        partial = model_eval.summary(model_eval.score(model, affected, plan.settings.action_url, _ticker(step)),
                                     total=len(cases))
        step.update(1.0, f"{sum(c['ok'] for c in partial['cases'])}/{len(affected)} of the questions whose answer "
                         "may change")
        return partial
    step.update(0.02, f"loading {model.name}")
    summary = model_eval.summary(model_eval.score(model, cases, plan.settings.action_url, _ticker(step)))
    model_eval.remember(cache_dir, key, summary)
    step.update(1.0, f"{summary['accuracy']:.1%} of {summary['total']} questions")
    return summary


def score_new(plan: Plan, step: Step, model: Path, cases: list[Case], labelled: list[Case],
              running: dict[str, Any], affected: list[Case] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The new model's outcomes on the dev sets (only the `affected` ones when known) and on the labelled
    questions, from one load of the model; (dev summary, labels summary). A complete dev summary is kept for
    when this model is the running one."""
    asked = cases if affected is None else affected
    step.update(0.02, f"loading {model.name}" if asked or labelled else "no question's answer can change")
    outcomes = model_eval.score(model, asked + labelled, plan.settings.action_url, _ticker(step))
    scored, checked = outcomes[:len(asked)], model_eval.summary(outcomes[len(asked):])
    if affected is None:
        new = model_eval.summary(scored)
    elif running.get("complete", True):
        # Every other case is answered as by the running model, whose outcomes are all known.
        replaced = {case["key"]: case for case in scored}
        new = model_eval.summary([replaced.get(case["key"], case) for case in running["cases"]])
    else:
        new = model_eval.summary(scored, total=len(cases))
    if new["complete"]:
        model_eval.remember(plan.settings.var_dir / "retrain" / "scores", model_eval.cache_key(model, cases), new)
    ok = sum(case["ok"] for case in scored)
    step.update(1.0, f"{ok}/{len(asked)} of the questions whose answer may change" if affected is not None
                else f"{new['accuracy']:.1%} of {new['total']}")
    return new, checked


def judge_gate(running: dict[str, Any], new: dict[str, Any], margin: float) -> dict[str, Any]:
    """Deploy unless the new model answers the dev sets worse than the running one by more than `margin`.

    The change is paired: the same questions asked of both models, divided by the dev sets' size, so that it
    is the change in accuracy also when only the questions whose answer could change were asked."""
    before = {case["key"]: case for case in running["cases"]}
    paired = [case for case in new["cases"] if case["key"] in before]
    worse = [case for case in paired if not case["ok"] and before[case["key"]]["ok"]]
    better = [case for case in paired if case["ok"] and not before[case["key"]]["ok"]]
    total = max(1, running.get("total") or len(running["cases"]))
    change = (len(better) - len(worse)) / total
    return {"refused": change < -margin - 1e-9, "running_accuracy": running.get("accuracy"),
            "new_accuracy": new.get("accuracy"), "accuracy_change": change, "compared": len(paired),
            "dev_total": total, "margin": margin,
            "worse_cases": [{"text": c["text"], "reason": c["reason"]} for c in worse], "better_cases": len(better)}


def gate_summary(verdict: dict[str, Any]) -> str:
    """The gate's figures in one line."""
    change = f"{verdict['accuracy_change']:+.1%} on the dev sets ({verdict['compared']} of {verdict['dev_total']} " \
             f"questions compared, margin {verdict['margin']:.1%})"
    if verdict["running_accuracy"] is None or verdict["new_accuracy"] is None:
        return change
    return f"{verdict['new_accuracy']:.1%} new vs {verdict['running_accuracy']:.1%} running, {change}"


def load_into(plan: Plan, step: Step, model: Path, token: str | None) -> None:
    """Load the model into each Rasa server in turn; each keeps answering with its old model meanwhile."""
    for number, url in enumerate(plan.servers, start=1):
        step.update((number - 1) / len(plan.servers), f"{url} ({number}/{len(plan.servers)})")
        try:
            response = httpx.put(f"{url}/model", params=_params(token), json={"model_file": str(model.resolve())},
                                 timeout=LOAD_TIMEOUT)
            response.raise_for_status()
            status = httpx.get(f"{url}/status", params=_params(token), timeout=30).json()
        except (httpx.HTTPError, ValueError) as error:
            raise StepFailed(f"{url} did not load the model: {error}") from None
        if Path(status.get("model_file") or "").name != model.name:
            raise StepFailed(f"{url} still runs {status.get('model_file')!r}")
    step.update(1.0, f"{len(plan.servers)} server(s) answer with {model.name}")


@contextmanager
def exclusive(settings: Settings) -> Iterator[bool]:
    """Hold the retrain lock (services_catalog/api/retrain_runner.py checks it); False when another holds it."""
    directory = settings.var_dir / "retrain"
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _peak_rss_mb() -> dict[str, int]:
    # ru_maxrss is in KiB on Linux; children: the largest `rasa train` process waited for.
    return {"retrain_process": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "training_process": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}


def _train_and_score(plan: Plan, progress: Progress, base: Path, cases: list[Case], labelled: list[Case],
                     result: dict[str, Any], again: bool = False,
                     ) -> tuple[Path, dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Train, then score the running and the new model on the dev sets (and the new one on the labelled
    questions); (model, running, new, labels)."""
    suffix, title = ("-whole", " the whole model") if again else ("", "")
    probes = sorted({text for case in cases for text in (case.text, *case.before)})
    with progress.step(f"train{suffix}", f"Train{title}") as step:
        trained = train(plan, step, base, probes)
        result["model"], result["training"] = trained.model.name, trained.how
    affected = affected_cases(cases, trained.changed)
    with progress.step(f"score-running{suffix}", "Score the running model") as step:
        running = score_running(plan, step, base, cases, affected)
    with progress.step(f"score-new{suffix}", "Score the new model") as step:
        new, checked = score_new(plan, step, trained.model, cases, labelled, running, affected)
    if labelled:
        result["labels_answered"] = sum(c["ok"] for c in checked["cases"])
        result["labels_checked"] = len(labelled)
    return trained.model, running, new, checked


def _action_server_answers(settings: Settings) -> None:
    """Fail before any training when the action server, which every scored turn needs, does not answer."""
    health = settings.action_url.rsplit("/webhook", 1)[0] + "/health"
    try:
        httpx.get(health, timeout=30).raise_for_status()
    except httpx.HTTPError as error:
        raise StepFailed(f"the action server at {health} does not answer: {error}") from None


def _routed_elsewhere(checked: dict[str, Any]) -> bool:
    """Whether a labelled term question got no term card at all (the NLU sent it to another intent)."""
    return any(not case["ok"] and case["reason"].startswith("type ") for case in checked["cases"])


def run(plan: Plan, progress: Progress) -> int:
    """The whole retrain; the exit status (see the module docstring)."""
    token = rasa_token(plan.settings)
    started = time.monotonic()
    result = plan.result
    result.update({"deployed": False, "refused": False})
    try:
        with progress.step("data", "Build training data") as step:
            result["labels_taught"] = build_data(plan, step)
        with progress.step("running", "Find the running model") as step:
            base = running_model(plan, token)
            _action_server_answers(plan.settings)
            step.update(1.0, base.name)
        cases = [case for path in plan.dev_sets for case in load_cases(path)]
        labelled = label_cases(plan.settings)
        model, running, new, checked = _train_and_score(plan, progress, base, cases, labelled, result)
        if result["training"] == "term selector only" and _routed_elsewhere(checked):
            # The term selector answers only what the NLU calls a term question; these need the whole model.
            model, running, new, checked = _train_and_score(replace(plan, quick=False), progress, base, cases,
                                                            labelled, result, again=True)
        with progress.step("gate", "Gate: compare with the running model") as step:
            result.update(judge_gate(running, new, plan.margin))
            verdict = "refused" if result["refused"] else "passed"
            step.update(1.0, f"{verdict}: {gate_summary(result)}")
        if result["refused"]:
            progress.skip("load", "Load into the Rasa servers", "not loaded: the gate refused the new model")
            return _finish(progress, result, started, EXIT_REFUSED)
        with progress.step("load", "Load into the Rasa servers") as step:
            load_into(plan, step, model, token)
        result["deployed"] = True
        return _finish(progress, result, started, EXIT_DEPLOYED)
    except Exception as error:  # noqa: BLE001 - whatever broke, the page and the exit status must say so
        result["error"] = str(error) or type(error).__name__
        return _finish(progress, result, started, EXIT_FAILED)


def _finish(progress: Progress, result: dict[str, Any], started: float, code: int) -> int:
    result["seconds"] = round(time.monotonic() - started, 1)
    result["peak_rss_mb"] = _peak_rss_mb()
    progress.write_event({"result": result, "exit_code": code})
    return code


def default_servers(settings: Settings) -> list[str]:
    listed = [url.strip().rstrip("/") for url in settings.model_reload_urls.split(",") if url.strip()]
    return listed or [settings.rasa_url]

