"""Starting and stopping the three processes of the service: catalogue API, action server, Rasa server.

Used by `citybot run`, `citybot eval` and the end-to-end tests, so that all of
them run the real servers the same way. Processes get their own process group
and are stopped by PID.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from services_catalog.settings import REPO_ROOT, Settings, get_settings

HOST = "127.0.0.1"
DEFAULT_PUBLIC_URL = Settings.__fields__["rasa_public_url"].default
# What a child process needs from the parent's environment besides the settings; everything else
# (a developer's stray CITYBOT_* variables included) stays out, so the stack runs as configured.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SSL_CERT_FILE", "COVERAGE_PROCESS_START")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Ports:
    api: int = 8000
    actions: int = 5055
    rasa: int = 5005

    @classmethod
    def free(cls) -> Ports:
        return cls(free_port(), free_port(), free_port())


@dataclass
class Stack:
    model: Path
    ports: Ports = field(default_factory=Ports)
    settings: Settings = field(default_factory=get_settings)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def var_dir(self) -> Path:
        return self.settings.var_dir

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.ports.api}"

    @property
    def rasa_url(self) -> str:
        return f"http://{HOST}:{self.ports.rasa}"

    @property
    def action_url(self) -> str:
        return f"http://{HOST}:{self.ports.actions}"

    def env(self) -> dict[str, str]:
        """The children's environment: a few OS variables, the settings, and the addresses of this stack."""
        env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
        env.update(self.settings.environment())
        public = self.settings.rasa_public_url
        env.update(
            {
                "CITYBOT_API_URL": self.api_url,
                "CITYBOT_RASA_URL": self.rasa_url,
                # The default public URL is the default port; a stack on other ports is reached there.
                "CITYBOT_RASA_PUBLIC_URL": self.rasa_url if public == DEFAULT_PUBLIC_URL else public,
                "CITYBOT_ACTION_URL": f"{self.action_url}/webhook",
                "SANIC_HOST": HOST,  # rasa_sdk binds 0.0.0.0 unless told otherwise
                "RASA_TELEMETRY_ENABLED": "false",  # no calls home, and no error reports to a third party
                "TF_CPP_MIN_LOG_LEVEL": "2",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def commands(self) -> dict[str, list[str]]:
        py = sys.executable
        return {
            "api": [py, "-m", "uvicorn", "services_catalog.api.app:app", "--host", HOST,
                    "--port", str(self.ports.api), "--log-level", "warning"],
            "actions": [py, "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.ports.actions)],
            "rasa": [py, "-m", "rasa", "run", "--model", str(self.model), "--enable-api",
                     "--interface", HOST, "--port", str(self.ports.rasa), "--cors", "*",
                     "--endpoints", str(REPO_ROOT / "bot" / "endpoints.yml"),
                     "--credentials", str(REPO_ROOT / "bot" / "credentials.yml")],
        }

    def health_urls(self) -> dict[str, str]:
        return {
            "api": f"{self.api_url}/health",
            "actions": f"{self.action_url}/health",
            "rasa": f"{self.rasa_url}/status",
        }

    def start(self, timeout: float = 240.0) -> Stack:
        logs = self.var_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        env = self.env()
        for name, command in self.commands().items():
            with (logs / f"{name}.log").open("ab") as log_file:
                self.processes[name] = subprocess.Popen(
                    command, cwd=REPO_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        try:
            self.wait_healthy(timeout)
        except Exception:
            self.stop()
            raise
        return self

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        pending = dict(self.health_urls())
        while pending:
            for name, url in list(pending.items()):
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}; see {self.var_dir}/logs/{name}.log")
                try:
                    if httpx.get(url, timeout=2.0).status_code == 200:
                        del pending[name]
                except httpx.HTTPError:
                    pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"not healthy after {timeout:.0f} s: {sorted(pending)}")
            if pending:
                time.sleep(0.5)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        self.processes.clear()

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def ask(self, text: str, sender: str | None = None, metadata: dict[str, Any] | None = None) -> list[dict]:
        """Send one message through the REST channel; the bot's reply messages."""
        return ask(self.rasa_url, text, sender=sender, metadata=metadata)


def ask(
    rasa_url: str, text: str, sender: str | None = None, metadata: dict[str, Any] | None = None,
    timeout: float = 60.0,
) -> list[dict]:
    body = {"sender": sender or f"anon-{uuid.uuid4().hex[:12]}", "message": text, "metadata": metadata or {}}
    response = httpx.post(f"{rasa_url}/webhooks/rest/webhook", json=body, timeout=timeout)
    response.raise_for_status()
    return response.json()


def answer_card(messages: list[dict]) -> dict[str, Any]:
    """The first card of a reply (the answer; later messages are follow-ups such as "show more"),
    without its random `answer_id`, so that it compares equal to an expected card."""
    for message in messages:
        if isinstance(message.get("custom"), dict) and message["custom"].get("type"):
            return {k: v for k, v in message["custom"].items() if k != "answer_id"}
    return {}
