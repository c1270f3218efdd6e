"""Running git safely: nothing from the repository is executed and nothing leaves the machine."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import IO

from models.errors import ScoutError

# Config that could make git run repository-controlled programs or reach the network is pinned here.
SAFE_CONFIG: tuple[str, ...] = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "protocol.allow=never",
    "-c",
    "core.pager=cat",
    "-c",
    "core.quotePath=true",
    "-c",
    "log.showSignature=false",
)


def git_env(path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_NO_LAZY_FETCH="1",
        GIT_TERMINAL_PROMPT="0",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_PAGER="cat",
        PAGER="cat",
        GIT_OPTIONAL_LOCKS="0",
        GIT_LITERAL_PATHSPECS="1",
        # Discovery must not climb out of PATH into an enclosing repository.
        GIT_CEILING_DIRECTORIES=str(path.resolve().parent),
        LC_ALL="C",
    )
    return env


def git_argv(path: Path, *args: str) -> list[str]:
    return ["git", "-C", str(path), *SAFE_CONFIG, *args]


def git_popen(
    path: Path, *args: str, stdin: int | IO[bytes] | None = None, stderr: int | IO[bytes] | None = None
) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            git_argv(path, *args),
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=stderr if stderr is not None else subprocess.DEVNULL,
            env=git_env(path),
            bufsize=1 << 20,
        )
    except FileNotFoundError as exc:
        raise ScoutError("git is not installed or not on PATH: install git and retry") from exc


def git_run(
    path: Path, *args: str, input: bytes | None = None, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    try:
        proc = subprocess.run(
            git_argv(path, *args),
            input=input,
            capture_output=True,
            env=git_env(path),
        )
    except FileNotFoundError as exc:
        raise ScoutError("git is not installed or not on PATH: install git and retry") from exc
    if check and proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ScoutError(f"git {args[0]} failed in {path}: {detail[-1] if detail else 'exit ' + str(proc.returncode)}")
    return proc


def git_dir_of(path: Path) -> Path:
    """The repository at exactly PATH (working clone or bare), or a ScoutError naming the path."""
    if not path.is_dir():
        raise ScoutError(f"{path} is not a directory: pass the path of a git clone or bare repository")
    proc = git_run(path, "rev-parse", "--absolute-git-dir", check=False)
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        why = msg[-1] if msg else "git rev-parse failed"
        raise ScoutError(f"{path} is not a git repository ({why}): pass a clone or a bare repository")
    return Path(proc.stdout.decode().strip())


def head_sha(path: Path) -> str | None:
    """The commit HEAD points to, or None for an empty repository."""
    proc = git_run(path, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
    if proc.returncode != 0:
        return None
    return proc.stdout.decode().strip() or None


def has_commit(path: Path, sha: str) -> bool:
    proc = git_run(path, "cat-file", "-e", f"{sha}^{{commit}}", check=False)
    return proc.returncode == 0
