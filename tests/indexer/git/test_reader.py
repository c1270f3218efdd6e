import subprocess
from pathlib import Path

import pytest

from indexer.git import ReadReport, read_commits
from indexer.git.command import git_run
from models.settings import Settings

SETTINGS = Settings()


def gitrepo_git(path: Path, *args: str, input: bytes) -> str:
    return git_run(path, *args, input=input).stdout.decode().strip()


def read(path: Path, repo: str = "acme/engine", settings: Settings = SETTINGS) -> tuple[list, ReadReport]:
    report = ReadReport()
    return list(read_commits(path, repo, settings, report=report)), report


def test_added_lines_carry_new_file_line_numbers_and_counts(make_repo) -> None:
    repo = make_repo()
    repo.commit("add kernel", files={"src/k.cu": "a\nb\nc\nd\n"})
    repo.commit("tweak kernel", files={"src/k.cu": "a\nB\nc\nd\ne\n"})
    commits, report = read(repo.path)
    assert [c.subject for c in commits] == ["add kernel", "tweak kernel"]  # oldest first
    f = commits[1].files[0]
    assert (f.path, f.kind, f.language, f.added, f.removed) == ("src/k.cu", "modified", "cuda", 2, 1)
    assert f.added_lines == [(2, "B"), (5, "e")]
    assert commits[0].files[0].kind == "added"
    assert report.commits == 2 and report.files == 2


def test_author_committer_dates_and_full_message(make_repo) -> None:
    repo = make_repo()
    repo.commit(
        "subject line\n\nbody with detail",
        author=("Ben Okafor", "Ben.Okafor@Example.net"),
        date="2023-05-06T07:08:09+02:00",
        files={"a.rs": "fn main() {}\n"},
    )
    (c,), _ = read(repo.path)
    assert c.author.email == "ben.okafor@example.net" and c.author.name == "Ben Okafor"
    assert c.authored_at.isoformat() == "2023-05-06T07:08:09+02:00"
    assert c.message == "subject line\n\nbody with detail"
    assert c.committer is not None and c.committed_at is not None


def test_binary_files_are_flagged_without_text(make_repo) -> None:
    repo = make_repo()
    repo.commit("weights", files={"w.bin": bytes(range(256)) * 4, "x.py": "print(1)\n"})
    (c,), report = read(repo.path)
    binary = next(f for f in c.files if f.path == "w.bin")
    assert binary.binary and binary.added_lines == []
    assert report.binary == 1


def test_huge_file_keeps_counts_drops_text_and_is_reported(make_repo) -> None:
    repo = make_repo()
    repo.commit("generated table", files={"big.c": "".join(f"int x{i};\n" for i in range(2000)), "s.c": "int y;\n"})
    settings = Settings(max_file_bytes=1000)
    (c,), report = read(repo.path, settings=settings)
    big = next(f for f in c.files if f.path == "big.c")
    small = next(f for f in c.files if f.path == "s.c")
    assert big.truncated and big.added == 2000 and big.added_lines == []
    assert not small.truncated and small.added_lines == [(1, "int y;")]
    assert report.truncated == 1


def test_commit_cap_truncates_the_files_past_it(make_repo) -> None:
    repo = make_repo()
    body = "".join(f"int v{i};\n" for i in range(100))  # ~1 KB each
    repo.commit("many files", files={f"f{i}.c": body for i in range(5)})
    (c,), report = read(repo.path, settings=Settings(max_commit_bytes=2500))
    kept = [f for f in c.files if not f.truncated]
    assert len(kept) == 2 and all(len(f.added_lines) == 100 for f in kept)
    assert all(f.added == 100 for f in c.files)
    assert report.truncated == 3


def test_renames_keep_the_old_path(make_repo) -> None:
    repo = make_repo()
    text = "".join(f"line {i}\n" for i in range(30))
    repo.commit("add", files={"old/name.rs": text})
    (repo.path / "new").mkdir()
    repo.git("mv", "old/name.rs", "new/name.rs")
    repo.commit("move and edit", files={"new/name.rs": text + "extra\n"})
    commits, _ = read(repo.path)
    f = commits[1].files[0]
    assert (f.kind, f.path, f.old_path, f.added, f.removed) == ("renamed", "new/name.rs", "old/name.rs", 1, 0)
    assert f.added_lines == [(31, "extra")]


