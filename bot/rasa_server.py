"""`python -m bot.rasa_server`: `rasa run` with the HTTP API locked by the settings.

The token, the JWT secret and the CORS allow-list come from the environment
(services_catalog/settings.py) and are handed to Rasa inside this process, so no
secret appears on a command line that `ps` shows. The chat webhooks stay open to
anyone (that is the product); tracker, events, model and the rest need the token
(`?token=` on each request) or a JWT with the admin role. Production mode refuses
to start without its secrets and an explicit CORS list.
"""

from __future__ import annotations

import argparse
import sys

from services_catalog.cpu_threads import limit_cpu_threads
from services_catalog.settings import REPO_ROOT, Settings, get_settings

HOST = "127.0.0.1"


def rasa_arguments(settings: Settings, model: str, port: int, endpoints: str, interface: str = HOST) -> list[str]:
    """The `rasa run` arguments for these settings (secrets included: never print them)."""
    if settings.rasa_token is None:
        raise SystemExit("CITYBOT_RASA_TOKEN is not set: Rasa's HTTP API would be open to anyone")
    args = [
        "run", "--model", model, "--enable-api", "--interface", interface, "--port", str(port),
        "--endpoints", endpoints, "--credentials", str(REPO_ROOT / "bot" / "credentials.yml"),
        # `--name=value`: a generated secret may begin with "-", which argparse would take for an option.
        f"--auth-token={settings.rasa_token.get_secret_value()}",
        # An empty allow-list (`--cors` with no origin) grants no origin at all.
        "--cors", *settings.cors_list,
    ]
    if settings.rasa_jwt_secret is not None:
        args += [f"--jwt-secret={settings.rasa_jwt_secret.get_secret_value()}", "--jwt-method", "HS256"]
    return args


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.rasa_server", description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--port", type=int, default=5005)
    parser.add_argument("--interface", default=HOST, help="address to bind (nginx or a load balancer is in front)")
    parser.add_argument("--endpoints", default=str(REPO_ROOT / "bot" / "endpoints.yml"))
    parser.add_argument("--fd", type=int, help="serve on this inherited listening socket (bot/listen.py)")
    args = parser.parse_args(argv)
    settings = get_settings()
    limit_cpu_threads(settings)
    if settings.production and settings.production_problems():
        problems = "\n  ".join(settings.production_problems())
        raise SystemExit(f"production mode refuses to start:\n  {problems}")
    from rasa.__main__ import main as rasa_main

    if settings.rasa_speedups:
        from bot import rasa_speedups

        rasa_speedups.apply()
    if args.fd is not None:
        from bot.listen import serve_sanic_on

        serve_sanic_on(args.fd)
    sys.argv = ["rasa", *rasa_arguments(settings, args.model, args.port, args.endpoints, args.interface)]
    rasa_main()


if __name__ == "__main__":
    main()
