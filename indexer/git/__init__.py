"""The git source: `read_commits(path, repo, settings, *, since=None)` streams a repository's commits."""

from indexer.git.command import git_dir_of, head_sha
from indexer.git.reader import list_commits, read_commits
from indexer.git.report import ReadReport

__all__ = ["ReadReport", "git_dir_of", "head_sha", "list_commits", "read_commits"]
