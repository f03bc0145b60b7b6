"""`citybot run --production` on one machine: PostgreSQL, Redis, N Rasa servers, M action servers, the
catalogue API with several workers, and nginx in front, all on loopback, from Debian's packages.

PostgreSQL holds the catalogue, the query log and Rasa's conversations; Redis is
Rasa's lock store (bot/lock_store.py), so any Rasa server can take any conversation's next turn, and a
killed server's conversations go on on another within the lock lifetime.
nginx publishes only the chat webhooks and the widget, with a per-address limit.
When `CITYBOT_DB_URL` (PostgreSQL) or `CITYBOT_REDIS_URL` point at existing
servers, those are used and nothing is started for them. Layout and variables:
docs/deploy.md; the same topology for containers: deploy/.
"""

from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from bot.listen import hold
from bot.stack import HOST, Service, Stack, free_port, http_ok
from services_catalog.db.setup import ensure_catalogue
from services_catalog.settings import REPO_ROOT

PRODUCTION_ENDPOINTS = REPO_ROOT / "bot" / "endpoints.production.yml"
NGINX_TEMPLATE = REPO_ROOT / "deploy" / "nginx.conf.template"
TRACKER_DB = "citybot_tracker"


@dataclass
class Topology:
    """Ports of the production processes on this machine."""

    public: int = 8080
    api: int = 8000
    rasa: list[int] = field(default_factory=lambda: [5005])
    actions: list[int] = field(default_factory=lambda: [5055])
    actions_balancer: int = 5054
    postgres: int = 5432
    redis: int = 6379
    # Sockets bound for the servers and nginx (bot/listen.py); PostgreSQL and Redis bind their own ports.
    held: dict[int, socket.socket] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def free(cls, rasa_servers: int, action_servers: int) -> Topology:
        sockets = [hold(listen=n < 2) for n in range(3 + rasa_servers + action_servers)]  # nginx's two listen
        public, balancer, api, *servers = [sock.getsockname()[1] for sock in sockets]
        return cls(public, api, servers[:rasa_servers], servers[rasa_servers:], balancer, free_port(), free_port(),
                   held={sock.getsockname()[1]: sock for sock in sockets})

    @classmethod
    def default(cls, public: int, rasa_servers: int, action_servers: int) -> Topology:
        return cls(public=public, rasa=[5005 + i for i in range(rasa_servers)],
                   actions=[5055 + i for i in range(action_servers)])


