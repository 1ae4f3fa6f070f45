"""`fastfix branches` against real git repositories: the branches, their commits and messages, pushes,
pull-request bodies, and that the user's checkout is never touched."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fastfix import git as fastfix_git
from fastfix.branches import pr_body_file
from fastfix.cli import app
from fastfix.registry import by_id

FILES = {
    "pyproject.toml": (
        '[project]\nname = "demo"\n\n[tool.fastfix]\nselect = ["await-call-next", "async-sleep", "dependency-cleanup"]\n'
        'exclude = ["legacy"]\n'
    ),
    "app/__init__.py": "",
    "app/views.py": "import time\n\n\nasync def handler():\n    time.sleep(1)\n",
    "app/middleware.py": (
        "from starlette.middleware.base import BaseHTTPMiddleware\n\n\n"
        "class Timing(BaseHTTPMiddleware):\n"
        "    async def dispatch(self, request, call_next):\n"
        "        response = call_next(request)\n"
        "        return response\n"
    ),
    "app/db.py": (
        "from sqlalchemy.orm import sessionmaker\n\nSessionLocal = sessionmaker()\n\n\n"
        "def get_db():\n    db = SessionLocal()\n    return db\n"
    ),
    "app/routes.py": "from fastapi import Depends\n\nfrom app.db import get_db\n\n\ndef read(db=Depends(get_db)):\n    pass\n",
    "app/clean.py": "async def ok():\n    return 1\n",
    "bin/tick.py": "import time\n\n\nasync def tick():\n    time.sleep(2)\n",  # executable
    "legacy/old.py": "import time\n\n\nasync def old():\n    time.sleep(3)\n",  # excluded by the base's config
}
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
BRANCHES = ["fastfix/await-call-next", "fastfix/async-sleep", "fastfix/dependency-cleanup"]  # in run order


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def fastfix(*args: str):
    return CliRunner().invoke(app, ["branches", *args])


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git configuration, and no identity but the one a test sets."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("NO_COLOR", "1")
    for variable in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL",
                     "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "bin" / "tick.py").chmod(0o755)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Dev One")
    git(root, "config", "user.email", "dev@example.com")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    monkeypatch.chdir(root)
    return root


def branches(repo: Path) -> dict[str, str]:
    listing = git(repo, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/fastfix")
    return dict(line.split() for line in listing.splitlines())


def checkout_state(repo: Path) -> dict[str, object]:
    """Everything of the user's that fastfix must leave alone. The index is read first, byte for byte,
    and nothing here may refresh it (--no-optional-locks)."""
    return {
        "index": (repo / ".git" / "index").read_bytes(),
        "head": (repo / ".git" / "HEAD").read_text(),
        "head_commit": git(repo, "rev-parse", "HEAD"),
        "status": git(repo, "--no-optional-locks", "status", "--porcelain", "--untracked-files=all"),
        "stash": git(repo, "stash", "list"),
        "worktrees": git(repo, "worktree", "list", "--porcelain"),
        "files": {p.relative_to(repo).as_posix(): p.read_bytes() for p in repo.rglob("*") if ".git" not in p.parts
                  and p.is_file()},
    }


def test_one_branch_per_codemod_each_one_commit_on_the_base(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    result = fastfix()
    assert result.exit_code == 0, result.output
    made = branches(repo)
    assert sorted(made) == sorted(BRANCHES)
    assert [line.split()[1] for line in result.stdout.splitlines() if line.startswith("created")] == BRANCHES
    for branch in BRANCHES:
        assert git(repo, "rev-list", "--parents", f"{base}..{branch}") == f"{made[branch]} {base}"


def test_each_commit_is_fastfix_diff_of_its_codemod_applied_to_the_base(repo: Path, tmp_path: Path) -> None:
    assert fastfix().exit_code == 0
    for branch in BRANCHES:
        codemod = branch.removeprefix("fastfix/")
        patch = CliRunner().invoke(app, ["diff", "--select", codemod, "."]).stdout
        scratch = tmp_path / f"scratch-{codemod}"
        git(tmp_path, "clone", "-q", str(repo), str(scratch))
        subprocess.run(["git", "apply", "-"], input=patch, text=True, cwd=scratch, check=True)
        # the working tree with the patch applied is byte for byte (and mode for mode) the branch
        git(scratch, "diff", "--exit-code", f"origin/{branch}")
        assert git(scratch, "status", "--porcelain", "--untracked-files=all") != ""


def test_commit_message_title_summary_why_and_trailer(repo: Path) -> None:
    assert fastfix().exit_code == 0
    codemod = by_id()["async-sleep"]
    message = git(repo, "log", "-1", "--format=%B", "fastfix/async-sleep")
    title, blank, summary, *_ = message.splitlines()
    assert title == "fastfix: " + codemod.title[0].lower() + codemod.title[1:]
    assert blank == "" and summary == "Rewrites by async-sleep in 2 files (+4 -4, 2 rewrites):"
    assert "    app/views.py  +2 -2  1 rewrite\n    bin/tick.py   +2 -2  1 rewrite\n" in message
    assert " ".join(message.split()).count("Why: " + codemod.why()) == 1
    trailers = subprocess.run(["git", "interpret-trailers", "--parse"], input=message, capture_output=True,
                              text=True, check=True).stdout
    assert trailers == "Fastfix-Codemod: async-sleep\n"
    people = git(repo, "log", "-1", "--format=%an <%ae>|%cn <%ce>", "fastfix/async-sleep")
    assert people == "Dev One <dev@example.com>|Dev One <dev@example.com>"


def test_identity_from_environment_wins(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Bot")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "bot@example.com")
    assert fastfix("--select", "async-sleep").exit_code == 0
    people = git(repo, "log", "-1", "--format=%an <%ae>|%cn <%ce>", "fastfix/async-sleep")
    assert people == "Bot <bot@example.com>|Dev One <dev@example.com>"


def test_executable_bits_kept_symlinks_and_excluded_files_left_alone(repo: Path) -> None:
    (repo / "app" / "link.py").symlink_to("views.py")
    git(repo, "add", "app/link.py")
    git(repo, "commit", "-q", "-m", "link")
    assert fastfix("--select", "async-sleep").exit_code == 0
    changed = git(repo, "diff", "--name-only", "main", "fastfix/async-sleep").splitlines()
    assert changed == ["app/views.py", "bin/tick.py"]  # not app/link.py, not legacy/old.py
    assert git(repo, "ls-tree", "fastfix/async-sleep", "bin/tick.py").startswith("100755 blob ")


def test_users_branch_index_worktree_stash_and_untracked_files_are_untouched(repo: Path) -> None:
    (repo / "app" / "clean.py").write_text("async def ok():\n    return 2\n")
    git(repo, "stash")
    (repo / "app" / "views.py").write_text(FILES["app/views.py"] + "\n\nasync def more():\n    time.sleep(5)\n")
    (repo / "app" / "routes.py").write_text(FILES["app/routes.py"] + "# staged\n")
    git(repo, "add", "app/routes.py")
    (repo / "app" / "new.py").write_text("import time\n\n\nasync def new():\n    time.sleep(4)\n")
    (repo / "pyproject.toml").write_text('[project]\nname = "demo"\n')  # would un-exclude legacy/
    before = checkout_state(repo)
    result = fastfix()
    assert result.exit_code == 0, result.output
    assert "note: the branches are made from main (" in result.stderr
    assert "uncommitted changes are not included" in result.stderr
    assert checkout_state(repo) == before
    # rewrites come from the committed base: no uncommitted edit, untracked file or config leaks in
    assert git(repo, "show", "fastfix/async-sleep:app/views.py").count("asyncio.sleep") == 1
    assert git(repo, "diff", "--name-only", "main", "fastfix/async-sleep").splitlines() == ["app/views.py", "bin/tick.py"]


def test_rerun_is_idempotent(repo: Path) -> None:
    assert fastfix().exit_code == 0
    made = branches(repo)
    objects = git(repo, "count-objects", "-v")
    result = fastfix()
    assert result.exit_code == 0
    assert [line.split()[:3] for line in result.stdout.splitlines() if "fastfix/" in line] == [
        ["up", "to", "date"]] * 3
    assert branches(repo) == made
    assert git(repo, "count-objects", "-v") == objects


def test_existing_branch_is_left_alone_unless_force_moves_it(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "branch", "fastfix/async-sleep")  # someone's branch, at the base
    result = fastfix("--select", "async-sleep")
    assert result.exit_code == 0
    assert f"exists     fastfix/async-sleep at {base[:10]}, left alone (it differs; --force moves it)" in result.stdout
    assert branches(repo) == {"fastfix/async-sleep": base}
    result = fastfix("--select", "async-sleep", "--force")
    assert result.exit_code == 0
    tip = git(repo, "rev-parse", "fastfix/async-sleep")
    assert result.stdout.startswith(f"moved      fastfix/async-sleep to {tip[:10]} (from {base[:10]}): async-sleep")
    assert git(repo, "rev-parse", "fastfix/async-sleep^") == base
    git(repo, "branch", "-f", "fastfix/async-sleep", base)
    (entry,) = json.loads(fastfix("--select", "async-sleep", "--force", "--json").stdout)["branches"]
    assert entry["status"] == "moved" and entry["previous"] == base
    assert entry["commit"] == git(repo, "rev-parse", "fastfix/async-sleep")


def test_force_never_moves_a_checked_out_branch(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "branch", "fastfix/async-sleep")
    git(repo, "switch", "-q", "-c", "fastfix/await-call-next")
    before = checkout_state(repo)
    result = fastfix("--force")
    assert result.exit_code == 2
    assert "error: fastfix/await-call-next is checked out in " in result.stderr
    assert branches(repo) == {"fastfix/async-sleep": base, "fastfix/await-call-next": base}  # nothing moved
    assert checkout_state(repo) == before


def test_batch_safety_and_all(repo: Path, tmp_path: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    assert fastfix("--batch", "safety").exit_code == 0
    assert list(branches(repo)) == ["fastfix/review", "fastfix/safe"]
    safe = git(repo, "log", "-1", "--format=%B", "fastfix/safe")
    assert safe.startswith("fastfix: safe rewrites by 2 codemods\n")
    assert safe.endswith("Fastfix-Codemod: await-call-next\nFastfix-Codemod: async-sleep")
    assert "Why await-call-next: " in safe and "Why async-sleep: " in safe
    review = git(repo, "log", "-1", "--format=%B", "fastfix/review")
    assert review.startswith("fastfix: close resources") and review.endswith("Fastfix-Codemod: dependency-cleanup")
    assert fastfix("--batch", "all", "--prefix", "bot/").exit_code == 0
    assert git(repo, "rev-parse", "bot/all^") == base
    assert git(repo, "log", "-1", "--format=%B", "bot/all").count("Fastfix-Codemod: ") == 3
    # the group's commit is `fastfix diff --select` of the whole group
    patch = CliRunner().invoke(app, ["diff", "--select", "await-call-next,async-sleep", "."]).stdout
    scratch = tmp_path / "scratch"
    git(tmp_path, "clone", "-q", str(repo), str(scratch))
    subprocess.run(["git", "apply", "-"], input=patch, text=True, cwd=scratch, check=True)
    git(scratch, "diff", "--exit-code", "origin/fastfix/safe")


@pytest.fixture
def remote(repo: Path, tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    git(repo, "remote", "add", "origin", str(bare))
    return bare


def test_push_to_a_bare_repository(repo: Path, remote: Path) -> None:
    result = fastfix("--push", "origin", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert all(entry["pushed"] for entry in data["branches"])
    pushed = git(remote, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/fastfix")
    assert dict(line.split() for line in pushed.splitlines()) == branches(repo)
    assert fastfix("--push", "origin").exit_code == 0  # again: up to date here and there


def test_a_fresh_clone_on_the_same_base_reuses_the_pushed_commits(repo: Path, remote: Path, tmp_path: Path) -> None:
    """What a CI job sees each run: no local branches, the remote's from last time."""
    git(repo, "push", "-q", "origin", "main")
    assert fastfix("--push", "origin").exit_code == 0
    pushed = git(remote, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/fastfix")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", str(remote), str(clone))
    git(clone, "config", "user.name", "Bot")
    git(clone, "config", "user.email", "bot@example.com")
    result = fastfix("--repo", str(clone), "--push", "origin", "--force", "--json")
    assert result.exit_code == 0, result.output
    assert {entry["status"] for entry in json.loads(result.stdout)["branches"]} == {"created"}
    assert git(remote, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/fastfix") == pushed
    assert branches(clone) == branches(repo)


def test_rejected_push_and_force_with_lease(repo: Path, remote: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote.parent / "repo"), str(other))
    git(other, "-c", "user.name=Two", "-c", "user.email=two@example.com", "commit", "-q", "--allow-empty", "-m", "work")
    git(other, "push", "-q", str(remote), "HEAD:refs/heads/fastfix/async-sleep")
    result = fastfix("--select", "async-sleep", "--push", "origin")
    assert result.exit_code == 2
    assert result.stderr == "error: push to origin rejected: fastfix/async-sleep [rejected] (fetch first)\n"
    assert "created    fastfix/async-sleep" in result.stdout  # made here; only the push failed
    # --force leases on what we last saw of the remote branch: never seen, so not overwritten
    result = fastfix("--select", "async-sleep", "--push", "origin", "--force")
    assert result.exit_code == 2 and "[rejected] (stale info)" in result.stderr
    git(repo, "fetch", "-q", "origin")
    result = fastfix("--select", "async-sleep", "--push", "origin", "--force")
    assert result.exit_code == 0, result.output
    assert git(remote, "rev-parse", "fastfix/async-sleep") == git(repo, "rev-parse", "fastfix/async-sleep")