def test_non_utf8_text_message_and_name_are_decoded_with_replacement(make_repo, tmp_path: Path) -> None:
    repo = make_repo()
    repo.write("latin.c", b"/* caf\xe9 */\nint x;\n")
    repo.git("add", "-A")
    msg = tmp_path / "msg"
    msg.write_bytes(b"r\xe9sum\xe9 declared latin-1")
    repo.git(
        "-c",
        "i18n.commitEncoding=ISO-8859-1",
        "-c",
        "user.name=Zo\xe9",
        "-c",
        "user.email=z@example.org",
        "commit",
        "-q",
        "-F",
        str(msg),
    )
    # git commit would re-encode a bad message; write the object by hand, as old or foreign tools did.
    tree, parent = repo.git("write-tree"), repo.git("rev-parse", "HEAD")
    raw = (
        f"tree {tree}\nparent {parent}\n".encode()
        + b"author Zo\xe9 Quill <zoe@example.org> 1700000000 +0000\n"
        + b"committer Zo\xe9 Quill <zoe@example.org> 1700000000 +0000\n\nraw \xff\xfe bytes\n"
    )
    sha = gitrepo_git(repo.path, "hash-object", "-t", "commit", "-w", "--stdin", input=raw)
    repo.git("update-ref", "HEAD", sha)
    (first, second), _ = read(repo.path)
    f = first.files[0]
    assert f.added_lines == [(1, "/* caf\ufffd */"), (2, "int x;")]
    assert first.subject == "r\xe9sum\xe9 declared latin-1"  # re-encoded by git from its declared encoding
    assert second.subject == "raw \ufffd\ufffd bytes"  # undeclared bytes: replaced, not fatal
    assert second.author.name == "Zo\ufffd Quill"


def test_empty_repository_yields_nothing(make_repo) -> None:
    repo = make_repo()
    commits, report = read(repo.path)
    assert commits == [] and report.total == 0


def test_shallow_clone_reads_what_it_has_and_skips_the_edge_diff(make_repo, tmp_path: Path) -> None:
    repo = make_repo()
    for i in range(4):
        repo.commit(f"c{i}", files={"a.c": "".join(f"int a{j};\n" for j in range(i + 1))})
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone)], check=True)
    commits, report = read(clone)
    assert [c.subject for c in commits] == ["c2", "c3"]
    assert commits[0].files == []  # the edge commit would look like a whole-tree addition
    assert commits[1].files[0].added_lines == [(4, "int a3;")]
    assert report.shallow_boundary == 1


def test_submodule_pointer_is_flagged(make_repo) -> None:
    repo = make_repo()
    repo.commit("base", files={"a.c": "int a;\n"})
    sha = repo.git("rev-parse", "HEAD")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{sha},deps/lib")
    repo.git("-c", "user.name=Ada Quill", "-c", "user.email=ada@example.org", "commit", "-q", "-m", "add submodule")
    commits, report = read(repo.path)
    sub = commits[1].files[0]
    assert sub.path == "deps/lib" and sub.submodule and sub.added_lines == [] and sub.language is None
    assert report.submodules == 1


@pytest.mark.parametrize(
    ("path", "vendored"),
    [
        ("third_party/zlib/inflate.c", True),
        ("vendor/lib.rs", True),
        ("external/x/y.cc", True),
        ("web/app.min.js", True),
        ("proto/model.pb.cc", True),
        ("proto/model.pb.h", True),
        ("py/model_pb2.py", True),
        ("Cargo.lock", True),
        ("src/generated/tables.c", True),
        ("src/kernels/matmul.cu", False),
        ("docs/vendor-notes.md", False),
    ],
)
def test_vendored_and_generated_paths_are_marked(make_repo, path: str, vendored: bool) -> None:
    repo = make_repo()
    repo.commit("add", files={path: "int x = 1;\n"})
    (c,), report = read(repo.path)
    assert c.files[0].vendored is vendored
    assert (c.files[0].added_lines == []) is vendored  # vendored text is never kept for detection
    assert report.vendored == int(vendored)


