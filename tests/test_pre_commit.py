"""The pre-commit hooks of .pre-commit-hooks.yaml, run by pre-commit itself from a copy of this
checkout, with no network.

pre-commit installs a `language: python` hook repository into a virtualenv of its own with `pip
install .`. Offline, the test lets that virtualenv see the packages already installed here
(`VIRTUALENV_SYSTEM_SITE_PACKAGES`), forbids any index (`PIP_NO_INDEX`), and builds the hook
repository with the setuptools virtualenv seeds (no build isolation, which would fetch one). The
hook repository itself is installed for real, so a package missing from pyproject.toml fails here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

pytest.importorskip("pre_commit")

CHECKOUT = Path(__file__).resolve().parent.parent
GIT = ["git", "-c", "user.name=fastfix tests", "-c", "user.email=tests@fastfix.invalid", "-c", "commit.gpgsign=false"]
DB = "from sqlalchemy.orm import sessionmaker\n\nSessionLocal = sessionmaker()\n\n\ndef get_db():\n    db = SessionLocal()\n    return db\n"
ROUTES = "from fastapi import Depends, FastAPI\n\nfrom db import get_db\n\napp = FastAPI()\n\n\n@app.get('/')\nasync def index(db=Depends(get_db)):\n    import time\n\n    time.sleep(1)\n    return db\n"


def _hook_repository(directory: Path) -> str:
    """This checkout's working tree as a git repository (what a user's `repo:` would clone): the
    files a build needs, committed. Returns the commit to pin as `rev`."""
    pyproject = CHECKOUT / "pyproject.toml"
    packages = {name.split(".")[0] for name in tomllib.loads(pyproject.read_text())["tool"]["setuptools"]["packages"]}
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copyfile(CHECKOUT / name, directory / name)
    for name in packages:
        shutil.copytree(CHECKOUT / name, directory / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(["git", "init", "-q"], cwd=directory, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=directory, check=True)
    subprocess.run([*GIT, "commit", "-qm", "hooks"], cwd=directory, check=True)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=directory, check=True, capture_output=True, text=True).stdout.strip()


def _pre_commit(project: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "VIRTUALENV_"))}
    environ.update(
        PRE_COMMIT_HOME=str(home),
        VIRTUALENV_SYSTEM_SITE_PACKAGES="1",
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_INDEX="1",
        PIP_NO_BUILD_ISOLATION="0",  # pip reads this as --no-build-isolation
        NO_COLOR="1",
    )
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    return subprocess.run(command, cwd=project, env=environ, capture_output=True, text=True, check=False)


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_pre_commit_runs_the_check_and_fix_hooks_from_this_repository(tmp_path: Path) -> None:
    hooks, project, home = tmp_path / "hooks", tmp_path / "project", tmp_path / "home"
    hooks.mkdir()
    project.mkdir()
    rev = _hook_repository(hooks)
    (project / "db.py").write_text(DB)
    (project / "routes.py").write_text(ROUTES)
    (project / "README.txt").write_text("not python: no hook sees it\n")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: fastfix-check\n      - id: fastfix-fix\n"
    )
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=project, check=True)

    first = _pre_commit(project, home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "fastfix check" in first.stdout and "- hook id: fastfix-check\n- exit code: 1" in first.stdout
    assert "routes.py:12:5: async-sleep" in first.stdout
    assert "- hook id: fastfix-fix\n- files were modified by this hook" in first.stdout
    # one fastfix run over all files: the dependency in db.py is found through routes.py
    assert "yield db" in (project / "db.py").read_text()
    assert "await asyncio.sleep(1)" in (project / "routes.py").read_text()

    second = _pre_commit(project, home)
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.count("Passed") == 2
