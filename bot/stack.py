"""Starting, supervising and stopping the service's processes: catalogue API, action server, Rasa server,
and the Slack and Teams bridges when their secrets are set.

Used by `citybot run`, `citybot eval` and the end-to-end tests, so that all of
them run the real servers the same way. Processes get their own process group
and are stopped by PID. `Stack.supervise` restarts a process that dies, logs
why, and gives up (exit status 1) when one keeps dying; the production topology
(bot/production.py) adds PostgreSQL, Redis, nginx and several servers to it.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bot.listen import hold
from services_catalog.cpu_threads import thread_environment
from services_catalog.local_secrets import secret
from services_catalog.settings import REPO_ROOT, Settings, get_settings

log = logging.getLogger(__name__)
HOST = "127.0.0.1"
DEFAULT_PUBLIC_URL = Settings.__fields__["rasa_public_url"].default
# What a child process needs from the parent's environment besides the settings; everything else
# (a developer's stray CITYBOT_* variables included) stays out, so the stack runs as configured.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SSL_CERT_FILE", "COVERAGE_PROCESS_START")
RESTART_WINDOW_S = 300.0  # `max_restarts` within this many seconds, and the supervisor gives up
MAX_BACKOFF_S = 30.0


def free_port() -> int:
    """A port free right now, for servers that cannot take a held socket (PostgreSQL, Redis): racy, so the
    stack's own servers never use it (they get `Ports.free()`'s held sockets)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Ports:
    api: int = 8000
    actions: int = 5055
    rasa: int = 5005
    slack: int = 3000
    teams: int = 3978
    # port -> the socket bound for it and not yet handed to its server (bot/listen.py), which gets it as --fd.
    held: dict[int, socket.socket] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def free(cls) -> Ports:
        """Ports the kernel picks, each bound here and held until its server takes it: no port race."""
        sockets = [hold() for _ in range(5)]
        ports = [sock.getsockname()[1] for sock in sockets]
        return cls(*ports, held=dict(zip(ports, sockets, strict=True)))

    def listen(self, port: int) -> list[str]:
        """A server's arguments for where to listen: the held socket, or (fixed ports) the port itself."""
        return ["--fd", str(self.held[port].fileno())] if port in self.held else ["--port", str(port)]

    def close(self) -> None:
        for sock in self.held.values():
            sock.close()
        self.held.clear()


