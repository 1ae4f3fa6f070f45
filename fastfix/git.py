"""Git plumbing for `fastfix branches`: read a commit's files and make commits and branches from git
objects alone, so the user's branch, index, working tree and stash are never touched.

A commit is built through a temporary index file in a temporary directory; an interrupted run
leaves at most unreferenced objects, which `git gc` prunes. Branches move only by compare-and-swap.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal

from git import Repo
from git.exc import InvalidGitRepositoryError, NoSuchPathError

from fastfix.config import Listing
from fastfix.errors import FastfixError

REGULAR_FILE_MODES = (0o100644, 0o100755)  # symlinks (0o120000) and submodules are not files to rewrite
Changes = Mapping[str, tuple[int, bytes]]  # path in the tree -> (file mode, new bytes)
# A temporary index must not write shared or sparse index files into the user's .git directory.
_PRIVATE_INDEX = ("-c", "core.splitIndex=false", "-c", "index.sparse=false")


@dataclass(frozen=True)
class Base:
    ref: str  # as the user named it, or the current branch
    commit: str

    @property
    def short(self) -> str:
        return self.commit[:10]


def open_repository(directory: Path) -> Repo:
    try:
        repo = Repo(directory, search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        raise FastfixError("not a git repository", str(directory)) from None
    if repo.bare or repo.working_tree_dir is None:
        raise FastfixError("a bare repository; run fastfix branches in a checkout", str(directory))
    return repo


def top_level(repo: Repo) -> Path:
    assert repo.working_tree_dir is not None
    return Path(repo.working_tree_dir)


def resolve_base(repo: Repo, ref: str | None) -> Base:
    if ref is None:
        if repo.head.is_detached:
            raise FastfixError("HEAD is detached; name the base commit with --base REF")
        branch = repo.head.ref.name
        if not repo.head.is_valid():
            raise FastfixError(f"the current branch {branch!r} has no commits yet")
        return Base(branch, repo.head.commit.hexsha)
    status, commit, _ = _git_status(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if status:
        raise FastfixError(f"unknown base ref {ref!r}")
    return Base(ref, commit)


def has_uncommitted_changes(repo: Repo) -> bool:
    # --no-optional-locks: a plain `git status` may rewrite the user's index to refresh it
    return bool(_git(repo, "--no-optional-locks", "status", "--porcelain"))


class Snapshot:
    """The files of one commit, read from its tree."""

    def __init__(self, repo: Repo, commit: str) -> None:
        self._tree = repo.commit(commit).tree

    def _entry(self, path: PurePosixPath) -> Any:
        if not path.parts:
            return self._tree
        try:
            return self._tree / path.as_posix()
        except KeyError:
            return None

    def kind(self, path: PurePosixPath) -> Literal["directory", "file", "other"] | None:
        """A directory, a regular file, something else (a symlink, a submodule), or None if absent."""
        entry = self._entry(path)
        if entry is None:
            return None
        if entry.type == "tree":
            return "directory"
        return "file" if entry.type == "blob" and entry.mode in REGULAR_FILE_MODES else "other"

    def listing(self, directory: PurePosixPath) -> Listing:
        tree = self._entry(directory)
        return [sub.name for sub in tree.trees], [blob.name for blob in tree.blobs if blob.mode in REGULAR_FILE_MODES]

    def read(self, path: PurePosixPath) -> tuple[int, bytes]:
        """A regular file's mode and bytes."""
        blob = self._entry(path)
        return blob.mode, blob.data_stream.read()


def commit_identity(repo: Repo) -> dict[str, str]:
    """The author and committer, as the GIT_AUTHOR_* / GIT_COMMITTER_* environment of `commit-tree`:
    from those variables if set, else from the configuration (`author.*` or `committer.*`, then
    `user.*`, read through git so that includes and GIT_CONFIG_GLOBAL count), else EMAIL."""
    found = {}
    for role in ("author", "committer"):
        for field in ("name", "email"):
            variable = f"GIT_{role.upper()}_{field.upper()}"
            value = os.environ.get(variable) or _config(repo, f"{role}.{field}") or _config(repo, f"user.{field}")
            if field == "email":
                value = value or os.environ.get("EMAIL", "")
            if not value:
                raise FastfixError(
                    "no git identity to commit with: set one with `git config user.name NAME` and"
                    " `git config user.email EMAIL` (or GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL)"
                )
            found[variable] = value
    return found


def check_branch_name(repo: Repo, name: str) -> None:
    if _git_status(repo, "check-ref-format", f"refs/heads/{name}")[0]:
        raise FastfixError(f"{name!r} is not a valid branch name (check --prefix)")


def check_remote(repo: Repo, remote: str) -> None:
    names = [configured.name for configured in repo.remotes]
    if remote not in names:
        raise FastfixError(f"no remote named {remote!r} (remotes: {', '.join(names) or 'none'})")


