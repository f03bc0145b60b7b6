"""Shared fixtures: settings for a test, a tracker builder, local stand-ins, one trained model, the real stack.

Every test runs with its own `Settings` (a temporary var directory, nothing read
from the shell's environment). `bot_stack` trains one small model for the whole
session in a temporary copy of the training data and runs the real servers.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from services_catalog import settings as settings_module
from services_catalog.settings import REPO_ROOT, Settings
from tests.support.processes import child_environment, held_socket, install_cleanup, stop_process, track
from tests.support.sitecustom.sitecustomize import install_loopback_guard

# Content-addressed caches shared by test runs (and by clean clones on one machine): embeddings of the
# catalogue, and models that Rasa reuses only when their fingerprint matches the training data.
CACHE_DIR = Path.home() / ".cache" / "citybot-tests"


def pytest_configure(config: pytest.Config) -> None:
    # The order stays shuffled, but pytest-randomly's per-test reseeding is off: it hands seeds above 2**32 to
    # thinc's reseed hook, which passes them to numpy, which refuses them (a failure that depends on the seed).
    if config.pluginmanager.hasplugin("randomly"):
        config.option.randomly_reset_seed = False


def settings_for(var_dir: Path, **changes: Any) -> Settings:
    """Settings built from defaults only, never from the shell's CITYBOT_* variables."""
    fields = {"var_dir": var_dir, "embed_cache": CACHE_DIR / "embeddings", **changes}
    return Settings.parse_obj(fields)


@pytest.fixture(scope="session", autouse=True)
def _hermetic_session() -> None:
    """No test reaches a host but this machine, and no server outlives an interrupted run."""
    install_loopback_guard()
    install_cleanup()


@pytest.fixture(scope="session")
def session_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("var")


@pytest.fixture(scope="session", autouse=True)
def _session_settings(session_var: Path) -> Iterator[Settings]:
    """This process's settings for the whole run: defaults, a temporary var directory."""
    previous = settings_module.use_settings(settings_for(session_var))
    yield settings_module.get_settings()
    settings_module.use_settings(previous)


@pytest.fixture()
def settings(tmp_path: Path) -> Iterator[Callable[..., Settings]]:
    """`settings(**changes)` makes these the process's settings until the test ends."""
    previous = settings_module.get_settings()

    def apply(**changes: Any) -> Settings:
        chosen = settings_for(changes.pop("var_dir", tmp_path), **changes)
        settings_module.use_settings(chosen)
        return chosen

    yield apply
    settings_module.use_settings(previous)


def make_tracker(
    text: str,
    intent: str = "term",
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    metadata: dict[str, Any] | None = None,
    channel: str = "rest",
    confidence: float = 0.9,
    **parse_data: Any,
) -> Tracker:
    """A rasa_sdk Tracker whose latest user message is `text`, as the action server receives it."""
    message = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or [],
               **parse_data}
    events = [{"event": "user", "text": text, "parse_data": message, "metadata": metadata or {},
               "input_channel": channel}]
    return Tracker("tester", dict(slots or {}), message, events, False, None, {}, "action_listen")


@pytest.fixture()
def tracker() -> Callable[..., Tracker]:
    return make_tracker


def run_action(action: Any, tracker: Tracker, domain: dict[str, Any] | None = None
               ) -> tuple[list[dict[str, Any]], dict[str, Any], list[dict[str, Any]]]:
    """Run a rasa_sdk action as the action server would: (messages sent, slots set, all events)."""
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker, domain or {})
    events = asyncio.run(result) if asyncio.iscoroutine(result) else result
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, events


