"""Settings from a TOML file plus environment variables, validated once at start.

Precedence, highest first: `TELEGRAM_BOT_TOKEN`, `WINDDOWN_<SECTION>__<KEY>` variables, the
TOML file, the defaults below. Every problem becomes one `ConfigError` whose message names
the key, so the command line can print a single clear line and exit 2.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from bot.vocab import BreathPattern, Guide

DEFAULT_CONFIG = Path("config.toml")
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///winddown.sqlite3"
TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
ENV_PREFIX = "WINDDOWN_"

# What BotFather hands out: the bot's numeric id, a colon, then the secret part.
_TOKEN_SHAPE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}


class ConfigError(Exception):
    """A configuration problem, worded for the person who runs the bot."""


def _zone_name(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("unknown time zone (use an IANA name like Europe/Berlin)") from None
    return value


ZoneName = Annotated[str, AfterValidator(_zone_name)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TelegramSettings(Section):
    token: SecretStr
    # "polling" asks Telegram for updates; "webhook" has Telegram post them to us;
    # "send-only" takes no updates at all: a second worker beside a polling one (Telegram
    # gives updates to one poller), sending its share of the scheduled messages.
    mode: Literal["polling", "webhook", "send-only"] = "polling"
    api_base_url: str = "https://api.telegram.org/bot"
    file_base_url: str = "https://api.telegram.org/file/bot"

    @field_validator("token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not _TOKEN_SHAPE.match(value.get_secret_value()):
            raise ValueError("does not look like a bot token from BotFather (123456:ABC…)")
        return value

    @field_validator("api_base_url", "file_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(f"must be an http(s) URL, got {value!r}")
        return value


class WebhookSettings(Section):
    # The public https address Telegram posts updates to; its path is where the bot
    # listens (behind a reverse proxy that forwards it to http.listen:http.port).
    url: str | None = None
    # Telegram sends it back with every update; requests without it are refused.
    secret_token: SecretStr | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^/\s]+/\S*$", value):
            raise ValueError(
                "must be a full URL with a path, like https://bot.example.org/telegram"
            )
        return value

    @field_validator("secret_token")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{16,256}", value.get_secret_value()
        ):
            raise ValueError("must be 16 to 256 letters, digits, _ or - (Telegram's rule)")
        return value

    @property
    def path(self) -> str:
        assert self.url is not None
        return "/" + self.url.split("://", 1)[1].split("/", 1)[1]


class HttpSettings(Section):
    """The bot's own small web server: the webhook (in webhook mode) and /healthz."""

    listen: str = "127.0.0.1"
    # None: no web server in polling mode, 8080 in webhook mode.
    port: int | None = Field(default=None, ge=1, le=65535)


