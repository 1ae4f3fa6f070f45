"""[tool.fastfix] settings and which files a run reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from fastfix.config import load_config, python_files
from fastfix.errors import FastfixError


def _project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n{table}\n")
    return tmp_path


def test_defaults_without_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(tmp_path)
    assert config.source is None
    assert [c.id for c in config.codemods()] == [c.id for c in config.codemods() if c.default]


def test_nearest_pyproject_select_ignore_and_cli_override(tmp_path: Path) -> None:
    _project(tmp_path, '[tool.fastfix]\nselect = ["async-sleep"]\nignore = []\n')
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    config = load_config(tmp_path / "pkg" / "sub")
    assert config.root == tmp_path
    assert [c.id for c in config.codemods()] == ["async-sleep"]
    assert [c.id for c in config.codemods(ignore=["async-sleep"])] == []


def test_unknown_setting_codemod_or_option_is_a_clear_error(tmp_path: Path) -> None:
    _project(tmp_path, "[tool.fastfix]\nselct = []\n")
    with pytest.raises(FastfixError, match=r"pyproject.toml: \[tool.fastfix\] unknown setting 'selct'"):
        load_config(tmp_path)
    _project(tmp_path, '[tool.fastfix]\nselect = ["no-such-codemod"]\n')
    with pytest.raises(FastfixError, match="unknown codemod or check 'no-such-codemod' \\(valid: "):
        load_config(tmp_path)
    _project(tmp_path, "[tool.fastfix.async-sleep]\nspeed = 1\n")
    with pytest.raises(FastfixError, match=r"\[tool.fastfix.async-sleep\] unknown option 'speed'"):
        load_config(tmp_path)
    _project(tmp_path, "[tool.fastfix\n")
    with pytest.raises(FastfixError, match="invalid TOML"):
        load_config(tmp_path)


def test_walk_skips_vcs_virtualenvs_build_output_and_excludes(tmp_path: Path) -> None:
    _project(tmp_path, '[tool.fastfix]\nexclude = ["migrations", "legacy_*.py"]\n')
    for name in [
        "app/main.py", "app/legacy_views.py", "migrations/env.py", ".git/hooks/x.py", "node_modules/a/b.py",
        "build/lib/x.py", "dist/x.py", ".venv/lib/x.py", "env/lib/x.py", "app/notes.txt",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n")
    config = load_config(tmp_path)
    found = [p.relative_to(tmp_path).as_posix() for p in python_files([tmp_path], config)]
    assert found == ["app/main.py"]
    # a file named explicitly is always read
    assert list(python_files([tmp_path / "migrations" / "env.py"], config)) == [tmp_path / "migrations" / "env.py"]


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FastfixError, match="nope.py: no such file or directory"):
        list(python_files([tmp_path / "nope.py"], load_config(tmp_path)))


def test_readme_configuration_example_is_valid(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    example = readme.split("## Configuration", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    _project(tmp_path, example)
    config = load_config(tmp_path)
    assert config.options["blocking-to-thread"]["helper"] == "run_in_threadpool"
    assert "Pool" in config.options["dependency-cleanup"]["closeable_suffixes"]
