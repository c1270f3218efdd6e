import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest


def _gitrepo() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scout_test_gitrepo", Path(__file__).with_name("gitrepo.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gitrepo = _gitrepo()


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[[str], "gitrepo.Repo"]:
    return lambda name="repo": gitrepo.Repo(tmp_path / name)