def wait_ready(process: subprocess.Popen, health_url: str, ready: Callable[[httpx.Response], bool],
               timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if ready(httpx.get(health_url, timeout=2)):
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_process(process)
            raise RuntimeError(f"{what} did not get ready within {timeout:.0f} s")
        time.sleep(0.5)


def start_uvicorn(app: str, settings: Settings, ready: Callable[[httpx.Response], bool] = lambda r: r.is_success,
                  timeout: float = 300.0, factory: bool = False) -> tuple[subprocess.Popen, str]:
    """`uvicorn app` on a loopback socket this process binds and hands over (`--fd`), once /health is ready.

    The environment is built from `settings` only; (process, base URL).
    """
    sock = held_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    log = settings.var_dir / "logs"
    log.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "uvicorn", app, "--fd", str(sock.fileno()), "--log-level", "warning",
               *(["--factory"] if factory else [])]
    with (log / "uvicorn.log").open("ab") as out:
        process = track(subprocess.Popen(command, cwd=REPO_ROOT, env=child_environment(settings.environment()),
                                         stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                         pass_fds=[sock.fileno()]))
    sock.close()  # the server holds it now
    wait_ready(process, f"{url}/health", ready, timeout, app)
    return process, url


@pytest.fixture()
def closed_url() -> Iterator[str]:
    """A loopback URL where nothing listens, guaranteed for the whole test (the port is held, not listening)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


@pytest.fixture(scope="session")
def catalogue_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real catalogue API process on loopback with the bundled catalogue, once hybrid search is ready."""
    process, url = start_uvicorn("services_catalog.api.app:app", settings_for(tmp_path_factory.mktemp("api-var")),
                                 lambda r: r.status_code == 200 and r.json().get("retrieval") == "hybrid")
    yield url
    stop_process(process)


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """A quick model of the whole repo's data, trained in a copy of it; reused while the data is unchanged.

    Rasa fingerprints the input paths too, so the copy always has the same place; a lock keeps two test
    runs on one machine from training there at once.
    """
    from bot.training import train

    epochs = Settings.__fields__["test_epochs"].default
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with (CACHE_DIR / "training.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return train(out_dir=CACHE_DIR / "models", epochs=epochs, workspace=CACHE_DIR / "workspace", timeout=1800)


def _test_stack_class() -> type:
    from bot.stack import Stack

    class TestStack(Stack):
        """The service's stack with a test environment: loopback only, coverage, stopped if pytest is killed."""

        def env(self) -> dict[str, str]:
            return child_environment(super().env())

        def start(self, timeout: float = 240.0) -> TestStack:
            try:
                return super().start(timeout)
            finally:
                for process in self.processes.values():
                    track(process)

    return TestStack


CARD_SCHEMA = json.loads((REPO_ROOT / "docs" / "cards.schema.json").read_text(encoding="utf-8"))


def assert_card_contract(messages: list[dict[str, Any]]) -> None:
    """Every bot message has text and a card valid against docs/cards.schema.json."""
    for message in messages:
        wire = {"text": message.get("text"), "card": message.get("custom"), "buttons": message.get("buttons", [])}
        jsonschema.validate(wire, CARD_SCHEMA)


@pytest.fixture(scope="session")
def bot_stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """API + action server + Rasa server on free loopback ports, with a fresh catalogue database.

    Every reply asked through it is checked against the card schema.
    """
    from bot.stack import Ports
    from services_catalog.db.setup import ensure_catalogue

    TestStack = _test_stack_class()  # noqa: N806 - a class

    class ContractCheckingStack(TestStack):
        def ask(self, text: str, sender: str | None = None, metadata: dict[str, Any] | None = None) -> list[dict]:
            messages = super().ask(text, sender, metadata)
            assert_card_contract(messages)
            return messages

    from tests.support.mapserver.configs import write_config

    var = tmp_path_factory.mktemp("stack-var")
    # The bundled files, never the city's WFS: tests reach no host but loopback.
    stack_settings = settings_for(var, geodata=write_config(var / "geodata", None, backend="file"))
    ensure_catalogue(stack_settings.db_url)
    with ContractCheckingStack(model=trained_model, ports=Ports.free(), settings=stack_settings) as stack:
        yield stack


__all__ = ["REPO_ROOT", "make_tracker", "run_action", "settings_for", "start_uvicorn", "stop_process"]
