"""Shell completion: the scripts click writes, sourced in a real bash, completing the names in the
manifest; zsh's and fish's answers through the same protocol."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.cli import main
from tests.helpers import ROOT

ECOMMERCE = ROOT / "examples" / "02-ecommerce" / "scaffold.yaml"
BIN = Path(sys.executable).parent


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    shutil.copy(ECOMMERCE, tmp_path / "scaffold.yaml")
    text = (tmp_path / "scaffold.yaml").read_text()
    (tmp_path / "scaffold.yaml").write_text(text + "  staging: {}\n")
    return tmp_path


def bash(script: str, cwd: Path) -> list[str]:
    """Run `script` in bash after sourcing `scaffold completion bash`; its output lines."""
    assert (BIN / "scaffold").is_file(), "scaffold's console script is not installed beside python"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(["bash", "-c", f'source <(scaffold completion bash)\n{script}'],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout.splitlines()


def offered(words: list[str], cwd: Path) -> list[str]:
    """What bash offers when the cursor is on the last of `words` (as bash calls click)."""
    quoted = " ".join(f"'{w}'" for w in words)
    return bash(f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; COMPREPLY=()\n"
                "_scaffold_completion scaffold\n"
                'for word in "${COMPREPLY[@]}"; do echo "$word"; done', cwd)


def test_sourcing_the_bash_script_registers_the_completion(shop: Path) -> None:
    assert bash("complete -p scaffold", shop) == [
        "complete -o nosort -F _scaffold_completion scaffold"]


def test_generate_variant_completes_the_manifests_variants(shop: Path) -> None:
    assert offered(["scaffold", "generate", "--variant", ""], shop) == ["local", "ci", "staging"]
    assert offered(["scaffold", "generate", "--variant", "s"], shop) == ["staging"]
    assert offered(["scaffold", "verify", "--variant", "c"], shop) == ["ci"]


def test_variants_come_from_the_manifest_named_by_f(shop: Path) -> None:
    other = shop / "sub"
    other.mkdir()
    shutil.move(shop / "scaffold.yaml", other / "scaffold.yaml")
    assert offered(["scaffold", "generate", "--variant", ""], shop) == []
    assert offered(["scaffold", "generate", "-f", "sub/scaffold.yaml", "--variant", ""],
                   shop) == ["local", "ci", "staging"]


def test_depends_on_completes_the_service_after_the_last_comma(shop: Path) -> None:
    words = ["scaffold", "add-service", "worker", "--preset", "redis", "--depends-on", "postgres,"]
    assert offered(words, shop) == ["postgres,redis", "postgres,backend", "postgres,backend-migrate",
                                    "postgres,api-gateway"]
    assert offered(["scaffold", "ports", "release", "ecommerce", "b"], shop) == ["backend",
                                                                            "backend-migrate"]


def test_commands_complete_too(shop: Path) -> None:
    assert offered(["scaffold", "do"], shop) == ["doctor"]


@pytest.mark.parametrize("shell, cword, answer", [
    # zsh passes the cursor's index, fish the word being typed
    ("zsh", "3", ["plain", "local", "_", "plain", "ci", "_", "plain", "staging", "_"]),
    ("fish", "", ["plain,local", "plain,ci", "plain,staging"]),
])
def test_zsh_and_fish_get_the_same_names(shell: str, cword: str, answer: list[str],
                                         shop: Path) -> None:
    env = {**os.environ, "COMP_WORDS": "scaffold generate --variant ", "COMP_CWORD": cword,
           "_SCAFFOLD_COMPLETE": f"{shell}_complete"}
    done = subprocess.run([str(BIN / "scaffold")], cwd=shop, env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout.splitlines()) == (0, answer)


@pytest.mark.parametrize("shell, marker", [
    ("bash", "_SCAFFOLD_COMPLETE=bash_complete"), ("zsh", "#compdef scaffold"),
    ("fish", "complete --no-files --command scaffold")])
def test_completion_prints_the_script(shell: str, marker: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", shell]) == 0
    out = capsys.readouterr().out
    assert marker in out
    assert out.endswith("\n") and not out.endswith("\n\n")