def test_missing_blob_is_skipped_and_the_rest_of_history_is_read(make_repo) -> None:
    repo = make_repo()
    repo.commit("one", files={"a.c": "int a;\n"})
    repo.commit("two", files={"big.c": "int lost;\n", "b.c": "int b;\n"})
    repo.commit("three", files={"c.c": "int c;\n"})
    repo.commit("four", files={"big.c": "int lost2;\n"})
    blob = repo.git("rev-parse", "HEAD~2:big.c")
    (repo.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    commits, report = read(repo.path)
    assert [c.subject for c in commits] == ["one", "two", "three", "four"]
    two = {f.path: f for f in commits[1].files}
    assert two["big.c"].unreadable and not two["b.c"].unreadable
    assert two["b.c"].added_lines == [(1, "int b;")]
    four = commits[3].files[0]
    assert four.unreadable and four.path == "big.c"  # its old side is the missing blob
    assert commits[2].files[0].added_lines == [(1, "int c;")]
    assert report.unreadable == 2 and len(report.damaged_commits) >= 2


def test_patch_id_matches_git_patch_id_stable(make_repo) -> None:
    repo = make_repo()
    repo.commit("base", files={"a.c": "int a;\nint b;\n", "b.rs": "fn f() {}\n"})
    repo.commit("change", files={"a.c": "int a;\nint  c;\n", "b.rs": "fn f() { g(); }\n", "new.py": "x = 1\n"})
    commits, _ = read(repo.path)
    for c in commits:
        show = subprocess.run(["git", "-C", str(repo.path), "show", c.sha], capture_output=True, check=True).stdout
        expected = subprocess.run(["git", "patch-id", "--stable"], input=show, capture_output=True, check=True)
        assert c.patch_id == expected.stdout.split()[0].decode()


def test_patch_id_ignores_whitespace_and_file_order_but_not_content(make_repo) -> None:
    a, b = make_repo("a"), make_repo("b")
    a.commit("x", files={"k.c": "int  x = 1;\n", "m.c": "int y;\n"})
    b.commit("y", files={"m.c": "int y;\n", "k.c": "int x =\t1;\n"})
    (ca,), _ = read(a.path)
    (cb,), _ = read(b.path)
    assert ca.patch_id == cb.patch_id
    b.commit("z", files={"k.c": "int x = 2;\n"})
    _, cz = read(b.path)[0]
    assert cz.patch_id != ca.patch_id


def test_empty_commit_has_no_patch_id(make_repo) -> None:
    repo = make_repo()
    repo.commit("nothing")
    (c,), _ = read(repo.path)
    assert c.files == [] and c.patch_id is None


def test_co_authored_by_trailers(make_repo) -> None:
    repo = make_repo()
    repo.commit(
        "pair on allocator\n\nCo-authored-by: Ben Okafor <Ben.Okafor@example.net>\n"
        "co-authored-by: Ada Quill <ada@example.org>\nCo-authored-by: Cy Dorn <cy@example.com>",
        files={"alloc.cpp": "void* a();\n"},
    )
    (c,), _ = read(repo.path)
    assert [(i.name, i.email) for i in c.co_authors] == [
        ("Ben Okafor", "ben.okafor@example.net"),
        ("Cy Dorn", "cy@example.com"),
    ]  # the author is not their own co-author


def test_merge_commits_are_left_out(make_repo) -> None:
    repo = make_repo()
    repo.commit("base", files={"a.c": "int a;\n"})
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("side work", files={"b.c": "int b;\n"})
    repo.git("checkout", "-q", "main")
    repo.commit("main work", files={"c.c": "int c;\n"})
    repo.git("-c", "user.name=Ada Quill", "-c", "user.email=ada@example.org", "merge", "-q", "--no-edit", "side")
    commits, _ = read(repo.path)
    assert sorted(c.subject for c in commits) == ["base", "main work", "side work"]


def test_paths_with_spaces_and_unicode(make_repo) -> None:
    repo = make_repo()
    repo.commit("odd names", files={"dir with space/ké rnel.cu": "int k;\n", "tab\there.c": "int t;\n"})
    (c,), _ = read(repo.path)
    assert sorted(f.path for f in c.files) == ["dir with space/ké rnel.cu", "tab\there.c"]
    assert all(f.added_lines for f in c.files)


def test_bare_repository_is_read(make_repo, tmp_path: Path) -> None:
    repo = make_repo()
    repo.commit("one", files={"a.rs": "fn a() {}\n"})
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.path), str(bare)], check=True)
    (c,), _ = read(bare)
    assert c.files[0].added_lines == [(1, "fn a() {}")]


def test_nothing_from_the_repository_is_executed(make_repo, tmp_path: Path) -> None:
    repo = make_repo()
    marker = tmp_path / "ran"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\necho converted\n")
    script.chmod(0o755)
    for key, value in (
        ("core.fsmonitor", str(script)),
        ("diff.evil.textconv", str(script)),
        ("diff.external", str(script)),
        ("core.pager", str(script)),
    ):
        repo.git("config", key, value)
    repo.write(".gitattributes", "*.c diff=evil\n")
    repo.write(".git/hooks/post-checkout", f"#!/bin/sh\ntouch {marker}\n")
    (repo.path / ".git/hooks/post-checkout").chmod(0o755)
    repo.commit("one", files={"a.c": "int a;\n"})
    marker.unlink(missing_ok=True)
    commits, _ = read(repo.path)
    assert not marker.exists()
    assert {f.path for f in commits[0].files} == {".gitattributes", "a.c"}


