"""Training a Rasa model from the generated data, skipping the work when nothing changed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bot import generate
from bot.settings import REPO_ROOT, VAR_DIR

CONFIG = REPO_ROOT / "config.yml"
DOMAIN = REPO_ROOT / "bot" / "domain"
DATA = [REPO_ROOT / "nlu_data", REPO_ROOT / "bot" / "data"]
MODELS_DIR = REPO_ROOT / "models"


def config_with_epochs(epochs: int, source: Path = CONFIG) -> Path:
    """A copy of the pipeline config with every `epochs:` set to `epochs` (quick models for tests)."""
    text = re.sub(r"(\bepochs:\s*)\d+", rf"\g<1>{epochs}", source.read_text(encoding="utf-8"))
    target = VAR_DIR / f"config.epochs{epochs}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def latest_model(models_dir: Path = MODELS_DIR) -> Path | None:
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def train(
    out_dir: Path = MODELS_DIR,
    config: Path = CONFIG,
    epochs: int | None = None,
    force: bool = False,
    fixed_name: str | None = None,
) -> Path:
    """Regenerate the training data and train; Rasa itself skips training when its fingerprint matches."""
    generate.write_all()
    if epochs is not None:
        config = config_with_epochs(epochs, config)
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", str(config),
        "--domain", str(DOMAIN),
        "--data", *[str(d) for d in DATA],
        "--out", str(out_dir),
    ]
    if force:
        command.append("--force")
    if fixed_name:
        command += ["--fixed-model-name", fixed_name]
    subprocess.run(command, cwd=REPO_ROOT, check=True)
    model = latest_model(out_dir)
    if model is None:
        raise RuntimeError(f"rasa train finished but left no model in {out_dir}")
    return model
