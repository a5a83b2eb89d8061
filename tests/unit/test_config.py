"""Settings: every kind of bad configuration gives one clear line and exit status 2."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import time
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.config import ConfigError, load_settings

TOKEN = "123456789:TEST-token-for-the-fake-bot-api-only"
GOOD = f"""
[telegram]
token = "{TOKEN}"

[database]
url = "sqlite:///{{db}}"

[defaults]
timezone = "Europe/Berlin"
evening_time = "22:15"
"""


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    for name in list(__import__("os").environ):
        if name.upper().startswith("WINDDOWN_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # so no stray ./config.toml is picked up


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text.replace("{db}", str(tmp_path / "bot.sqlite3")))
    return path


def test_a_good_file_is_read_and_normalised(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, GOOD))

    assert settings.telegram.token.get_secret_value() == TOKEN
    assert settings.database.url.startswith("sqlite+aiosqlite:///")
    assert settings.database.migrate_on_start is True
    assert settings.defaults.timezone == "Europe/Berlin"
    assert settings.defaults.evening_time == time(22, 15)
    assert settings.defaults.morning_time == time(8, 0)


def test_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "987654321:another-token-from-the-environment")
    monkeypatch.setenv("WINDDOWN_DEFAULTS__EVENING_TIME", "21:05")
    monkeypatch.setenv("WINDDOWN_DATABASE__URL", "postgresql://bot:pw@db.internal/winddown")

    settings = load_settings(write(tmp_path, GOOD))

    assert settings.telegram.token.get_secret_value().startswith("987654321:")
    assert settings.defaults.evening_time == time(21, 5)
    assert settings.defaults.timezone == "Europe/Berlin"  # untouched keys stay
    assert settings.database.url == "postgresql+asyncpg://bot:pw@db.internal/winddown"
    assert settings.database.display_url == "postgresql+asyncpg://bot:***@db.internal/winddown"
    assert settings.database.migrate_on_start is False


def test_config_toml_in_the_working_directory_is_the_default(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(GOOD.replace("{db}", "x.sqlite3"))
    assert load_settings().defaults.timezone == "Europe/Berlin"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[database]\nurl = 'sqlite:///x.db'\n", "telegram.token is missing"),
        ("[telegram]\ntoken = 'not-a-token'\n", "telegram.token does not look like a bot token"),
        (GOOD + "\n[extras]\ncolour = 'blue'\n", "unknown key 'extras'"),
        (
            GOOD.replace("[defaults]", "[defaults]\nlanguge = 'en'"),
            "unknown key 'defaults.languge'",
        ),
        (GOOD.replace('"22:15"', '"25:00"'), "defaults.evening_time:"),
        (GOOD.replace('"Europe/Berlin"', '"Mars/Olympus"'), "defaults.timezone: unknown time zone"),
        (GOOD.replace("sqlite:///", "mysql://"), "database.url: only sqlite and postgresql"),
        (GOOD + "\n[logging]\nlevel = 'LOUD'\n", "logging.level:"),
        ("[telegram\ntoken = 1", "is not valid TOML"),
    ],
)
def test_bad_config_is_one_clear_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(path)

    assert main(["run", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err
    assert "TEST-token" not in err


def test_a_missing_config_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", "--config", str(tmp_path / "nope.toml")]) == 2
    assert "nope.toml' does not exist" in capsys.readouterr().err


def test_a_malformed_environment_value_names_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WINDDOWN_DEFAULTS__SESSION_SECONDS", "ten minutes")
    with pytest.raises(ConfigError, match=re.escape("defaults.session_seconds")):
        load_settings(write(tmp_path, GOOD))


def test_an_unreachable_database_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    path = write(tmp_path, GOOD.replace("sqlite:///{db}", "postgresql://bot:pw@127.0.0.1:1/x"))

    assert main(["run", "--config", str(path)]) == 2

    err = capsys.readouterr().err
    assert err.startswith("winddown: cannot reach the database postgresql+asyncpg://bot:***@")
    assert err.count("\n") == 1
    assert "pw" not in err


def test_a_database_in_a_missing_folder_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD.replace("{db}", str(tmp_path / "no" / "such" / "bot.sqlite3")))
    assert main(["migrate", "--config", str(path)]) == 2
    assert "cannot reach the database" in capsys.readouterr().err


def test_the_command_line_without_a_token_exits_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "", "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "winddown: telegram.token is missing: set it in the config file or in the "
        "TELEGRAM_BOT_TOKEN environment variable\n"
    )


def test_the_example_config_is_valid_once_a_token_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    example = Path(__file__).resolve().parents[2] / "config.example.toml"

    settings = load_settings(example)

    assert settings.delivery.overall_per_second == 30
    assert settings.defaults.evening_time == time(21, 30)


def test_the_example_placeholder_token_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    example = Path(__file__).resolve().parents[2] / "config.example.toml"
    with pytest.raises(ConfigError, match="does not look like a bot token"):
        load_settings(example)


def test_webhook_mode_needs_its_url_and_secret(tmp_path: Path) -> None:
    webhook = GOOD.replace('token = "', 'mode = "webhook"\ntoken = "')
    with pytest.raises(ConfigError, match=r"needs webhook\.url and webhook\.secret_token"):
        load_settings(write(tmp_path, webhook))

    with_short_secret = (
        webhook + '[webhook]\nurl = "https://bot.example.org/tg"\nsecret_token = "x"\n'
    )
    with pytest.raises(ConfigError) as refused:
        load_settings(write(tmp_path, with_short_secret))
    assert str(refused.value).startswith("webhook.secret_token must be 16 to 256")
    assert "'x'" not in str(refused.value)  # the secret is never echoed

    complete = webhook + (
        '[webhook]\nurl = "https://bot.example.org/tg/hook"\n'
        'secret_token = "0123456789abcdef_-XYZ"\n'
    )
    settings = load_settings(write(tmp_path, complete))
    assert settings.webhook.path == "/tg/hook"
    assert settings.http_port == 8080


def test_polling_mode_runs_a_web_server_only_with_a_port(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, GOOD)).http_port is None
    settings = load_settings(write(tmp_path, GOOD + "[http]\nport = 9090\n"))
    assert settings.http_port == 9090


def test_the_pacer_needs_an_https_url_and_the_web_server(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, GOOD)).miniapp.url is None
    plain = GOOD + '[miniapp]\nurl = "http://bot.example.org/miniapp/"\n'
    with pytest.raises(ConfigError, match=r"miniapp\.url: must be an https URL"):
        load_settings(write(tmp_path, plain + "[http]\nport = 9090\n"))
    served = GOOD + '[miniapp]\nurl = "https://bot.example.org/miniapp/"\n'
    with pytest.raises(ConfigError, match=r"miniapp\.url needs the web server"):
        load_settings(write(tmp_path, served))
    settings = load_settings(write(tmp_path, served + "[http]\nport = 9090\n"))
    assert settings.miniapp.url == "https://bot.example.org/miniapp/"
    assert settings.miniapp.max_age_seconds == 7200


def test_a_send_only_worker_is_a_mode_and_other_modes_are_refused(tmp_path: Path) -> None:
    send_only = GOOD.replace('token = "', 'mode = "send-only"\ntoken = "')
    assert load_settings(write(tmp_path, send_only)).telegram.mode == "send-only"
    with pytest.raises(ConfigError, match=r"telegram\.mode"):
        load_settings(write(tmp_path, GOOD.replace('token = "', 'mode = "none"\ntoken = "')))
