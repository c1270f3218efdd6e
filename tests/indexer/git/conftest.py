from collections.abc import Callable
from pathlib import Path

import gitrepo  # tests/support, on pytest's pythonpath
import pytest


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[[str], "gitrepo.Repo"]:
    return lambda name="repo": gitrepo.Repo(tmp_path / name)