def test_many_damaged_commits_are_sorted_up_front_and_the_readable_rest_is_diffed(make_repo) -> None:
    repo = make_repo()
    for i in range(30):
        files = {f"lost{i}.c": f"int lost{i};\n", f"kept{i}.c": f"int kept{i};\n"} if i < 20 else {}
        repo.commit(f"c{i}", files=files or {f"late{i}.rs": f"fn late{i}() {{}}\n"})
    for i in range(20):
        blob = repo.git("rev-parse", f"HEAD:lost{i}.c")
        (repo.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    commits, report = read(repo.path)
    assert sorted(c.subject for c in commits) == sorted(f"c{i}" for i in range(30))  # every commit, once
    by_subject = {c.subject: c for c in commits}
    for i in range(20):
        files = {f.path: f for f in by_subject[f"c{i}"].files}
        assert files[f"lost{i}.c"].unreadable
        assert files[f"kept{i}.c"].added_lines == [(1, f"int kept{i};")]
    for i in range(20, 30):
        assert by_subject[f"c{i}"].files[0].added_lines == [(1, f"fn late{i}() {{}}")]
    assert report.unreadable == 20 and len(report.damaged_commits) == 20 and report.commits == 30


def test_blobless_partial_clone_reads_every_commit_without_fetching(make_repo, tmp_path: Path) -> None:
    repo = make_repo()
    for i in range(24):
        repo.commit(f"c{i}", files={f"f{i % 5}.cpp": f"int v{i};\n"})
    clone = tmp_path / "partial.git"
    subprocess.run(
        [
            "git",
            "clone",
            "-q",
            "--bare",
            "--filter=blob:none",
            "--upload-pack=git -c uploadpack.allowFilter=true upload-pack",
            f"file://{repo.path}",
            str(clone),
        ],
        check=True,
    )
    commits, report = read(clone)
    assert len(commits) == 24 and report.commits == 24
    assert all(f.unreadable and not f.added_lines for c in commits for f in c.files)
    assert report.unreadable == 24


def _drop(repo, oid: str) -> None:
    (repo.path / ".git" / "objects" / oid[:2] / oid[2:]).unlink()


def test_missing_tree_skips_that_commit_s_files_and_reads_the_rest(make_repo) -> None:
    repo = make_repo()
    repo.commit("one", files={"a.c": "int a;\n"})
    repo.commit("two", files={"sub/b.c": "int b;\n"})
    repo.commit("three", files={"c.c": "int c;\n"})
    _drop(repo, repo.git("rev-parse", "HEAD~1:sub"))  # a subtree only commit two's tree holds
    commits, report = read(repo.path)
    assert [c.subject for c in commits] == ["one", "two", "three"]
    assert commits[2].files[0].added_lines == [(1, "int c;")]
    assert report.damaged_commits


def test_missing_root_tree_keeps_the_commit_without_files(make_repo) -> None:
    repo = make_repo()
    repo.commit("one", files={"a.c": "int a;\n"})
    repo.commit("two", files={"a.c": "int a2;\n"})
    repo.commit("three", files={"c.c": "int c;\n"})
    _drop(repo, repo.git("rev-parse", "HEAD~1^{tree}"))
    commits, report = read(repo.path)
    assert [c.subject for c in commits] == ["one", "two", "three"]
    assert commits[1].files == [] and commits[0].files[0].added_lines == [(1, "int a;")]
    assert report.damaged_commits


def test_missing_commit_object_reads_what_is_still_reachable(make_repo) -> None:
    repo = make_repo()
    for name in ("one", "two", "three", "four"):
        repo.commit(name, files={f"{name}.c": f"int {name};\n"})
    _drop(repo, repo.git("rev-parse", "HEAD~2"))  # "two": "one" is only reachable through it
    commits, report = read(repo.path)
    assert [c.subject for c in commits] == ["three", "four"]
    assert commits[0].files == []  # its parent is gone: like a shallow edge, who and when but no diff
    assert commits[1].files[0].added_lines == [(1, "int four;")]
    assert report.missing_commits == 1 and report.skipped()["missing_commits"] == 1