def http_ok(url: str) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            return httpx.get(url, timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    return ready


@dataclass
class Service:
    """One supervised process: how to start it and how to tell that it answers."""

    name: str
    command: list[str]
    ready: Callable[[], bool]
    env: dict[str, str] | None = None  # None: the stack's environment
    ports: tuple[int, ...] = ()  # ports whose held sockets the process inherits (bot/listen.py)
    listening: bool = False  # its sockets must listen before it starts (nginx)


def exit_reason(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with status {code}"


@dataclass
class Stack:
    model: Path
    ports: Ports = field(default_factory=Ports)
    settings: Settings = field(default_factory=get_settings)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    restarts: dict[str, deque[float]] = field(default_factory=dict)
    # The Rasa HTTP API always needs a token (bot/rasa_server.py refuses to start without one).
    rasa_token: str = ""
    endpoints: Path | None = None  # bot/endpoints.yml unless given (benchmarks compare variants)

    def __post_init__(self) -> None:
        # Unset in development: generated once into <var>/secrets/, where `citybot retrain` finds it too.
        self.rasa_token = secret("rasa_token", self.settings)

    @property
    def var_dir(self) -> Path:
        return self.settings.var_dir

    @property
    def logs(self) -> Path:
        return self.var_dir / "logs"

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.ports.api}"

    @property
    def rasa_url(self) -> str:
        return f"http://{HOST}:{self.ports.rasa}"

    @property
    def chat_url(self) -> str:
        """Where clients send chat messages (nginx in production, the Rasa server otherwise)."""
        return self.rasa_url

    @property
    def action_url(self) -> str:
        return f"http://{HOST}:{self.ports.actions}"

    def cors_origins(self) -> list[str]:
        """Origins whose pages may call the chat webhook: the configured list, or the widget's own page."""
        return self.settings.cors_list or [self.api_url, f"http://localhost:{self.ports.api}"]

    def env(self) -> dict[str, str]:
        """The children's environment: a few OS variables, the settings, and the addresses of this stack."""
        env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
        env.update(self.settings.environment())
        env.update(thread_environment(self.settings))
        public = self.settings.rasa_public_url
        env.update(
            {
                "CITYBOT_API_URL": self.api_url,
                "CITYBOT_RASA_URL": self.rasa_url,
                # The default public URL is the default port; a stack on other ports is reached there.
                "CITYBOT_RASA_PUBLIC_URL": self.chat_url if public == DEFAULT_PUBLIC_URL else public,
                "CITYBOT_ACTION_URL": f"{self.action_url}/webhook",
                "CITYBOT_RASA_TOKEN": self.rasa_token,
                "CITYBOT_CORS_ORIGINS": ",".join(self.cors_origins()),
                "SANIC_HOST": HOST,  # rasa_sdk binds 0.0.0.0 unless told otherwise
                "RASA_TELEMETRY_ENABLED": "false",  # no calls home, and no error reports to a third party
                "TF_CPP_MIN_LOG_LEVEL": "2",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    # -- what runs ----------------------------------------------------------
    def api_command(self, port: int, workers: int = 1) -> list[str]:
        listen = self.ports.listen(port) if port in self.ports.held else ["--host", HOST, "--port", str(port)]
        command = [sys.executable, "-m", "uvicorn", "services_catalog.api.app:app", *listen, "--log-level", "warning"]
        return command + (["--workers", str(workers)] if workers > 1 else [])

    def actions_command(self, port: int) -> list[str]:
        return [sys.executable, "-m", "bot.action_server", "--actions", "actions", *self.ports.listen(port)]

    def rasa_command(self, port: int, endpoints: Path | None = None) -> list[str]:
        # bot.rasa_server adds the token, the CORS list and the production checks from the settings; `--port`
        # stays for Rasa's own messages when it serves on a held socket.
        listen = self.ports.listen(port) + (["--port", str(port)] if port in self.ports.held else [])
        return [sys.executable, "-m", "bot.rasa_server", "--model", str(self.model), *listen,
                "--endpoints", str(endpoints or self.endpoints or REPO_ROOT / "bot" / "endpoints.yml")]

    def bridge_command(self, module: str, factory: str, port: int) -> list[str]:
        if port in self.ports.held:  # the bridge's own app factory under uvicorn, on the held socket
            return [sys.executable, "-m", "uvicorn", f"{module}:{factory}", "--factory", *self.ports.listen(port),
                    "--log-level", "warning"]
        return [sys.executable, "-m", module, "--port", str(port)]

    @property
    def slack_on(self) -> bool:
        # the Events API needs the signing secret, Socket Mode the app-level token instead (docs/CHANNELS.md)
        s = self.settings
        return bool(s.slack_bot_token and (s.slack_signing_secret or s.slack_app_token))

    @property
    def teams_on(self) -> bool:
        return bool(self.settings.microsoft_app_id and self.settings.microsoft_app_password)

    def port_names(self) -> list[str]:
        """The `Ports` this stack binds and hands to its servers."""
        return ["api", "actions", "rasa"] + ["slack"] * self.slack_on + ["teams"] * self.teams_on

    def hold_ports(self) -> None:
        """Bind every port not held yet (the fixed ports of `citybot run`; 0: one the kernel picks).

        A port that is taken fails here, at once, before anything has started.
        """
        for name in self.port_names():
            port = getattr(self.ports, name)
            if port == 0 or port not in self.ports.held:
                sock = hold(port, listen=False)
                setattr(self.ports, name, sock.getsockname()[1])
                self.ports.held[sock.getsockname()[1]] = sock

    def bridges(self) -> list[Service]:
        """The Slack and Teams bridges, each only when its secrets are set (docs/CHANNELS.md)."""
        p = self.ports
        found = []
        if self.slack_on:
            found.append(Service("slack", self.bridge_command("connectors.slack_app", "app_from_env", p.slack),
                                 http_ok(f"http://{HOST}:{p.slack}/health"), ports=(p.slack,)))
        if self.teams_on:
            found.append(Service("teams", self.bridge_command("bot.bridges", "teams_app", p.teams),
                                 http_ok(f"http://{HOST}:{p.teams}/health"), ports=(p.teams,)))
        return found

    def services(self) -> list[Service]:
        """Every process of the stack, in start order."""
        p = self.ports
        return [
            Service("api", self.api_command(p.api), http_ok(f"{self.api_url}/health"), ports=(p.api,)),
            Service("actions", self.actions_command(p.actions), http_ok(f"{self.action_url}/health"),
                    ports=(p.actions,)),
            Service("rasa", self.rasa_command(p.rasa), http_ok(f"{self.rasa_url}/"), ports=(p.rasa,)),
            *self.bridges(),
        ]

    def commands(self) -> dict[str, list[str]]:
        return {service.name: service.command for service in self.services()}

    # -- starting and stopping ------------------------------------------------
    def launch(self, service: Service) -> subprocess.Popen:
        """Start one process with its held sockets, then let go of them: they live as long as the process."""
        self.logs.mkdir(parents=True, exist_ok=True)
        sockets = [self.ports.held.pop(port) for port in service.ports if port in self.ports.held]
        try:
            with (self.logs / f"{service.name}.log").open("ab") as log_file:
                process = subprocess.Popen(
                    service.command, cwd=REPO_ROOT, env=service.env or self.env(), stdout=log_file,
                    stderr=subprocess.STDOUT, start_new_session=True, pass_fds=[s.fileno() for s in sockets],
                )
        finally:
            for sock in sockets:
                sock.close()
        self.processes[service.name] = process
        run_dir = self.var_dir / "run"
        run_dir.mkdir(parents=True, exist_ok=True)
        # written whole, then renamed: a reader (a supervisor script, a test) never sees a half-written file
        partial = run_dir / f".{service.name}.pid.tmp"
        partial.write_text(f"{process.pid}\n")
        partial.replace(run_dir / f"{service.name}.pid")
        log.info("started %s (pid %d)", service.name, process.pid)
        return process

    def start(self, timeout: float = 240.0) -> Stack:
        try:
            self.hold_ports()
            services = self.services()
            for service in services:
                self.launch(service)
            self.wait_ready(services, timeout)
        except BaseException:
            self.stop()
            self.ports.close()
            raise
        return self

    def wait_ready(self, services: list[Service], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        pending = {service.name: service for service in services}
        while pending:
            for name, service in list(pending.items()):
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(f"{name} {exit_reason(process.returncode)}; see {self.logs}/{name}.log")
                if service.ready():
                    del pending[name]
            if time.monotonic() > deadline:
                raise TimeoutError(f"not ready after {timeout:.0f} s: {sorted(pending)}")
            if pending:
                time.sleep(0.5)

    def stop(self) -> None:
        # The reverse of the start order: the front (nginx, Rasa) goes before what it depends on.
        running = list(self.processes.values())[::-1]
        for process in running:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in running:
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
        self.ports.close()

    # -- supervision ------------------------------------------------------------
    def relaunch(self, name: str) -> subprocess.Popen:
        """Start a process again, on its ports bound anew."""
        service = next(s for s in self.services() if s.name == name)
        for port in service.ports:
            if port not in self.ports.held:
                self.ports.held[port] = hold(port, listen=service.listening)
        return self.launch(next(s for s in self.services() if s.name == name))  # with the new sockets' numbers

    def supervise(self, stopping: Callable[[], bool], poll_s: float = 1.0) -> int:
        """Restart processes that die until `stopping()`; 0 then, or 1 when one keeps dying (then all stop).

        A supervisor above this one (systemd, Kubernetes) restarts the service only when it exits with an error.
        """
        due: dict[str, float] = {}
        try:
            while not stopping():
                time.sleep(poll_s)
                now = time.monotonic()
                for name, process in list(self.processes.items()):
                    if name in due or process.poll() is None:
                        continue
                    recent = self.restarts.setdefault(name, deque())
                    while recent and now - recent[0] > RESTART_WINDOW_S:
                        recent.popleft()
                    reason = exit_reason(process.returncode)
                    if len(recent) >= self.settings.max_restarts:
                        log.error("%s %s; it was restarted %d times in %.0f s, giving up; see %s/%s.log",
                                  name, reason, len(recent), RESTART_WINDOW_S, self.logs, name)
                        return 1
                    delay = min(MAX_BACKOFF_S, 2.0 ** len(recent) - 1)
                    log.warning("%s %s; restarting it in %.0f s; see %s/%s.log", name, reason, delay, self.logs, name)
                    recent.append(now)
                    due[name] = now + delay
                for name, when in list(due.items()):
                    if now >= when:
                        del due[name]
                        try:
                            self.relaunch(name)
                        except OSError as error:  # its port was taken meanwhile: try again after the back-off
                            log.warning("%s could not be restarted: %s", name, error)
                            due[name] = now + min(MAX_BACKOFF_S, 2.0 ** len(self.restarts[name]))
            return 0
        finally:
            self.stop()
            self.ports.close()

    def wait_for_search(self, timeout: float = 900.0) -> None:
        """Wait until the catalogue API ranks with embeddings too (see `wait_for_search`)."""
        wait_for_search(self.api_url, timeout)

    def ask(self, text: str, sender: str | None = None, metadata: dict[str, Any] | None = None) -> list[dict]:
        """Send one message through the REST channel; the bot's reply messages."""
        return ask(self.chat_url, text, sender=sender, metadata=metadata)


def wait_for_search(api_url: str, timeout: float = 900.0, alive: Callable[[], bool] = lambda: True) -> None:
    """Wait until the catalogue API at `api_url` ranks with embeddings too, as it does once warm.

    On a fresh cache the API embeds the catalogue after it is up (minutes) and searches with BM25 alone
    meanwhile; a measurement taken then measures another search than the one shipped.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{api_url}/health", timeout=5.0).json().get("retrieval") == "hybrid":
                return
        except (httpx.HTTPError, ValueError):
            pass
        if not alive() or time.monotonic() > deadline:
            raise TimeoutError(f"the catalogue API at {api_url} did not get ready with embeddings")
        time.sleep(1.0)


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
