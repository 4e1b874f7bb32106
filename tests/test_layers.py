"""The layering contracts of pyproject.toml (`[tool.importlinter]`) hold, and can be broken.

`make lint` runs the same check; these tests keep it in the suite and prove that a forbidden
import is caught, so a contract that silently matches nothing would show up here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What the `lint-imports` console script runs; this way it is the interpreter running the tests.
LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports_command; "
    "sys.exit(lint_imports_command())"
)


def _contract_names() -> list[str]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        config = tomllib.load(file)
    return [contract["name"] for contract in config["tool"]["importlinter"]["contracts"]]


def _lint_imports(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1")  # one line per contract, plain text
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache", "--no-logo"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_every_contract_is_kept() -> None:
    names = _contract_names()
    assert len(names) >= 4

    result = _lint_imports(ROOT)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    lines = output.splitlines()
    for name in names:
        assert f"{name} KEPT" in lines, output
    assert f"Contracts: {len(names)} kept, 0 broken." in lines, output


def test_a_forbidden_import_breaks_its_contract(tmp_path: Path) -> None:
    for package in ("metrics", "dashboard"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    formatting = tmp_path / "metrics" / "formatting.py"
    with formatting.open("a", encoding="utf-8") as file:
        file.write("import streamlit  # noqa\n")
    added_line = len(formatting.read_text(encoding="utf-8").splitlines())

    result = _lint_imports(tmp_path, pythonpath=tmp_path)

    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    names = _contract_names()
    ui_contract = next(name for name in names if "streamlit" in name)
    lines = output.splitlines()
    assert f"{ui_contract} BROKEN" in lines, output
    # The line number is the one appended to the copy: the copies are what was analysed.
    assert f"-   metrics.formatting -> streamlit (l.{added_line})" in lines, output
    for name in names:
        if name != ui_contract:
            assert f"{name} KEPT" in lines, output
    assert f"Contracts: {len(names) - 1} kept, 1 broken." in lines, output