def ref_tip(repo: Repo, ref: str) -> str | None:
    """The commit a full ref name (`refs/heads/...`, `refs/remotes/...`) points at, if it exists."""
    status, commit, _ = _git_status(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return None if status else commit


def checked_out_branches(repo: Repo) -> dict[str, str]:
    """Branch name -> worktree path, for the branch (even an unborn one) of every worktree."""
    found, worktree = {}, ""
    for line in _git(repo, "worktree", "list", "--porcelain").splitlines():
        if line.startswith("worktree "):
            worktree = line.removeprefix("worktree ")
        elif line.startswith("branch refs/heads/"):
            found[line.removeprefix("branch refs/heads/")] = worktree
    return found


def holds(repo: Repo, tip: str, base: str, changes: Changes) -> bool:
    """Whether commit `tip` is one commit on `base` that makes exactly `changes`."""
    if _git(repo, "rev-parse", f"{tip}^@") != base:
        return False
    fields = _git(repo, "diff-tree", "-r", "-z", "--no-renames", base, tip).split("\0")
    made = {}
    for meta, path in zip(fields[::2], fields[1::2]):  # ":old-mode new-mode old-id new-id status", path
        _, new_mode, _, new_id, _ = meta.split()
        made[path] = (int(new_mode, 8), new_id)
    return made == {path: (mode, _blob_id(data)) for path, (mode, data) in changes.items()}


def write_commit(repo: Repo, base: str, changes: Changes, message: str, identity: Mapping[str, str]) -> str:
    """A commit on `base` that makes `changes`; nothing but the object database is written to."""
    with tempfile.TemporaryDirectory(prefix="fastfix-") as scratch:
        workspace = Path(scratch)
        tree = build_tree(repo, base, changes, workspace)
        return commit_tree(repo, tree, base, message, identity, workspace)


def build_tree(repo: Repo, base: str, changes: Changes, workspace: Path) -> str:
    """`base`'s tree with `changes`, through a temporary index in `workspace`."""
    contents = []
    for number, (_, data) in enumerate(changes.values()):
        contents.append(workspace / f"blob-{number}")
        contents[-1].write_bytes(data)
    ids = _git(repo, "hash-object", "-w", "--no-filters", "--stdin-paths", stdin="".join(f"{c}\n" for c in contents),
               workspace=workspace).split()
    entries = "".join(f"{mode:o} {blob}\t{path}\0" for (path, (mode, _)), blob in zip(changes.items(), ids))
    index = {"GIT_INDEX_FILE": str(workspace / "index")}
    _git(repo, *_PRIVATE_INDEX, "read-tree", base, env=index)
    _git(repo, *_PRIVATE_INDEX, "update-index", "-z", "--index-info", stdin=entries, workspace=workspace, env=index)
    return _git(repo, *_PRIVATE_INDEX, "write-tree", env=index)


def commit_tree(
    repo: Repo, tree: str, base: str, message: str, identity: Mapping[str, str], workspace: Path
) -> str:
    message_file = workspace / "message"
    message_file.write_text(message, encoding="utf-8")
    return _git(repo, "commit-tree", tree, "-p", base, "-F", str(message_file), env=identity)


def set_branch(repo: Repo, name: str, commit: str, previous: str | None) -> None:
    """Point the branch at `commit` only if it is still at `previous` (None: does not exist yet)."""
    expected = previous or "0" * len(commit)
    try:
        _git(repo, "update-ref", "-m", "fastfix branches", f"refs/heads/{name}", commit, expected)
    except FastfixError as exc:
        raise FastfixError(f"cannot set branch {name}: {exc.message}") from None


def push(repo: Repo, remote: str, branches: Sequence[str], *, force: bool) -> None:
    """Push each branch to the same name on `remote`. With `force`, a remote branch is replaced only
    if it is where our remote-tracking branch says it is (`--force-with-lease`)."""
    refs = [f"refs/heads/{name}" for name in branches]
    leases = [f"--force-with-lease={ref}" for ref in refs] if force else []
    status, out, err = _git_status(repo, "push", "--porcelain", *leases, remote, *(f"{ref}:{ref}" for ref in refs))
    rejected = []
    for line in out.splitlines():
        flag, _, rest = line.partition("\t")
        if flag == "!":
            refspec, _, summary = rest.partition("\t")
            rejected.append(f"{refspec.rpartition(':')[2].removeprefix('refs/heads/')} {summary}")
    if rejected:
        raise FastfixError(f"push to {remote} rejected: {'; '.join(rejected)}")
    if status:
        raise FastfixError(f"push to {remote} failed: {_message(err)}")


def _blob_id(data: bytes) -> str:
    # git's id for a blob, computed without writing it (SHA-1 object format, the one GitPython reads)
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _config(repo: Repo, key: str) -> str:
    return _git_status(repo, "config", "--get", key)[1]


def _git(
    repo: Repo, *args: str, env: Mapping[str, str] | None = None, stdin: str | None = None, workspace: Path | None = None
) -> str:
    status, out, err = _git_status(repo, *args, env=env, stdin=stdin, workspace=workspace)
    if status:
        raise FastfixError(_message(err) or f"git {args[0]} failed with status {status}")
    return out


def _git_status(
    repo: Repo, *args: str, env: Mapping[str, str] | None = None, stdin: str | None = None, workspace: Path | None = None
) -> tuple[int, str, str]:
    """Run git in the repository: (status, stdout without its final newline, stderr). Standard
    input, if any, goes through a file in `workspace`, which is what GitPython hands to git."""
    handle: IO[bytes] | None = None
    if stdin is not None:
        assert workspace is not None
        (workspace / "stdin").write_text(stdin, encoding="utf-8")
        handle = (workspace / "stdin").open("rb")
    try:
        status, out, err = repo.git.execute(
            ["git", *args], env=dict(env or {}), istream=handle, with_extended_output=True, with_exceptions=False
        )
    finally:
        if handle is not None:
            handle.close()
    return status, out, err


def _message(stderr: str) -> str:
    """git's own one-line reason: its first fatal or error line, else its last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        for prefix in ("fatal: ", "error: "):
            if line.startswith(prefix):
                return line.removeprefix(prefix)
    return lines[-1] if lines else ""