def test_missing_remote_is_an_error_before_anything_is_made(repo: Path) -> None:
    result = fastfix("--push", "upstream")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: no remote named 'upstream' (remotes: none)"
    assert branches(repo) == {}


def test_pr_body_files(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "prs"
    result = fastfix("--pr-body-dir", str(out), "--json")
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{b.replace('/', '-')}.md" for b in BRANCHES)
    entry = json.loads(result.stdout)["branches"][1]
    assert entry["pr_body"] == str(pr_body_file(out, "fastfix/async-sleep"))
    body = Path(entry["pr_body"]).read_text()
    base = git(repo, "rev-parse", "HEAD")
    for part in (
        f"one commit on `main` (`{base[:10]}`)", "## What changed", "## Why", by_id()["async-sleep"].why(),
        "| file | added | removed | rewrites |", "| `app/views.py` | +2 | -2 | 1 |", "Review level: **safe**",
        f"On a checkout of `{base}`", "```sh\nfastfix diff --select async-sleep .\n```",
    ):
        assert part in body
    review = pr_body_file(out, "fastfix/dependency-cleanup").read_text()
    assert "Review level: **review**: read these rewrites before merging." in review


def test_paths_limit_the_rewrites_and_the_reproduce_command(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = fastfix("--repo", "repo/app", "views.py", "--pr-body-dir", "prs")  # PATHs are relative to --repo
    assert result.exit_code == 0
    assert list(branches(repo)) == ["fastfix/async-sleep"]
    body = pr_body_file(tmp_path / "prs", "fastfix/async-sleep").read_text()
    assert "fastfix diff --select async-sleep app/views.py\n" in body


def test_json_shape(repo: Path) -> None:
    data = json.loads(fastfix("--json").stdout)
    assert data.keys() == {"base", "branches", "errors", "summary"}
    assert data["base"] == {"ref": "main", "commit": git(repo, "rev-parse", "HEAD")}
    first = data["branches"][0]
    assert first.keys() == {"branch", "base", "commit", "previous", "status", "title", "codemods", "safety", "pushed",
                            "pr_body", "files"}
    assert first["files"] == [{"path": "app/middleware.py", "added": 1, "removed": 1, "rewrites": 1}]
    assert data["summary"] == {"scanned": 7, "branches": 3, "created": 3, "rewrites": 4}
    assert data["errors"] == []


def test_dry_run_creates_nothing(repo: Path, tmp_path: Path, remote: Path) -> None:
    before = checkout_state(repo)
    objects = git(repo, "count-objects", "-v")
    result = fastfix("--dry-run", "--push", "origin", "--pr-body-dir", str(tmp_path / "prs"))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "would create fastfix/await-call-next, would push to origin: await-call-next, 1 file, +1 -1, 1 rewrite"
    )
    assert "    app/middleware.py  +1 -1  1 rewrite" in result.stdout
    assert branches(repo) == {} and not (tmp_path / "prs").exists()
    assert git(remote, "for-each-ref") == ""
    assert git(repo, "count-objects", "-v") == objects
    assert checkout_state(repo) == before
    data = json.loads(fastfix("--dry-run", "--json").stdout)
    assert [entry["status"] for entry in data["branches"]] == ["would-create"] * 3
    assert all(entry["commit"] is None for entry in data["branches"])


def _assert_nothing_left(repo: Path, scratch: Path, before: dict[str, object]) -> None:
    assert branches(repo) == {}
    assert list(scratch.iterdir()) == []  # the temporary index and files are gone
    assert not (repo / ".git" / "index.lock").exists()
    assert checkout_state(repo) == before


def test_interrupted_run_leaves_no_branch_and_no_temporary_files(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    before = checkout_state(repo)

    interrupted = []

    def interrupt(*args: object) -> str:
        interrupted.append(list(scratch.iterdir()))  # the temporary index is there, mid-build
        raise KeyboardInterrupt

    monkeypatch.setattr(fastfix_git, "commit_tree", interrupt)
    result = fastfix()
    assert result.exit_code == 130  # interrupted
    assert len(interrupted) == 1 and len(interrupted[0]) == 1
    _assert_nothing_left(repo, scratch, before)


def test_failing_codemod_leaves_nothing(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    before = checkout_state(repo)

    def crash(self: object, ctx: object) -> None:
        raise RuntimeError("codemod bug")

    monkeypatch.setattr(by_id()["dependency-cleanup"], "transform", crash)
    result = fastfix()
    assert isinstance(result.exception, RuntimeError)
    _assert_nothing_left(repo, scratch, before)


def test_unparseable_file_is_reported_and_the_rest_still_branched(repo: Path) -> None:
    (repo / "app" / "broken.py").write_text("import time\nasync def f(:\n    time.sleep(1)\n")
    git(repo, "add", "app/broken.py")
    git(repo, "commit", "-q", "-m", "broken")
    result = fastfix()
    assert result.exit_code == 2
    assert result.stderr.count("error: app/broken.py:") == 1 and "cannot parse" in result.stderr
    assert sorted(branches(repo)) == sorted(BRANCHES)
    result = fastfix("app/broken.py", "--json")  # nothing to change, but still an error
    assert result.exit_code == 2
    (error,) = json.loads(result.stdout)["errors"]
    assert error.startswith("app/broken.py:") and "cannot parse" in error


def test_nothing_to_change(repo: Path) -> None:
    result = fastfix("app/clean.py")
    assert result.exit_code == 0
    assert result.stdout.startswith("nothing to change: no rewrites in 1 file of main (")
    assert branches(repo) == {}


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ["--repo", "{tmp}"], "{tmp}: not a git repository"),
        (None, ["--base", "nope"], "unknown base ref 'nope'"),
        (["checkout", "-q", "--detach"], [], "HEAD is detached; name the base commit with --base REF"),
        (None, ["--prefix", "bad prefix/"], "'bad prefix/await-call-next' is not a valid branch name (check --prefix)"),
        (None, ["missing.py"], "missing.py: not in main ("),
        (None, ["--select", "no-such"], "select/ignore: unknown codemod or check 'no-such' (valid: "),
    ],
)
def test_errors_are_one_line_and_exit_2(
    repo: Path, tmp_path: Path, setup: list[str] | None, args: list[str], message: str
) -> None:
    (tmp_path / "plain").mkdir()
    if setup:
        git(repo, *setup)
    result = fastfix(*(arg.replace("{tmp}", str(tmp_path / "plain")) for arg in args))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: " + message.replace("{tmp}", str(tmp_path / "plain")))
    assert result.stderr.count("\n") == 1
    assert branches(repo) == {}


