"""Print the SIMD signals (ISA, intrinsic, file, line, snippet) that detection finds in chosen commits.

Usage: python bench/isa_attribution.py GIT_DIR [SHA ...]   (no SHA: the 20 newest commits naming RISC-V/RVV)
Used to check ISA attribution on real histories (see BENCHMARKS.md, engineer H).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from indexer.git.reader import read_commits
from indexer.signals import detect_commit
from models.settings import Settings


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="scout bench isa_attribution", description=__doc__.splitlines()[0])
    parser.add_argument("git_dir", type=Path, help="a clone or bare repository")
    parser.add_argument("shas", nargs="*", help="commits to show (default: the 20 newest naming RISC-V/RVV)")
    args = parser.parse_args(argv)
    path = args.git_dir
    if not path.is_dir():
        parser.error(f"{path} is not a directory")
    shas = (
        args.shas
        or subprocess.run(
            ["git", "--git-dir", str(path), "log", "--format=%H", "-i", "--grep=rvv\\|riscv\\|risc-v", "-20"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    )
    settings = Settings()
    wanted = set(shas)
    for c in read_commits(path, "bench/isa", settings):
        if c.sha not in wanted:
            continue
        print("==", c.sha[:8], c.subject[:70])
        for s in detect_commit(c, settings).signals:
            if s.kind == "simd":
                first = s.evidence.snippet.splitlines()[0][:80] if s.evidence.snippet else ""
                print("  ", s.detail.get("isa"), s.detail.get("match"), s.evidence.path, s.evidence.line, "|", first)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
