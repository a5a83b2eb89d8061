"""`python -m bot ask`: answers from a terminal, with no token and no database."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.faq.answer import dont_know
from bot.faq.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"entry", "kind", "score", "lexical", "meaning", "suggestions", "answer"}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    for name in list(os.environ):
        if name.upper().startswith("WINDDOWN_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # so no stray ./config.toml is picked up


def test_ask_prints_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "how long shud i stay up"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(load_knowledge()["how-long"].answer)
    assert "Related questions:" in out


def test_the_question_may_be_unquoted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "is", "it", "ok", "with", "glaucoma?"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["kind"] == "safety"
    assert shown["entry"] == "caution-glaucoma"


def test_json_is_one_object_with_kind_entry_and_both_scores(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "--json", "will this help my swollen ankles?"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    shown = json.loads(lines[0])
    assert set(shown) == KEYS
    assert (shown["entry"], shown["kind"]) == ("swollen-legs", "faq")
    assert isinstance(shown["score"], float)
    assert isinstance(shown["lexical"], float)
    assert isinstance(shown["meaning"], float)  # the model is installed with the bot


def test_out_of_scope_offers_topics(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "recommend a pizza place"]) == 0
    out = capsys.readouterr().out
    assert dont_know("recommend a pizza place").split(".")[0] in out
    assert all(name in out for name in load_knowledge().topics.values())


def test_the_crisis_answer_uses_the_configured_numbers_without_a_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "settings.toml"
    config.write_text(
        '[database]\nurl = "sqlite:///x.sqlite3"\n\n'
        '[safety]\nemergency_number = "112"\ncrisis_line = "Call 0800 111 222"\n'
    )
    assert main(["ask", "--json", "--config", str(config), "i want to end it all"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["kind"], shown["entry"]) == ("crisis", None)
    assert "112" in shown["answer"]
    assert "Call 0800 111 222" in shown["answer"]


def test_config_toml_here_and_the_environment_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "config.toml").write_text('[safety]\nemergency_number = "000"\n')
    assert main(["ask", "--json", "kill myself"]) == 0
    assert "000" in json.loads(capsys.readouterr().out)["answer"]

    monkeypatch.setenv("WINDDOWN_SAFETY__EMERGENCY_NUMBER", "999")
    assert main(["ask", "--json", "kill myself"]) == 0
    assert "999" in json.loads(capsys.readouterr().out)["answer"]


def test_without_any_config_the_defaults_apply(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "i wanna die"]) == 0
    answer = json.loads(capsys.readouterr().out)["answer"]
    assert "your local emergency number" in answer
    assert "findahelpline.com" in answer


def test_a_bad_config_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "--config", str(tmp_path / "missing.toml"), "hi"]) == 2
    assert "does not exist" in capsys.readouterr().err

    bad = tmp_path / "bad.toml"
    bad.write_text('[safety]\ncrisis_line = "' + "x" * 300 + '"\n')
    assert main(["ask", "--config", str(bad), "hi"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("winddown: safety.crisis_line")
    assert len(err.strip().splitlines()) == 1


def test_questions_from_stdin_answer_one_each(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("how often should i do it\nhi\n"))
    assert main(["ask", "-"]) == 0
    blocks = capsys.readouterr().out.strip().split("\n\n")
    assert blocks[0] == load_knowledge()["how-often"].answer
    assert blocks[-1].startswith("Hi.")


def test_python_m_bot_ask_reads_stdin_as_json_lines(tmp_path: Path) -> None:
    questions = [
        "how long shud i stay up",
        "is it ok with glaucoma?",
        "i want to kill myself",
        "my chest hurts",
        "whats the weather",
    ]
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "-", "--json"],
        input="\n".join(questions) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [set(line) for line in lines] == [KEYS] * len(questions)
    assert [(line["kind"], line["entry"]) for line in lines] == [
        ("faq", "how-long"),
        ("safety", "caution-glaucoma"),
        ("crisis", None),
        ("safety", "when-to-stop"),
        ("none", None),
    ]


def test_ask_does_not_load_telegram(tmp_path: Path) -> None:
    code = (
        "import sys; from bot.__main__ import main; main(['ask', 'hi']); print(list(sys.modules))"
    )
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=True,
    )
    loaded = done.stdout.splitlines()[-1]
    assert "'telegram'" not in loaded
    assert "'sqlalchemy.ext.asyncio'" not in loaded
