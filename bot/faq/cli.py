"""`python -m bot ask`: the FAQ from a terminal, without a bot token or a database.

Only the `[safety]` section of the settings matters here (where crisis answers point), so
it is read on its own: from --config or ./config.toml and the WINDDOWN_SAFETY__* variables,
ignoring every other section, a missing token included.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from bot import texts
from bot.config import DEFAULT_CONFIG, ENV_PREFIX, ConfigError, SafetySettings
from bot.faq.answer import Answer, answer
from bot.faq.knowledge import load_knowledge

STDIN = "-"


class _SafetyOnly(BaseSettings):
    model_config = SettingsConfigDict(
        extra="ignore",
        frozen=True,
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        case_sensitive=False,
    )

    safety: SafetySettings = SafetySettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


def load_safety(path: Path | None = None) -> SafetySettings:
    """The [safety] settings; `path=None` means ./config.toml if it exists, else defaults."""
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

    class FromFile(_SafetyOnly):
        model_config = SettingsConfigDict(toml_file=path)

    try:
        return FromFile().safety
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        raise ConfigError(f"{key}: {error['msg']} (got {error.get('input')!r})") from None


def render(reply: Answer) -> str:
    """The answer as the bot shows it, with its buttons written out as lines."""
    knowledge = load_knowledge()
    lines = [reply.plain]
    if reply.suggestions:
        if reply.kind == "faq":
            lines.append(f"\n{texts.FAQ_OR_DID_YOU_MEAN}")
        lines += [f"- {knowledge[s].title}" for s in reply.suggestions]
    elif reply.kind == "none" and reply.text == texts.FAQ_DONT_KNOW:
        lines += [f"- {name}" for name in knowledge.topics.values()]
    if reply.related:
        lines.append(f"\n{texts.FAQ_RELATED}")
        lines += [f"- {knowledge[r].title}" for r in reply.related]
    return "\n".join(lines)


def ask(
    question: list[str],
    *,
    as_json: bool = False,
    config: Path | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Answer `question` (its words), or each line of stdin when it is just "-"."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    safety = load_safety(config)
    batch = question == [STDIN]
    questions = (line.rstrip("\r\n") for line in stdin) if batch else [" ".join(question)]
    for number, text in enumerate(questions):
        reply = answer(text, safety)
        if as_json:
            stdout.write(json.dumps(reply.to_json(), ensure_ascii=False) + "\n")
        else:
            stdout.write(("\n" if number else "") + render(reply) + "\n")
        stdout.flush()
    return 0
