"""Secrets that arrive as files (Swarm's NAME_FILE) land in the environment as NAME."""

from pathlib import Path

import pytest

from config.file_secrets import load_file_secrets


def test_a_file_secret_becomes_the_variable(tmp_path: Path) -> None:
    (tmp_path / "db_url").write_text("postgresql://app:s3cret@db:5432/app\n")
    environ = {"DATABASE_URL_FILE": str(tmp_path / "db_url"), "LOG_FILE": "/var/log/app.log"}
    load_file_secrets(environ, directory=str(tmp_path))
    assert environ["DATABASE_URL"] == "postgresql://app:s3cret@db:5432/app"
    assert "LOG" not in environ  # only files in the secrets folder count


def test_a_set_variable_wins(tmp_path: Path) -> None:
    (tmp_path / "token").write_text("from-file")
    environ = {"TOKEN": "from-env", "TOKEN_FILE": str(tmp_path / "token")}
    load_file_secrets(environ, directory=str(tmp_path))
    assert environ["TOKEN"] == "from-env"


def test_a_missing_secret_file_fails_at_start(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_file_secrets({"TOKEN_FILE": str(tmp_path / "absent")}, directory=str(tmp_path))
