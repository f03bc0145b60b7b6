"""Every setting of the service, read from the environment: one typed object, one line of help each.

Nothing else in the project reads `os.environ` for configuration. Processes get
their settings from `get_settings()`; tests build a `Settings(...)` of their own
or pass an environment dictionary to the servers they start. The README's
settings table is generated from this class (`citybot docs`), and a test fails
when the two disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseSettings, Field, SecretStr, root_validator, validator

REPO_ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PTV_URL = "https://api.palvelutietovaranto.suomi.fi/api/v11"
MIN_SECRET_CHARS = 16  # a guessable token is no lock


class Settings(BaseSettings):
    # --- where things are
    var_dir: Path = Field(REPO_ROOT / "var", description="Directory for databases, logs and caches.")
    db_url: str = Field(
        "",
        description="SQLAlchemy URL of the catalogue and query log, e.g. `postgresql+psycopg2://user@host/citybot`; "
        "default `sqlite:///<var_dir>/citybot.db`.",
    )
    geodata: Path = Field(REPO_ROOT / "geodata.yml", description="The geodata configuration (datasets, divisions).")
    widget_dir: Path = Field(
        REPO_ROOT / "connectors" / "widget", description="Static files of the chat widget, served by the API at `/`."
    )
    embed_cache: Path | None = Field(
        None, description="Cache of service text embeddings; default `<repo>/var/embeddings` (shared by checkouts)."
    )
    # --- how the processes find each other
    api_url: str = Field("http://127.0.0.1:8000", description="Catalogue API as the action server reaches it.")
    rasa_url: str = Field("http://127.0.0.1:5005", description="Rasa server as the Slack and Teams bridges reach it.")
    rasa_public_url: str = Field("http://127.0.0.1:5005", description="Rasa server as browsers reach it (widget).")
    public_api_url: str = Field(
        "", description="Catalogue API as browsers, Slack and Teams reach it (map images); default: CITYBOT_API_URL."
    )
    action_url: str = Field(
        "http://127.0.0.1:5055/webhook", description="Action server webhook as Rasa reaches it (bot/endpoints.yml)."
    )
    tracker_dialect: str = Field("sqlite", description="SQL dialect of Rasa's conversation store.")
    tracker_db: str = Field("", description="Database (file for SQLite) of Rasa's conversation store; "
                                            "default `<var_dir>/tracker.db`.")
    ptv_url: str = Field(PUBLIC_PTV_URL, description="Suomi.fi PTV API base URL for `citybot sync-ptv`.")
    # --- behaviour
    city: str = Field("Turku", description="Municipality for service searches when the user has not said where.")
    human_contact: str = Field("", description="How to reach a person, shown when the bot cannot help.")
    api_timeout: float = Field(10.0, gt=0, description="Seconds the catalogue API may take for one request.")
    embed_threads: int = Field(1, ge=1, description="CPU threads of the embedding model, and of OpenMP in "
                                                     "each server (more only on idle cores).")
    blas_threads: int = Field(1, ge=1, description="Threads of numpy's BLAS in each server: OpenBLAS workers spin "
                                                    "after every call and take busy cores from the other servers.")
    search_system: str = Field(
        "hybrid", description="Service ranking once embeddings are ready: `hybrid` (the shipped fusion), or another "
        "system of services_catalog/search/index.py such as `bm25` or `embed` (benchmarks).",
    )
    test_epochs: int = Field(25, ge=1, description="Training epochs of the quick model the test suite trains.")
    # --- security (production mode refuses to start without the secrets)
    production: bool = Field(False, description="Production mode: secrets and an explicit CORS list are required.")
    rasa_token: SecretStr | None = Field(None, description="Token for Rasa's HTTP API (tracker, events, model).")
    api_token: SecretStr | None = Field(
        None, description="Bearer token of machine clients of the catalogue API (query log, channel bridges)."
    )
    admin_password: SecretStr | None = Field(None, description="Password of the maintainers' web page.")
    hash_salt: SecretStr | None = Field(None, description="Salt for hashing conversation ids in the query log.")
    rasa_jwt_secret: SecretStr | None = Field(
        None, description="Secret of HS256 JWTs Rasa's HTTP API accepts besides the token (optional)."
    )
    cors_origins: str = Field(
        "", description="Origins (comma-separated) whose pages may call the chat webhook; default: the API's own."
    )
    # --- limits (each Rasa server counts for itself; nginx adds a per-address limit in production)
    rate_per_sender: int = Field(20, ge=1, description="Messages one conversation may send per minute.")
    rate_per_address: int = Field(120, ge=1, description="Messages one client address may send per minute.")
    max_in_flight: int = Field(16, ge=1, description="Messages one Rasa server works on at once; more get 'busy'.")
    max_restarts: int = Field(5, ge=0, description="Restarts of one process within 5 minutes before `run` gives up.")
    # --- production topology (`citybot run --production`)
    redis_url: str = Field("", description="Redis for Rasa's lock store, e.g. `redis://:password@host:6379/0`; "
                                           "`run --production` starts one when empty.")
    rasa_servers: int = Field(1, ge=1, le=16, description="Rasa servers behind nginx in production mode.")
    action_servers: int = Field(1, ge=1, le=16, description="Action servers behind nginx in production mode.")
    api_workers: int = Field(2, ge=1, le=16, description="Worker processes of the catalogue API in production mode.")
    public_port: int = Field(8080, ge=1, le=65535, description="Port nginx listens on in production mode.")
    lock_lifetime: int = Field(
        6, ge=3, le=600, description="Seconds a conversation's lock (Redis) outlives a Rasa server that died "
                                     "holding it (live servers renew theirs every second, whatever a turn takes).",
    )
    rasa_speedups: bool = Field(True, description="Remove per-turn costs of Rasa 3.6 (bot/rasa_speedups.py: "
                                                  "the same replies, sooner); off only to measure them.")
    # --- the maintainers' learning loop (query log, feedback, inbox, gated retrain)
    query_log_retention_days: int = Field(
        90, ge=1, description="Query-log rows and Rasa's stored conversations older than this many days are deleted."
    )
    query_log_flush_seconds: float = Field(
        0.3, gt=0, description="How long the Rasa server gathers query-log rows before writing them."
    )
    inbox_confidence: float = Field(
        0.6, ge=0, le=1, description="Answers with a lower NLU confidence go to the maintainers' inbox too."
    )
    inbox_similarity: float = Field(
        0.85, ge=0, le=1, description="Cosine similarity (e5 embeddings) above which the inbox groups two questions."
    )
    feedback_per_minute: int = Field(30, ge=1, description="Ratings one client address may send per minute.")
    models_dir: Path = Field(REPO_ROOT / "models", description="Where trained models are kept (`citybot retrain`).")
    model_reload_urls: str = Field(
        "", description="Rasa servers (comma-separated URLs) `citybot retrain` loads a new model into; "
                        "default: CITYBOT_RASA_URL."
    )
    retrain_dev_sets: str = Field(
        "tests/eval/dev_terms.yml,tests/eval/dev_programme.yml,tests/eval/dev_services.yml",
        description="Dev sets (comma-separated, relative to the repository) the retrain gate scores.",
    )
    retrain_margin: float = Field(
        0.01, ge=0, le=1, description="The gate refuses a model whose dev-set accuracy is lower than the running "
                                      "model's by more than this (0.01 = one percentage point).",
    )
    retrain_epoch_fraction: float = Field(
        0.25, gt=0, le=1, description="Share of the configured epochs a fine-tuning retrain runs.",
    )
    retrain_epochs: int | None = Field(
        None, ge=1, description="Override every `epochs:` of the config when retraining (quick models for tests)."
    )
    retrain_workspace: Path | None = Field(
        None, description="Retrain in a copy of the training inputs here instead of in the repository's files."
    )
    # --- channel secrets (standard names of each platform; never in the repository)
    slack_bot_token: SecretStr | None = Field(None, env="SLACK_BOT_TOKEN", description="Slack bot token (xoxb-…).")
    slack_signing_secret: SecretStr | None = Field(
        None, env="SLACK_SIGNING_SECRET", description="Slack request signing secret."
    )
    slack_api_url: str = Field("https://slack.com/api/", env="SLACK_API_URL", description="Slack Web API base URL.")
    slack_app_token: SecretStr | None = Field(
        None, env="SLACK_APP_TOKEN",
        description="Slack app-level token (xapp-…); when set, Socket Mode replaces the Events API.",
    )
    microsoft_app_id: str = Field("", env="MICROSOFT_APP_ID", description="Teams: the bot's Azure app id.")
    microsoft_app_password: SecretStr | None = Field(
        None, env="MICROSOFT_APP_PASSWORD", description="Teams: the bot's Azure app secret."
    )
    teams_openid_metadata_url: str = Field(
        "https://login.botframework.com/v1/.well-known/openidconfiguration",
        env="TEAMS_OPENID_METADATA_URL",
        description="Teams: where the Bot Framework's signing keys are listed.",
    )
    teams_token_url: str = Field(
        "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token",
        env="TEAMS_TOKEN_URL",
        description="Teams: where the bot gets its token for replies.",
    )

    class Config:
        env_prefix = "CITYBOT_"

    @root_validator(pre=True)
    def _empty_means_default(cls, values: dict[str, Any]) -> dict[str, Any]:  # noqa: N805
        # An empty variable means "use the default", as it does in a shell script.
        return {key: value for key, value in values.items() if value != ""}

    @validator("db_url", always=True)
    def _default_db_url(cls, value: str, values: dict[str, Any]) -> str:  # noqa: N805 - pydantic validators take cls
        return value or f"sqlite:///{values['var_dir'] / 'citybot.db'}"

    @validator("tracker_db", always=True)
    def _default_tracker_db(cls, value: str, values: dict[str, Any]) -> str:  # noqa: N805
        return value or str(values["var_dir"] / "tracker.db")

    @validator("api_url", "rasa_url", "rasa_public_url", "public_api_url")
    def _no_trailing_slash(cls, value: str) -> str:  # noqa: N805
        return value.rstrip("/")

    @property
    def cors_list(self) -> list[str]:
        return [origin.strip().rstrip("/") for origin in self.cors_origins.split(",") if origin.strip()]

    def production_problems(self) -> list[str]:
        """Why production mode must not start with these settings (empty: it may)."""
        required = ("rasa_token", "api_token", "admin_password", "hash_salt")
        problems = [f"{env_name(name)} is not set" for name in required if not _secret(getattr(self, name))]
        problems += [f"{env_name(name)} is shorter than {MIN_SECRET_CHARS} characters" for name in required
                     if 0 < len(_secret(getattr(self, name))) < MIN_SECRET_CHARS]
        if not self.cors_list:
            problems.append(f"{env_name('cors_origins')} must list the origins of the city's pages explicitly")
        elif "*" in self.cors_list:
            problems.append(f"{env_name('cors_origins')} must not be '*' in production")
        return problems

    @property
    def embedding_cache_dir(self) -> Path:
        return self.embed_cache or REPO_ROOT / "var" / "embeddings"

    def environment(self) -> dict[str, str]:
        """The settings as environment variables, for child processes (secrets included, so handle with care)."""
        out: dict[str, str] = {}
        for name in self.__fields__:
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, SecretStr):
                value = value.get_secret_value()
            out[env_name(name)] = str(value)
        return out


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value is not None else ""


def env_name(field_name: str) -> str:
    """The environment variable a setting is read from."""
    field = Settings.__fields__[field_name]
    return next(iter(field.field_info.extra.get("env_names", {f"CITYBOT_{field_name}".upper()}))).upper()


_active: Settings | None = None


def get_settings() -> Settings:
    """This process's settings, read once from the environment (tests replace them with `use_settings`)."""
    global _active
    if _active is None:
        _active = Settings()
    return _active


def use_settings(settings: Settings | None) -> Settings | None:
    """Make `settings` this process's settings (None: read the environment again); returns the previous ones."""
    global _active
    previous, _active = _active, settings
    return previous


def settings_table() -> str:
    """The README's settings table, in Markdown."""
    rows = ["| variable | default | what it sets |", "|---|---|---|"]
    for name, field in Settings.__fields__.items():
        default = field.default
        if isinstance(default, Path):
            default = default.relative_to(REPO_ROOT) if default.is_relative_to(REPO_ROOT) else default
        shown = "" if default in (None, "") else f"`{default}`"
        rows.append(f"| `{env_name(name)}` | {shown} | {field.field_info.description} |")
    return "\n".join(rows)
