"""How a commit counts for a systems profile: per-file classes (repo path rules from models.catalog, then
extension, path and language) summed into models.records.CommitClass.

File classes: systems (C/C++/CUDA/Rust/Metal/shader code outside application paths, the repo's systems
paths, or Python files holding kernel bodies: Triton, CuTe, Pallas, numba.cuda, seen by the triton_kernel
detector), application (Python and other high-level code, examples, bindings glue), docs, ci, tests, vendored,
other (build files, configs, data). Flags: docs_only, ci_only, tests_only (every counted file in that class),
python_only (Python is the only code touched, systems code none), typo_fix (subject says typo/spelling and the
change is small), reformat (subject says format/lint/style, added ~= removed lines). Vendored files count for nothing.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from indexer.signals.languages import language_for
from models.catalog import classify_path
from models.records import Commit, CommitClass, FileChange
from models.taxonomy import SYSTEMS_LANGUAGES

_DOC_EXT = frozenset({".md", ".rst", ".txt", ".adoc", ".markdown", ".ipynb_checkpoints", ".tex"})
_DOC_NAMES = re.compile(r"(?i)^(readme|changelog|changes|license|licence|contributing|authors|notice|code_of_conduct)")
_NOT_DOCS = re.compile(r"(?i)^(cmakelists\.txt|requirements[\w.-]*\.txt|constraints[\w.-]*\.txt)$")
_DOC_DIRS = re.compile(r"(?i)(^|/)(docs?|book|\w+-book|documentation)/")
_CI = re.compile(
    r"(^|/)(\.github|\.circleci|\.gitlab|\.buildkite|\.azure-pipelines|\.devops|ci)/|(^|/)\.gitlab-ci\.yml$|"
    r"(^|/)\.travis\.yml$|(^|/)azure-pipelines\.yml$|(^|/)Jenkinsfile$|(^|/)\.pre-commit-config\.yaml$|"
    r"(^|/)\.cirrus\.yml$|(^|/)appveyor\.yml$"
)
_TESTS = re.compile(r"(^|/)(tests?|testing|test_data|benches)/|(^|/)test_[^/]*$|_tests?\.\w+$|\.test\.\w+$")
_APP_DIRS = re.compile(
    r"(^|/)(examples?|demos?|samples?|apps?|scripts|tools|notebooks|bindings|\w+-examples|\w+-pyo3)/"
)
_APP_LANGUAGES = frozenset({"python", "swift", "go", "javascript", "typescript", "java", "kotlin", "ruby"})
_APP_EXT = frozenset({".py", ".pyi", ".ipynb", ".js", ".ts", ".tsx", ".jsx", ".java", ".kt", ".rb", ".swift", ".go"})
_TYPO = re.compile(r"(?i)\b(typos?|spelling|misspell\w*|grammar|wording|spell(ing)? (fix|check))\b")
_TYPO_MAX_LINES = 30
# A subject that says the change only reformats or lints (not "add GGUF format": format alone is not enough).
_REFORMAT = re.compile(
    r"(?i)\b(clang-?format\w*|rustfmt|cargo[ -]fmt|fmt|reformat\w*|formatting|formatter|format(ted)? code"
    r"|lint\w*|clippy|code style|coding style|style fix\w*|whitespace|indentation|prettier|pre-commit)\b|^format\b"
)
_REFORMAT_MIN_LINES = 10
_REFORMAT_MIN_BALANCE = 0.7  # min(added, removed) / max(added, removed): a reformat rewrites lines in place


def is_tests_path(path: str) -> bool:
    """A test, test-data or benchmark file by its path (tests/, test_x.py, x_test.cc, ...)."""
    return _TESTS.search(path) is not None


def file_class(repo: str, fc: FileChange, kernel_paths: frozenset[str] = frozenset()) -> str:
    """The file's class; a path in `kernel_paths` (Python holding Triton/CuTe/Pallas kernels) is systems code."""
    path = fc.path
    if fc.vendored:
        return "vendored"
    suffix = PurePosixPath(path).suffix.lower()
    name = PurePosixPath(path).name
    if _CI.search(path):
        return "ci"
    if (suffix in _DOC_EXT and not _NOT_DOCS.match(name)) or _DOC_NAMES.match(name):
        return "docs"
    language = fc.language or language_for(path)
    rule = classify_path(repo, path)
    if path in kernel_paths and rule in (None, "systems", "application") and not _TESTS.search(path):
        return "systems"  # Triton and other Python-hosted kernels are GPU work, wherever the repo keeps them
    if rule is not None:
        if rule == "systems" and (language in _APP_LANGUAGES or suffix in _APP_EXT):
            return "application"  # Python helpers inside a systems tree are still application code
        if rule == "systems" and language not in SYSTEMS_LANGUAGES and _TESTS.search(path) is None:
            return "other" if language is None else "application"
        return rule
    if _DOC_DIRS.search(path) and language not in SYSTEMS_LANGUAGES:
        return "docs"
    if _TESTS.search(path):
        return "tests"
    if language in SYSTEMS_LANGUAGES:
        return "application" if _APP_DIRS.search(path) else "systems"
    if language in _APP_LANGUAGES or suffix in _APP_EXT:
        return "application"
    return "other"


def classify_commit(commit: Commit, kernel_paths: frozenset[str] = frozenset()) -> CommitClass:
    """`kernel_paths`: Python files the detectors saw kernel bodies in (Triton and the like), counted as systems."""
    counts: dict[str, int] = {}
    classes: list[str] = []
    languages: set[str] = set()
    for fc in commit.files:
        cls = file_class(commit.repo, fc, kernel_paths)
        if cls == "vendored":
            continue
        classes.append(cls)
        counts[cls] = counts.get(cls, 0) + fc.added
        language = fc.language or language_for(fc.path)
        if cls not in ("docs", "ci") and language:
            languages.add(language)
    result = CommitClass(
        systems_lines=counts.get("systems", 0),
        app_lines=counts.get("application", 0),
        other_lines=sum(v for k, v in counts.items() if k not in ("systems", "application")),
    )
    if not classes:
        return result
    distinct = set(classes)
    result.docs_only = distinct == {"docs"}
    result.ci_only = distinct == {"ci"}
    result.tests_only = distinct == {"tests"}
    code_languages = languages & (SYSTEMS_LANGUAGES | _APP_LANGUAGES)
    result.python_only = code_languages == {"python"} and "systems" not in distinct
    total_added = sum(fc.added for fc in commit.files)
    result.typo_fix = bool(_TYPO.search(commit.subject)) and total_added <= _TYPO_MAX_LINES
    result.reformat = is_reformat(commit)
    return result


def is_reformat(commit: Commit) -> bool:
    """Formatting or lint only: the subject says so and about as many lines were removed as added."""
    if not _REFORMAT.search(commit.subject):
        return False
    added = sum(fc.added for fc in commit.files if not fc.vendored)
    removed = sum(fc.removed for fc in commit.files if not fc.vendored)
    if max(added, removed) < _REFORMAT_MIN_LINES:
        return False
    return min(added, removed) / max(added, removed) >= _REFORMAT_MIN_BALANCE


def flags(cc: CommitClass) -> frozenset[str]:
    """The classifications set on a CommitClass (python_only, docs_only, ci_only, typo_fix, tests_only)."""
    names = ("python_only", "docs_only", "ci_only", "typo_fix", "tests_only", "reformat")
    return frozenset(n for n in names if getattr(cc, n))