def as_service_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` user Debian's package creates."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    return Path(found[-1])


def command_ok(command: list[str]) -> bool:
    return subprocess.run(command, capture_output=True, timeout=10).returncode == 0


@dataclass
class ProductionStack(Stack):
    topology: Topology | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        s = self.settings
        if self.topology is None:
            self.topology = Topology.default(s.public_port, s.rasa_servers, s.action_servers)
        self.ports.held.update(self.topology.held)
        self.home = self.var_dir / "production"
        self.local_postgres = not s.db_url.startswith("postgresql")
        self.local_redis = not s.redis_url
        self.db_url = self.local_db_url() if self.local_postgres else s.db_url
        self.redis_url = self.local_redis_url() if self.local_redis else s.redis_url

    # -- addresses -----------------------------------------------------------
    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.topology.api}"

    @property
    def rasa_url(self) -> str:
        return f"http://{HOST}:{self.topology.rasa[0]}"

    @property
    def chat_url(self) -> str:
        return f"http://{HOST}:{self.topology.public}"

    @property
    def action_url(self) -> str:
        return f"http://{HOST}:{self.topology.actions_balancer}"

    def port_names(self) -> list[str]:
        return super().port_names()[3:]  # the bridges; the servers' ports are the topology's

    def hold_ports(self) -> None:
        t = self.topology
        for port in (t.public, t.actions_balancer, t.api, *t.rasa, *t.actions):
            if port not in self.ports.held:
                self.ports.held[port] = hold(port, listen=port in (t.public, t.actions_balancer))
        super().hold_ports()

    def rasa_urls(self) -> list[str]:
        return [f"http://{HOST}:{port}" for port in self.topology.rasa]

    # -- secrets of the local servers (generated once, kept 0600 next to their data) --------------
    def local_secret(self, name: str) -> str:
        path = self.home / "secrets.json"
        self.home.mkdir(parents=True, exist_ok=True)
        known = json.loads(path.read_text()) if path.exists() else {}
        if name not in known:
            known[name] = secrets.token_urlsafe(24)
            path.touch(mode=0o600)
            path.write_text(json.dumps(known))
        return known[name]

    def local_db_url(self) -> str:
        password = quote(self.local_secret("postgres"), safe="")
        return f"postgresql+psycopg2://citybot:{password}@{HOST}:{self.topology.postgres}/citybot"

    def local_redis_url(self) -> str:
        return f"redis://:{quote(self.local_secret('redis'), safe='')}@{HOST}:{self.topology.redis}/0"

    def env(self) -> dict[str, str]:
        env = super().env()
        db, redis = urlsplit(self.db_url), urlsplit(self.redis_url)
        env.update({
            "CITYBOT_PRODUCTION": "true",
            "CITYBOT_DB_URL": self.db_url,
            "CITYBOT_REDIS_URL": self.redis_url,
            # Rasa's tracker store and lock store take parts, not URLs (bot/endpoints.production.yml).
            "CITYBOT_TRACKER_DIALECT": "postgresql",
            "CITYBOT_TRACKER_HOST": db.hostname or HOST,
            "CITYBOT_TRACKER_PORT": str(db.port or 5432),
            "CITYBOT_TRACKER_USER": db.username or "citybot",
            "CITYBOT_TRACKER_PASSWORD": _unquote(db.password),
            "CITYBOT_TRACKER_DB": TRACKER_DB,
            "CITYBOT_LOCK_HOST": redis.hostname or HOST,
            "CITYBOT_LOCK_PORT": str(redis.port or 6379),
            "CITYBOT_LOCK_PASSWORD": _unquote(redis.password),
            "CITYBOT_LOCK_DB": (redis.path or "/0").strip("/") or "0",
            # Rasa refuses several Sanic workers with the in-memory lock store, and one per server is
            # what the 2-core benchmarks favour; scale with servers, not workers.
            "SANIC_WORKERS": "1",
            # How long a conversation's lock outlives a server killed mid-turn (Rasa's default: 60 s); the message
            # nginx resends to another server waits that long. Live servers renew their locks (bot/lock_store.py),
            # so a turn may take longer than this.
            "TICKET_LOCK_LIFETIME": str(self.settings.lock_lifetime),
        })
        return env

    # -- processes ----------------------------------------------------------------
    def infrastructure(self) -> list[Service]:
        found = []
        if self.local_postgres:
            data, port = self.home / "postgres", str(self.topology.postgres)
            found.append(Service("postgres", as_service_user([
                str(postgres_bin() / "postgres"), "-D", str(data), "-h", HOST, "-p", port,
                "-k", str(data), "-c", "max_connections=200", "-c", "shared_buffers=128MB"]),
                lambda: command_ok([str(postgres_bin() / "pg_isready"), "-h", HOST, "-p", port])))
        if self.local_redis:
            found.append(Service("redis", ["redis-server", str(self.home / "redis.conf")], self.redis_ready))
        return found

    def servers(self) -> list[Service]:
        t = self.topology
        api = Service("api", self.api_command(t.api, self.settings.api_workers), http_ok(f"{self.api_url}/health"),
                      ports=(t.api,))
        actions = [Service(f"actions-{i + 1}", self.actions_command(port), http_ok(f"http://{HOST}:{port}/health"),
                           ports=(port,)) for i, port in enumerate(t.actions)]
        rasa = [Service(f"rasa-{i + 1}", self.rasa_command(port, PRODUCTION_ENDPOINTS), http_ok(f"{url}/"),
                        ports=(port,)) for i, (port, url) in enumerate(zip(t.rasa, self.rasa_urls(), strict=True))]
        # nginx takes the sockets bound for it from its NGINX variable (its own socket-inheritance mechanism).
        fds = [self.ports.held[port].fileno() for port in (t.public, t.actions_balancer) if port in self.ports.held]
        nginx = Service("nginx", ["nginx", "-p", str(self.home / "nginx"), "-c", str(self.home / "nginx.conf"),
                                  "-g", "daemon off;"], http_ok(f"{self.chat_url}/webhooks/rest/"),
                        env={**self.env(), "NGINX": "".join(f"{fd};" for fd in fds)} if fds else None,
                        ports=(t.public, t.actions_balancer), listening=True)
        return [api, *actions, *rasa, nginx, *self.bridges()]

    def services(self) -> list[Service]:
        return self.infrastructure() + self.servers()

    def start(self, timeout: float = 300.0) -> ProductionStack:
        try:
            self.hold_ports()
            self.prepare()
            infrastructure = self.infrastructure()
            for service in infrastructure:
                self.launch(service)
            self.wait_ready(infrastructure, 60)
            self.create_databases()
            ensure_catalogue(self.db_url)
            # The first Rasa server creates the tracker tables; the others start when it has, so that they
            # do not race to create them (and do not compete for the CPU while loading the model).
            servers = self.servers()
            later = [service for service in servers if service.name.startswith("rasa-")][1:]
            for group in ([service for service in servers if service not in later], later):
                for service in group:
                    self.launch(service)
                self.wait_ready(group, timeout)
        except BaseException:
            self.stop()
            self.ports.close()
            raise
        return self

    # -- set-up ----------------------------------------------------------------------
    def prepare(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        if self.local_postgres:
            self.init_postgres()
        if self.local_redis:
            self.write_redis_conf()
        self.write_nginx_conf()

    def init_postgres(self) -> None:
        data = self.home / "postgres"
        if (data / "PG_VERSION").exists():
            return
        data.mkdir(mode=0o700, parents=True, exist_ok=True)
        pwfile = self.home / "pg.pw"
        pwfile.touch(mode=0o600)
        pwfile.write_text(self.local_secret("postgres") + "\n")
        if os.geteuid() == 0:
            shutil.chown(data, "postgres")
            shutil.chown(pwfile, "postgres")
        try:
            subprocess.run(as_service_user([str(postgres_bin() / "initdb"), "-D", str(data), "-U", "citybot",
                                            "--auth=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8"]),
                           check=True, capture_output=True, timeout=120)
        except subprocess.CalledProcessError as error:
            raise RuntimeError(f"initdb failed (can the postgres user reach {data}?): "
                               f"{error.stderr.decode(errors='replace')[-500:]}") from error
        finally:
            pwfile.unlink(missing_ok=True)

    def create_databases(self) -> None:
        import psycopg2

        url = urlsplit(self.db_url)
        main_db = url.path.strip("/") or "citybot"
        connection = psycopg2.connect(host=url.hostname, port=url.port or 5432, user=url.username,
                                      password=_unquote(url.password), dbname="postgres")
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                for name in (main_db, TRACKER_DB):
                    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                    if cursor.fetchone() is None:
                        cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()

    def write_redis_conf(self) -> None:
        conf = self.home / "redis.conf"
        conf.touch(mode=0o600)
        conf.write_text("\n".join([
            f"bind {HOST}", f"port {self.topology.redis}", "protected-mode yes",
            f"requirepass {self.local_secret('redis')}",
            # Locks live seconds: nothing to persist, and a restart must not wait for a dump.
            'save ""', "appendonly no", f"dir {self.home}", "loglevel warning", "",
        ]))

    def redis_ready(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.redis_url, socket_timeout=2).ping())
        except redis.RedisError:
            return False

    def write_nginx_conf(self) -> None:
        t = self.topology
        prefix = self.home / "nginx"
        for sub in ("logs", "temp"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
        values = {
            "prefix": str(prefix),
            "user_line": "user nobody nogroup;" if os.geteuid() == 0 else "",
            "public_listen": f"{HOST}:{t.public}",
            "actions_listen": f"{HOST}:{t.actions_balancer}",
            "rasa_servers": "".join(f"        server {HOST}:{p} max_fails=1 fail_timeout=3s;\n" for p in t.rasa),
            "action_servers": "".join(f"        server {HOST}:{p} max_fails=1 fail_timeout=3s;\n" for p in t.actions),
            "api_server": f"{HOST}:{t.api}",
            "rate_per_address": str(self.settings.rate_per_address),
            "burst": str(max(1, self.settings.rate_per_address // 4)),
        }
        (self.home / "nginx.conf").write_text(render(NGINX_TEMPLATE.read_text(encoding="utf-8"), values))
        if os.geteuid() == 0:
            # nginx's workers run as nobody and buffer bodies in temp/.
            for path in (prefix / "temp", *sorted((prefix / "temp").rglob("*"))):
                shutil.chown(path, "nobody")


def render(template: str, values: dict[str, str]) -> str:
    """`@name@` placeholders filled in (nginx's own `$variables` and braces stay as they are)."""
    for name, value in values.items():
        template = template.replace(f"@{name}@", value)
    if "@" in "".join(line for line in template.splitlines() if not line.lstrip().startswith("#")):
        raise ValueError("nginx template has an unfilled placeholder")
    return template


def _unquote(value: str | None) -> str:
    return unquote(value or "")


COMPOSE_NGINX = {
    "prefix": "/var/cache/nginx", "user_line": "", "public_listen": "8080", "actions_listen": "5054",
    "rasa_servers": "        server rasa:5005 max_fails=1 fail_timeout=3s;\n",
    "action_servers": "        server actions:5055 max_fails=1 fail_timeout=3s;\n",
    "api_server": "api:8000", "rate_per_address": "120", "burst": "30",
}


def compose_nginx_conf() -> str:
    """deploy/nginx.compose.conf: the same rules for the containers of deploy/docker-compose.yml."""
    return render(NGINX_TEMPLATE.read_text(encoding="utf-8"), COMPOSE_NGINX)
