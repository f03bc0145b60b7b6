"""bot/generate/programme.py: table names become annotated NLU examples and lookup tables Rasa can load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rasa.shared.nlu.training_data.loading import load_data

from bot.generate.programme import INTENT, NLU_PATH, generate
from services_catalog.programme import load_programme
from services_catalog.settings import REPO_ROOT
from tests.support.processes import child_environment


def test_generated_nlu_loads_and_names_every_row(tmp_path: Path) -> None:
    files = generate()
    assert list(files) == [NLU_PATH] and NLU_PATH.startswith("nlu_data/generated/")
    path = tmp_path / "programme.yml"
    path.write_text(files[NLU_PATH], encoding="utf-8")
    data = load_data(str(path))
    assert {m.get("intent") for m in data.intent_examples} == {INTENT}
    entity_values = {(e["entity"], e["value"]) for m in data.intent_examples for e in m.get("entities") or []}
    programme = load_programme()
    for campaign in programme.campaigns:
        assert ("campaign", campaign.name["fi"]) in entity_values
    for experiment in programme.experiments:
        assert any(("experiment", name) in entity_values for name in experiment.names), experiment.id
    lookups = {table["name"]: set(table["elements"]) for table in data.lookup_tables}
    assert {p.name for p in programme.partners} <= lookups["partner"]
    assert {d.abbreviation for d in programme.departments} <= lookups["department"]


def test_generation_is_deterministic() -> None:
    """Two processes with different hash seeds (set and dict order) write the same file."""
    script = "from bot.generate.programme import generate, NLU_PATH; print(generate()[NLU_PATH])"
    outputs = [
        subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True,
                       timeout=120, env={**child_environment(), "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1] and "ask_programme" in outputs[0]
