"""Shared fixtures. `bot_stack` trains one small model for the whole session and runs the real servers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import REPO_ROOT

# Small enough for CI on 2 cores; the shipped config.yml uses more (see docs/BENCHMARKS.md).
TEST_EPOCHS = int(os.environ.get("CITYBOT_TEST_EPOCHS", "25"))
TEST_MODELS = REPO_ROOT / "var" / "test-models"


@pytest.fixture(scope="session")
def stack_var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("citybot-var")


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """A quick model of the whole repo's data; Rasa skips retraining when the data did not change."""
    from bot.training import train

    return train(out_dir=TEST_MODELS, epochs=TEST_EPOCHS)


@pytest.fixture(scope="session")
def bot_stack(trained_model: Path, stack_var_dir: Path) -> Iterator:
    """API + action server + Rasa server on free loopback ports, with a fresh catalogue database."""
    from bot.catalogue_setup import prepare_catalogue
    from bot.stack import Ports, Stack

    db_url = f"sqlite:///{stack_var_dir / 'citybot.db'}"
    prepare_catalogue(db_url)
    env = {"CITYBOT_DB_URL": db_url, "CITYBOT_VAR_DIR": str(stack_var_dir)}
    with Stack(model=trained_model, ports=Ports.free(), var_dir=stack_var_dir, extra_env=env) as stack:
        yield stack
