"""Production mode refuses to start without its secrets and an explicit CORS list; Rasa gets its token and CORS
list from the settings, never from a command line."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot import rasa_server
from bot.cli import main
from services_catalog.api.app import create_app
from services_catalog.catalogue import Catalogue

GOOD = {"rasa_token": "r" * 32, "api_token": "a" * 32, "admin_password": "p" * 20, "hash_salt": "s" * 20,
        "cors_origins": "https://www.turku.fi"}


@pytest.mark.parametrize(
    ("missing", "said"),
    [("rasa_token", "CITYBOT_RASA_TOKEN"), ("api_token", "CITYBOT_API_TOKEN"),
     ("admin_password", "CITYBOT_ADMIN_PASSWORD"), ("hash_salt", "CITYBOT_HASH_SALT"),
     ("cors_origins", "CITYBOT_CORS_ORIGINS")],
)
def test_each_missing_secret_is_named(settings, missing: str, said: str) -> None:
    chosen = settings(production=True, **{k: v for k, v in GOOD.items() if k != missing})
    problems = chosen.production_problems()
    assert len(problems) == 1 and said in problems[0]


def test_weak_secrets_and_a_wildcard_origin_are_refused(settings) -> None:
    chosen = settings(production=True, **{**GOOD, "api_token": "short", "cors_origins": "*"})
    assert chosen.production_problems() == ["CITYBOT_API_TOKEN is shorter than 16 characters",
                                            "CITYBOT_CORS_ORIGINS must not be '*' in production"]


def test_complete_settings_pass(settings) -> None:
    assert settings(production=True, **GOOD).production_problems() == []


def test_citybot_run_production_refuses_before_starting_anything(settings, capsys) -> None:
    settings(**{k: v for k, v in GOOD.items() if k != "hash_salt"})
    assert main(["run", "--production", "--model", "/nonexistent.tar.gz"]) == 2
    assert "CITYBOT_HASH_SALT is not set" in capsys.readouterr().err


def test_the_api_refuses_to_start_in_production_without_secrets(settings, tmp_path) -> None:
    chosen = settings(production=True)
    app = create_app(Catalogue(chosen.db_url, semantic=False), chosen)
    with pytest.raises(RuntimeError, match="CITYBOT_API_TOKEN"), TestClient(app):
        pass


def test_the_rasa_launcher_refuses_in_production_without_secrets(settings) -> None:
    settings(production=True, rasa_token="r" * 32)
    with pytest.raises(SystemExit, match="production mode refuses to start"):
        rasa_server.main(["--model", "/nonexistent.tar.gz"])


def test_rasa_gets_the_token_and_only_the_listed_origins(settings) -> None:
    chosen = settings(**GOOD)
    args = rasa_server.rasa_arguments(chosen, "m.tar.gz", 5005, "endpoints.yml")
    assert f"--auth-token={GOOD['rasa_token']}" in args
    cors = args.index("--cors")
    assert args[cors + 1:] == ["https://www.turku.fi"]
    assert "*" not in args


@pytest.mark.parametrize("token", ["-c59Plk_P7gWd2BgDK186LrO", "--x", "plain"])
def test_rasas_own_parser_reads_secrets_that_begin_with_a_dash(settings, token: str) -> None:
    # token_urlsafe() starts with "-" one time in 64; `--auth-token -c59…` made `rasa run` exit 2.
    from rasa.__main__ import create_argument_parser

    chosen = settings(rasa_token=token, rasa_jwt_secret="-" + token)
    parsed = create_argument_parser().parse_args(rasa_server.rasa_arguments(chosen, "m.tar.gz", 5005, "e.yml"))
    assert (parsed.auth_token, parsed.jwt_secret, parsed.port) == (token, "-" + token, 5005)


def test_rasa_never_starts_with_an_open_api(settings) -> None:
    with pytest.raises(SystemExit, match="CITYBOT_RASA_TOKEN"):
        rasa_server.rasa_arguments(settings(), "m.tar.gz", 5005, "endpoints.yml")
