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
    embed_threads: int = Field(1, ge=1, description="CPU threads of the embedding model (more only on idle cores).")
    test_epochs: int = Field(25, ge=1, description="Training epochs of the quick model the test suite trains.")
    # --- security (production mode refuses to start without the secrets)
    production: bool = Field(False, description="Production mode: secrets and an explicit CORS list are required.")
    rasa_token: SecretStr | None = Field(None, description="Token for Rasa's HTTP API (tracker, events, model).")
    api_token: SecretStr | None = Field(
        None, description="Bearer token of machine clients of the catalogue API (query log, channel bridges)."
    )
    admin_password: SecretStr | None = Field(None, description="Password of the maintainers' web page.")
    hash_salt: SecretStr | None = Field(None, description="Salt for hashing conversation ids in the query log.")
    # --- channel secrets (standard names of each platform; never in the repository)
    slack_bot_token: SecretStr | None = Field(None, env="SLACK_BOT_TOKEN", description="Slack bot token (xoxb-…).")
    slack_signing_secret: SecretStr | None = Field(
        None, env="SLACK_SIGNING_SECRET", description="Slack request signing secret."
    )
    slack_api_url: str = Field("https://slack.com/api/", env="SLACK_API_URL", description="Slack Web API base URL.")
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

    @validator("api_url", "rasa_url", "rasa_public_url")
    def _no_trailing_slash(cls, value: str) -> str:  # noqa: N805
        return value.rstrip("/")

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