def test_detached_head_works_with_an_explicit_base(repo: Path) -> None:
    git(repo, "checkout", "-q", "--detach")
    assert fastfix("--base", "HEAD", "--select", "async-sleep").exit_code == 0
    assert git(repo, "rev-parse", "fastfix/async-sleep^") == git(repo, "rev-parse", "HEAD")


def test_no_identity_is_a_clear_error(repo: Path) -> None:
    git(repo, "config", "--unset", "user.name")
    git(repo, "config", "--unset", "user.email")
    result = fastfix()
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no git identity to commit with: set one with `git config user.name")
    assert branches(repo) == {}
    assert fastfix("--dry-run").exit_code == 0  # a plan needs no identity


def test_config_comes_from_the_base_commit(repo: Path) -> None:
    (repo / "pyproject.toml").write_text("[tool.fastfix]\nselct = 1\n")  # broken, but not committed
    assert fastfix("--dry-run").exit_code == 0
    git(repo, "commit", "-q", "-am", "broken config")
    result = fastfix("--dry-run")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: main:pyproject.toml: [tool.fastfix] unknown setting 'selct'")


def test_help() -> None:
    result = fastfix("--help")
    assert result.exit_code == 0 and "--pr-body-dir" in result.output


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.update({node.module, *(f"{node.module}.{alias.name}" for alias in node.names)})
    return found


def test_only_the_branches_code_uses_git() -> None:
    """GitPython in fastfix/git.py alone, and that only for `fastfix branches`: never the engine or codemods."""
    package = Path(__file__).resolve().parent.parent
    modules = {p.relative_to(package).as_posix(): _imports(p) for p in [*package.glob("fastfix/*.py"),
                                                                         *package.glob("codemods/*.py")]}
    gitpython = sorted(name for name, found in modules.items() if any(m == "git" or m.startswith("git.") for m in found))
    assert gitpython == ["fastfix/git.py"]
    assert sorted(name for name, found in modules.items() if "fastfix.git" in found) == ["fastfix/branches.py"]


def test_the_plan_is_the_same_for_any_number_of_jobs(repo: Path) -> None:
    for number in range(40):  # enough files for a pool of workers
        (repo / "app" / f"view{number}.py").write_text(FILES["app/views.py"].replace("time.sleep(1)", f"time.sleep({number})"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "more views")
    plans = [fastfix("--dry-run", "--json", "--jobs", jobs).stdout for jobs in ("1", "2")]
    assert json.loads(plans[0])["summary"]["scanned"] == 47
    assert plans[0] == plans[1]