class MiniappSettings(Section):
    """The breathing pacer as a Telegram Mini App, served by the bot's own web server."""

    # The public https address of the page (a reverse proxy forwards it to the web
    # server's /miniapp/). Unset: no "Open the pacer" button, and the page is not served.
    url: str | None = None
    # How old Telegram's init data may be and still be believed; a page open longer than
    # this can no longer record its session.
    max_age_seconds: int = Field(default=7200, ge=60, le=7 * 24 * 3600)

    @field_validator("url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        # Telegram opens Mini Apps only over https.
        if value is not None and not re.match(r"^https://[^/\s]+(/\S*)?$", value):
            raise ValueError("must be an https URL, like https://bot.example.org/miniapp/")
        return value


class AdminSettings(Section):
    # Telegram user ids who may use /stats; everyone else gets no answer to it.
    user_ids: tuple[int, ...] = ()


class DatabaseSettings(Section):
    url: str = DEFAULT_DATABASE_URL
    # None means "decide from the URL": on for SQLite, off for PostgreSQL, where an
    # operator usually migrates as a deploy step.
    auto_migrate: bool | None = None

    @field_validator("url")
    @classmethod
    def _async_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError("is not a database URL") from None
        backend = url.get_backend_name()
        if backend not in _ASYNC_DRIVERS:
            raise ValueError("only sqlite and postgresql databases are supported")
        return url.set(drivername=_ASYNC_DRIVERS[backend]).render_as_string(hide_password=False)

    @property
    def sqlalchemy_url(self) -> URL:
        return make_url(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.sqlalchemy_url.get_backend_name() == "sqlite"

    @property
    def migrate_on_start(self) -> bool:
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate

    @property
    def display_url(self) -> str:
        """The URL with any password masked, for logs and error messages."""
        return self.sqlalchemy_url.render_as_string(hide_password=True)


class DefaultsSettings(Section):
    timezone: ZoneName = "UTC"
    evening_time: time = time(21, 30)
    morning_time: time = time(8, 0)
    session_seconds: int = Field(default=600, gt=0, le=3600)
    breath_pattern: BreathPattern = BreathPattern.EXHALE_4_6
    # How a session is paced until the person chooses: text, audio (tones) or both.
    guide: Guide = Guide.TEXT


class DeliverySettings(Section):
    """Telegram's limits (raise overall_per_second with paid broadcasts) and retries."""

    overall_per_second: float = Field(default=30.0, gt=0, le=1000)
    # 0 turns per-chat pacing off, for a Bot API server without flood limits (a local
    # one, or the tests' fake); groups keep group_per_minute.
    per_chat_per_second: float = Field(default=1.0, ge=0, le=30)
    group_per_minute: float = Field(default=20.0, gt=0, le=600)
    max_retries: int = Field(default=5, ge=0, le=20)
    retry_base_seconds: float = Field(default=0.5, gt=0, le=60)
    retry_max_seconds: float = Field(default=30.0, gt=0, le=600)
    bulk_workers: int = Field(default=64, ge=1, le=1024)
    # How long to wait for Telegram's answer; a send that times out is not repeated.
    request_timeout_seconds: float = Field(default=10.0, gt=0, le=120)


class RemindersSettings(Section):
    # How often the due-reminder job looks for reminders to send.
    tick_seconds: float = Field(default=15.0, gt=0, le=300)
    # A reminder that fell due while the bot was down is still sent this late; later
    # than that it is skipped (and logged), since a 21:30 reminder at 02:00 helps no one.
    grace_minutes: float = Field(default=60.0, ge=0, le=24 * 60)
    snooze_minutes: float = Field(default=15.0, gt=0, le=180)
    # The quick picks offered for the evening time.
    quick_times: tuple[time, ...] = (time(21, 0), time(21, 30), time(22, 0))
    # How many due reminders one claim takes from the database.
    claim_batch: int = Field(default=5000, ge=1, le=100_000)
    # A worker renews its lease while it runs; when it has not for this long, another
    # worker takes over its unsent messages and tells its live sessions' users.
    lease_seconds: float = Field(default=30.0, ge=1, le=600)

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.lease_seconds)


class WinddownSettings(Section):
    # The session lengths offered, in seconds (tests use a few seconds).
    lengths_seconds: tuple[int, ...] = (300, 600, 900)
    # The natural-breathing start before the paced part.
    settle_seconds: float = Field(default=60.0, ge=0, le=600)
    # Share of the overall message budget that live breath prompts may use; with more
    # sessions than that carries, the live message changes less often.
    live_share: float = Field(default=0.6, gt=0, le=1)
    # A prompt that cannot go out this many seconds after it is due is dropped rather
    # than shown late.
    max_late_seconds: float = Field(default=0.25, gt=0, le=10)


class SleepSettings(Section):
    # The morning check-in goes only to people who wrote to the bot or did a session
    # within this many days.
    active_days: int = Field(default=7, ge=1, le=60)
    # Buttons of a morning check-in still count this many days later (then they expire).
    rating_days: int = Field(default=7, ge=1, le=60)


class SafetySettings(Section):
    """Where the crisis answer points. Set both for the country most of your users live in."""

    # For example "911" or "112"; left out, the answer says "your local emergency number".
    emergency_number: str | None = Field(default=None, max_length=40)
    # A crisis line or a directory of them, as one short line.
    crisis_line: str = Field(
        default="findahelpline.com lists free, confidential helplines in every country",
        max_length=200,
    )


class LoggingSettings(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["text", "json"] = "text"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        extra="forbid",
        frozen=True,
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        case_sensitive=False,
    )

    telegram: TelegramSettings
    webhook: WebhookSettings = WebhookSettings()
    http: HttpSettings = HttpSettings()
    database: DatabaseSettings = DatabaseSettings()
    defaults: DefaultsSettings = DefaultsSettings()
    delivery: DeliverySettings = DeliverySettings()
    reminders: RemindersSettings = RemindersSettings()
    winddown: WinddownSettings = WinddownSettings()
    sleep: SleepSettings = SleepSettings()
    safety: SafetySettings = SafetySettings()
    admin: AdminSettings = AdminSettings()
    miniapp: MiniappSettings = MiniappSettings()
    logging: LoggingSettings = LoggingSettings()

    @model_validator(mode="after")
    def _webhook_complete(self) -> Settings:
        if self.telegram.mode == "webhook" and (
            self.webhook.url is None or self.webhook.secret_token is None
        ):
            raise ValueError('telegram.mode = "webhook" needs webhook.url and webhook.secret_token')
        return self

    @model_validator(mode="after")
    def _miniapp_served(self) -> Settings:
        if self.miniapp.url is not None and self.http_port is None:
            raise ValueError("miniapp.url needs the web server: set http.port")
        return self

    @property
    def http_port(self) -> int | None:
        if self.http.port is None and self.telegram.mode == "webhook":
            return 8080
        return self.http.port

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The file comes from model_config["toml_file"], set by load_settings.
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


def _key(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _describe(error: Any) -> str:
    key = _key(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown key {key!r}"
    if kind == "missing":
        if key == "telegram.token" or key == "telegram":
            return (
                f"telegram.token is missing: set it in the config file or in the "
                f"{TOKEN_ENV} environment variable"
            )
        return f"{key} is missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    if key.startswith("telegram.token") or key.startswith("webhook.secret_token"):
        return f"{key} {message}"  # never echo the secret itself
    if not key:
        return message
    return f"{key}: {message} (got {error.get('input')!r})"


# Stands in for the token in commands that never talk to Telegram (migrate, ask,
# faq-misses), so they run where only the operator's database settings are at hand.
OFFLINE_TOKEN = "0000000:offline-commands-never-call-telegram"


def load_settings(path: Path | None = None, *, need_token: bool = True) -> Settings:
    """Read and validate the settings. `path=None` means ./config.toml if it exists."""
    if path is not None and not path.is_file():
        raise ConfigError(f"config file {str(path)!r} does not exist")
    if path is None and DEFAULT_CONFIG.is_file():
        path = DEFAULT_CONFIG
    if path is not None:
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path} is not valid TOML: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read config file {str(path)!r}: {exc}") from None

    class FromFile(Settings):
        model_config = SettingsConfigDict(toml_file=path)

    overrides: dict[str, Any] = {}
    if os.environ.get(TOKEN_ENV):
        overrides["telegram"] = {"token": os.environ[TOKEN_ENV]}
    elif not need_token:
        overrides["telegram"] = {"token": OFFLINE_TOKEN}
    try:
        return FromFile(**overrides)
    except ValidationError as exc:
        raise ConfigError(_describe(exc.errors()[0])) from None
