"""A tiny three-repository index whose talent map is worked out by hand (tests/talent/test_map.py).

Quarter 2026Q2 against 2026Q1 (fictional people):
  acme/kern  (GPU Kernels & Performance)            Ada, Cy (leaves), Dee (moves in), Eve + co-author Ben (new),
                                                    Gus and Hal (new), a dependabot bump (ignored)
  acme/train (Training Frameworks & Model Arch.)    Ben, Dee (moves out)
  acme/fork  (Inference Runtimes & Engines)         Ada's kern commit cherry-picked later (counted once, in kern),
                                                    Fay (new)
Cy's last commit is 2026-04-01 01:30 +02:00, which is 2026-03-31 in UTC: it belongs to 2026Q1.
"""

from __future__ import annotations

from pathlib import Path

import gitrepo  # tests/support, on pytest's pythonpath
import pytest

from indexer.identity import resolve
from indexer.pipeline import index_repo
from indexer.store import Store
from models.settings import Settings

ADA = ("Ada Quill", "ada@acme.example")
BEN = ("Ben Okafor", "ben.okafor@gmail.com")
CY = ("Cy Dorn", "cy@acme.example")
DEE = ("Dee Lark", "dee@lark.example")
EVE = ("Eve Moss", "12345+evemoss@users.noreply.github.com")
FAY = ("Fay Rowe", "fay@forge.example")
GUS = ("Gus Penn", "gus@penn.example")
HAL = ("Hal Ives", "hal@ives.example")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")

KERNEL = (
    "__global__ void scale_kernel(float* x, float a, int n) {\n"
    "  int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
    "  if (i < n) x[i] *= a;\n"
    "}\n"
)
SYNCED = "int fused_add(int a, int b) { return a + b; }\n"
SYNC_MESSAGE = "Fuse the add: 2.1x faster (1.00 ms -> 0.47 ms on H100)"


def _c(name: str) -> str:
    return f"int {name}(void) {{ return {len(name)}; }}\n"


KERN = [
    (ADA, "2025-11-03T10:00:00+00:00", None, "Add a", {"src/a.c": _c("a")}),
    (ADA, "2026-01-05T10:00:00+00:00", None, "Add b", {"src/b.c": _c("bb")}),
    (ADA, "2026-01-06T10:00:00+00:00", None, "Add c", {"src/c.c": _c("ccc")}),
    (CY, "2026-02-02T10:00:00+00:00", None, "Add d", {"src/d.c": _c("dddd")}),
    (DEE, "2026-03-03T10:00:00+00:00", None, "Add f", {"src/f.c": _c("ffffff")}),
    (CY, "2026-04-01T01:30:00+02:00", None, "Add e", {"src/e.c": _c("eeeee")}),
    (ADA, "2026-04-06T10:00:00+00:00", None, "Add the scale kernel", {"src/scale.cu": KERNEL}),
    (DEE, "2026-04-13T10:00:00+00:00", None, "Add i", {"src/i.c": _c("iiiiiiii")}),
    (ADA, "2026-04-20T10:00:00+00:00", None, "Test g", {"tests/test_g.py": "def test_g():\n    assert True\n"}),
    (ADA, "2026-05-04T10:00:00+00:00", None, SYNC_MESSAGE, {"src/sync.c": SYNCED}),
    (BOT, "2026-05-05T10:00:00+00:00", None, "chore(deps): bump numpy", {"requirements.txt": "numpy==2.0.1\n"}),
    (
        EVE,
        "2026-05-11T10:00:00+00:00",
        None,
        "Add h\n\nCo-authored-by: Ben Okafor <ben.okafor@gmail.com>",
        {"src/h.c": _c("hhhhhhhhh")},
    ),
    (GUS, "2026-05-18T10:00:00+00:00", None, "Add l", {"src/l.c": _c("llllllllll")}),
    (DEE, "2026-06-01T10:00:00+00:00", None, "Add j", {"src/j.c": _c("jjjjjjjjjjj")}),
    (HAL, "2026-06-15T10:00:00+00:00", None, "Add m", {"src/m.c": _c("mmmmmmmmmmmm")}),
    (ADA, "2026-07-06T10:00:00+00:00", None, "Add k", {"src/k.c": _c("kkkkkkkkkkkkk")}),
]
TRAIN = [
    (BEN, "2025-12-01T10:00:00+00:00", None, "Train a", {"train/a.py": "A = 1\n"}),
    (BEN, "2026-02-10T10:00:00+00:00", None, "Train b", {"train/b.py": "B = 2\n"}),
    (DEE, "2026-03-09T10:00:00+00:00", None, "Train c", {"train/c.py": "C = 3\n"}),
    (DEE, "2026-03-16T10:00:00+00:00", None, "Train d", {"train/d.py": "D = 4\n"}),
    (BEN, "2026-06-02T10:00:00+00:00", None, "Train e", {"train/e.py": "E = 5\n"}),
    (BEN, "2026-06-09T10:00:00+00:00", None, "Train f", {"train/f.py": "F = 6\n"}),
]
FORK = [
    # Ada's kern commit, cherry-picked two weeks later: same patch, same author and author date.
    (ADA, "2026-05-04T10:00:00+00:00", "2026-05-20T10:00:00+00:00", SYNC_MESSAGE, {"src/sync.c": SYNCED}),
    (FAY, "2026-05-25T10:00:00+00:00", None, "Fork x", {"fork/x.c": _c("x")}),
]
CATEGORIES = {
    "acme/kern": "GPU Kernels & Performance",
    "acme/train": "Training Frameworks & Model Architecture",
    "acme/fork": "Inference Runtimes & Engines",
}


@pytest.fixture(scope="session")
def map_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data directory of the indexed three repositories (the fork first: landing order must not matter)."""
    root = tmp_path_factory.mktemp("talent")
    settings = Settings(data_dir=root / "data")
    store = Store.open(settings.db_path)
    for name, commits in (("acme/fork", FORK), ("acme/kern", KERN), ("acme/train", TRAIN)):
        repo = gitrepo.Repo(root / name.split("/")[1])
        gitrepo.dated_history(repo, commits)
        index_repo(store, repo.path, name, settings, CATEGORIES[name], progress=False, workers=1)
    resolve(store)
    store.close()
    return settings.data_dir
