"""Training a Rasa model from the generated data, skipping the work when nothing changed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bot import generate
from services_catalog.settings import REPO_ROOT, get_settings

CONFIG = REPO_ROOT / "config.yml"
MODELS_DIR = REPO_ROOT / "models"
# What `rasa train` reads, relative to the repository (generated files are written into these).
TRAINING_INPUTS = ("nlu_data", "bot/domain", "bot/data")


def config_with_epochs(epochs: int, source: Path = CONFIG, directory: Path | None = None) -> Path:
    """A copy of the pipeline config with every `epochs:` set to `epochs` (quick models for tests)."""
    text = re.sub(r"(\bepochs:\s*)\d+", rf"\g<1>{epochs}", source.read_text(encoding="utf-8"))
    target = (directory or get_settings().var_dir) / f"config.epochs{epochs}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def latest_model(models_dir: Path = MODELS_DIR) -> Path | None:
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def prepare_workspace(workspace: Path) -> Path:
    """A copy of the training inputs with freshly generated files, so the repository is left as it is."""
    shutil.rmtree(workspace, ignore_errors=True)
    for relative in TRAINING_INPUTS:
        shutil.copytree(REPO_ROOT / relative, workspace / relative)
    generate.write_all(root=workspace)
    return workspace


def train(
    out_dir: Path = MODELS_DIR,
    config: Path = CONFIG,
    epochs: int | None = None,
    force: bool = False,
    fixed_name: str | None = None,
    workspace: Path | None = None,
    timeout: float | None = None,
) -> Path:
    """Regenerate the training data and train; Rasa itself skips training when its fingerprint matches.

    Without `workspace` the generated files are written into the repository (`citybot build-data`);
    with it, into a copy there (tests, and retraining that must not touch the working tree).
    """
    root = prepare_workspace(workspace) if workspace is not None else REPO_ROOT
    if workspace is None:
        generate.write_all()
    if epochs is not None:
        # In the workspace, so that the paths Rasa fingerprints stay the same between runs.
        config = config_with_epochs(epochs, config, workspace)
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", str(config),
        "--domain", str(root / "bot" / "domain"),
        "--data", str(root / "nlu_data"), str(root / "bot" / "data"),
        "--out", str(out_dir),
    ]
    if force:
        command.append("--force")
    if fixed_name:
        command += ["--fixed-model-name", fixed_name]
    # Custom NLU components are imported from this checkout, whatever the working directory.
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    subprocess.run(command, cwd=root, check=True, env=env, timeout=timeout)
    model = latest_model(out_dir)
    if model is None:
        raise RuntimeError(f"rasa train finished but left no model in {out_dir}")
    return model
