from pathlib import Path

import gitrepo  # tests/support, on pytest's pythonpath
import pytest

import indexer.pipeline as pipeline
from indexer.identity import Decisions, assign_people, contributors, is_bot, noreply_login, resolve, resolve_people
from indexer.pipeline import index_repo
from indexer.signals import Detection
from indexer.store import Store
from models.settings import Settings


def people(counts, logins=None, mailmap=()):
    return assign_people([(e, n, c) for e, n, c in counts], logins or {}, list(mailmap))


@pytest.mark.parametrize(
    ("email", "login"),
    [
        ("12345+ada-q@users.noreply.github.com", "ada-q"),
        ("ada-q@users.noreply.github.com", "ada-q"),
        ("Ada-Q@Users.Noreply.GitHub.com", "ada-q"),
        ("ada@example.org", None),
        ("x@noreply.github.com", None),
    ],
)
def test_noreply_addresses_give_the_login(email: str, login: str | None) -> None:
    assert noreply_login(email) == login


def test_noreply_identities_become_gh_ids_and_merge_with_known_logins() -> None:
    ids = people(
        [
            ("12345+adaq@users.noreply.github.com", "Ada Quill", 3),
            ("adaq@users.noreply.github.com", "adaq", 1),
            ("ada@work.example.com", "Ada Q", 5),
        ],
        logins={"ada@work.example.com": "adaq"},
    )
    assert set(ids.values()) == {"gh:adaq"}


def test_mailmap_merges_aliases_into_the_canonical_person() -> None:
    ids = people(
        [("ben@old.example.net", "benny", 2), ("ben.okafor@example.net", "Ben Okafor", 9)],
        mailmap=[("ben@old.example.net", "", "ben.okafor@example.net", "Ben Okafor")],
    )
    assert set(ids.values()) == {"ben.okafor@example.net"}


def test_same_name_merges_on_the_same_local_part() -> None:
    ids = people([("cy.dorn@example.com", "Cy Dorn", 4), ("cy.dorn@lab.example.org", "Cy  Dörn", 1)])
    assert len(set(ids.values())) == 1
    assert ids[("cy.dorn@lab.example.org", "Cy  Dörn")] == "cy.dorn@example.com"  # the most-used email


def test_two_people_with_the_same_name_and_unrelated_emails_stay_apart() -> None:
    ids = people([("alex.kim@example.com", "Alex Kim", 4), ("akim@other.example.org", "Alex Kim", 3)])
    assert len(set(ids.values())) == 2


def test_same_name_merges_when_both_landed_changes_in_one_repo() -> None:
    counts = [("ada@corp.example.com", "Ada Quill", 6), ("ada.q@home.example.org", "Ada Quill", 2)]
    shared = {(e, n): {"acme/kernels"} for e, n, _ in counts}
    assert len(set(assign_people(counts, {}, [], shared).values())) == 1
    apart = {counts[0][:2]: {"acme/kernels"}, counts[1][:2]: {"other/web"}}
    assert len(set(assign_people(counts, {}, [], apart).values())) == 2


def test_the_same_name_in_another_word_order_is_the_same_name() -> None:
    ids = people([("dana@corp.example.com", "Dana Voss", 5), ("77+dvoss@users.noreply.github.com", "Voss Dana", 2)])
    assert set(ids.values()) == {"gh:dvoss"}
    counts = [("dana@corp.example.com", "Dana Voss", 5), ("dv@home.example.org", "Voss Dana", 2)]
    shared = {(e, n): {"acme/kernels"} for e, n, _ in counts}
    assert len(set(assign_people(counts, {}, [], shared).values())) == 1


def test_the_same_words_in_another_order_still_need_more_than_the_name() -> None:
    ids = people([("dana@corp.example.com", "Dana Voss", 5), ("dv@home.example.org", "Voss Dana", 2)])
    assert len(set(ids.values())) == 2


def test_same_name_same_repository_counts_every_repository_an_address_landed_in() -> None:
    counts = [
        ("mq@home.example.org", "Mika", 30),  # mostly a first name, in both repositories
        ("mq@home.example.org", "Mika Quill", 6),  # the full name only in one
        ("mika.quill@uni.example.edu", "Mika Quill", 2),  # the full name only in the other
    ]
    landed = {counts[0][:2]: {"acme/kernels", "acme/tokens"}, counts[1][:2]: {"acme/kernels"}}
    assert len(set(assign_people(counts, {}, [], {**landed, counts[2][:2]: {"acme/tokens"}}).values())) == 1
    assert len(set(assign_people(counts, {}, [], {**landed, counts[2][:2]: {"other/web"}}).values())) == 2


def test_a_full_name_on_a_machine_address_joins_the_same_name_in_the_same_repository() -> None:
    counts = [("ada@adas-laptop.local", "Ada Quill", 3), ("ada.q@mail.example.org", "Ada Quill", 40)]
    shared = {(e, n): {"acme/kernels"} for e, n, _ in counts}
    assert len(set(assign_people(counts, {}, [], shared).values())) == 1


def test_a_placeholder_address_still_keeps_its_people_apart_in_one_repository() -> None:
    counts = [
        ("root@localhost", "Eve Stone", 2),
        ("root@localhost", "Finn Hale", 2),
        ("eve@stone.example.org", "Eve Stone", 9),
        ("finn@hale.example.net", "Finn Hale", 7),
    ]
    shared = {(e, n): {"acme/kernels"} for e, n, _ in counts}
    ids = assign_people(counts, {}, [], shared)
    assert ids[("root@localhost", "Eve Stone")] == ids[("eve@stone.example.org", "Eve Stone")]
    assert ids[("root@localhost", "Finn Hale")] == ids[("finn@hale.example.net", "Finn Hale")]
    assert ids[("eve@stone.example.org", "Eve Stone")] != ids[("finn@hale.example.net", "Finn Hale")]


def test_a_placeholder_name_from_a_setup_guide_never_merges() -> None:
    counts = [
        ("you@example.com", "Your Name", 1),
        ("your@email.com", "Your Name", 1),
        ("k@x.example.org", "Your Name", 1),
    ]
    shared = {(e, n): {"acme/kernels"} for e, n, _ in counts}
    assert len(set(assign_people(counts, {}, [], shared).values())) == 3


@pytest.mark.parametrize(
    ("work", "home"),
    [
        (("ada.quill@corp.example.com", "Ada B Quill"), ("quill.ada@home.example.org", "Ada Quill")),
        (("ada.quill@corp.example.com", "Ada Quill"), ("ada_quill@home.example.org", "Ada Quill")),
        (("quill.ada@corp.example.com", "Quill Ada Bea"), ("ada-quill@home.example.org", "Ada Quill")),
    ],
)
def test_local_parts_of_the_same_words_join_a_name_within_the_other(
    work: tuple[str, str], home: tuple[str, str]
) -> None:
    ids = people([(*work, 30), (*home, 4)])
    assert len(set(ids.values())) == 1
    _, weak, _ = resolve_people([(*work, 30), (*home, 4)], {}, [])
    assert [m.rule for m in weak] == ["one name within the other, same local part words"]


@pytest.mark.parametrize(
    "other",
    [
        ("quill.ada@home.example.org", "Alan Quill"),  # another given name
        ("quill.ada@home.example.org", "A Quill"),  # an initial alone is not enough here
        ("quill.ada@home.example.org", "quillada"),  # no full name: says nothing
        ("ada.quill.two@home.example.org", "Ada B Quill"),  # other local part words
    ],
)
def test_local_parts_of_the_same_words_keep_other_names_apart(other: tuple[str, str]) -> None:
    ids = people([("ada.quill@corp.example.com", "Ada Quill", 30), (*other, 4)])
    assert len(set(ids.values())) == 2


def test_shared_repo_never_merges_two_github_logins() -> None:
    counts = [("1+kim-a@users.noreply.github.com", "Alex Kim", 2), ("2+kim-b@users.noreply.github.com", "Alex Kim", 2)]
    shared = {(e, n): {"acme/kernels"} for e, n, _ in counts}
    assert set(assign_people(counts, {}, [], shared).values()) == {"gh:kim-a", "gh:kim-b"}


def test_a_single_token_name_alone_never_merges() -> None:
    ids = people([("dev@a.example.com", "dev", 1), ("dev@b.example.com", "dev", 1)])
    assert len(set(ids.values())) == 2
    counts = [("alex@one.example.com", "Alex", 9), ("alex.b@two.example.org", "Alex", 4)]  # two Alexes, one repo
    shared = {(e, n): {"acme/kernels"} for e, n, _ in counts}
    assert len(set(assign_people(counts, {}, [], shared).values())) == 2


def _in_one_repo(counts, logins=None, repo="acme/kernels"):
    return assign_people(counts, logins or {}, [], {(e, n): {repo} for e, n, _ in counts})


def test_a_handle_with_digits_joins_two_addresses_in_one_repository() -> None:
    counts = [("kay.lee@corp.example.com", "K4yLee", 12), ("kl@home.example.org", "K4yLee", 3)]
    assert len(set(_in_one_repo(counts).values())) == 1
    assert len(set(assign_people(counts, {}, [], {counts[0][:2]: {"acme/a"}, counts[1][:2]: {"acme/b"}}).values())) == 2
    three = [*counts, ("k4@lab.example.net", "K4yLee", 2)]  # three addresses: not clearly one account holder
    assert len(set(_in_one_repo(three).values())) == 3
    stray = [counts[0], ("bob@beta.example.net", "Bob Beta", 20), ("bob@beta.example.net", "K4yLee", 1)]
    ids = _in_one_repo(stray)  # one commit under a colleague's handle is not the address's own name
    assert ids[stray[0][:2]] != ids[stray[1][:2]]


@pytest.mark.parametrize("handle", ["user42", "dev1", "4242"])
def test_a_generic_or_short_handle_with_digits_does_not_join(handle: str) -> None:
    counts = [("kay.lee@corp.example.com", handle, 12), ("kl@home.example.org", handle, 3)]
    assert len(set(_in_one_repo(counts).values())) == 2


def test_a_handle_that_is_one_sides_github_login_joins_the_address_committing_under_it() -> None:
    counts = [("55+quillfish@users.noreply.github.com", "QuillFish", 14), ("kay@home.example.org", "QuillFish", 4)]
    assert set(_in_one_repo(counts).values()) == {"gh:quillfish"}


def test_a_github_login_that_is_a_given_name_does_not_join_by_the_name() -> None:
    counts = [
        ("55+mika@users.noreply.github.com", "mika", 14),
        ("mika@corp.example.com", "mika", 4),  # maybe another Mika
        ("mika.quill@uni.example.edu", "Mika Quill", 2),  # 'mika' is a given name in this index
    ]
    ids = _in_one_repo(counts)
    assert ids[counts[0][:2]] != ids[counts[1][:2]]


@pytest.mark.parametrize(
    "pair",
    [
        (("git@zorbix.example", "Kay"), ("zorbix@mail.example.org", "Kay")),  # a local part is the other's domain
        (("kay@zorbix.example", "zorbix"), ("lee@zorbix.example", "zorbix")),  # a domain named after the handle
    ],
)
def test_addresses_that_name_one_account_holder_join_on_the_handle(pair) -> None:
    counts = [(*pair[0], 20), (*pair[1], 8)]
    assert len(set(_in_one_repo(counts).values())) == 1
    apart = {counts[0][:2]: {"acme/a"}, counts[1][:2]: {"acme/b"}}
    assert len(set(assign_people(counts, {}, [], apart).values())) == 2


@pytest.mark.parametrize(
    "pair",
    [
        (("alex@corp.example.com", "Alex"), ("a.b@corp.example.com", "Alex")),  # colleagues at one company
        (("git@li.example", "Li"), ("li@mail.example.org", "Li")),  # too short to be a handle of its own
        (("git@zorbix.example", "Kay"), ("zorbix@mail.example.org", "Lee")),  # not the same name
    ],
)
def test_a_shared_domain_or_a_short_word_does_not_join_handles(pair) -> None:
    counts = [(*pair[0], 20), (*pair[1], 8)]
    assert len(set(_in_one_repo(counts).values())) == 2


def test_same_name_with_exactly_one_github_linked_identity_merges() -> None:
    ids = people([("dana@corp.example.com", "Dana Voss", 5), ("77+dvoss@users.noreply.github.com", "Dana Voss", 2)])
    assert set(ids.values()) == {"gh:dvoss"}


def test_same_name_noreply_link_is_not_used_when_it_is_ambiguous() -> None:
    ids = people(
        [
            ("alex@one.example.com", "Alex Kim", 2),
            ("ak@two.example.com", "Alex Kim", 2),
            ("9+alexk@users.noreply.github.com", "Alex Kim", 1),
        ]
    )
    assert len(set(ids.values())) == 3


def test_two_github_logins_are_never_merged_by_name() -> None:
    ids = people(
        [("1+kim-a@users.noreply.github.com", "Alex Kim", 2), ("2+kim-b@users.noreply.github.com", "Alex Kim", 2)]
    )
    assert set(ids.values()) == {"gh:kim-a", "gh:kim-b"}


def test_placeholder_emails_do_not_merge_different_people() -> None:
    ids = people([("root@localhost", "Eve Stone", 1), ("root@localhost", "Finn Hale", 1)])
    assert len(set(ids.values())) == 2


@pytest.mark.parametrize(
    ("email", "name"),
    [
        ("49699333+dependabot[bot]@users.noreply.github.com", "dependabot[bot]"),
        ("github-actions[bot]@users.noreply.github.com", "github-actions[bot]"),
        ("bot@renovateapp.com", "Renovate Bot"),
        ("noreply@github.com", "GitHub"),
        ("ci@corp.example.com", "CI"),
        ("build@corp.example.com", "release-bot"),
    ],
)
def test_bots_are_nobody(email: str, name: str) -> None:
    assert is_bot(email, name)
    assert people([(email, name, 3)])[(email, name)] == ""


def test_people_are_not_bots() -> None:
    assert not is_bot("github@ada.example.org", "Ada Quill")
    assert not is_bot("abbot@example.org", "Cy Abbot")


def _no_detect(commit, settings):
    return Detection()


def test_resolve_over_an_index_credits_co_authors_and_reports_changes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "detect_commit", _no_detect)
    repo = gitrepo.Repo(tmp_path / "r")
    repo.commit("a", author=("Ada Quill", "ada@example.org"), files={"a.c": "int a;\n"})
    repo.commit(
        "b\n\nCo-authored-by: Ben Okafor <ben.okafor@example.net>",
        author=("Ada Quill", "31+adaq@users.noreply.github.com"),
        files={"b.c": "int b;\n"},
    )
    repo.commit(
        "c",
        author=("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
        files={"Cargo.lock": "x\n"},
    )
    store = Store.open(tmp_path / "d" / "scout.db")
    index_repo(store, repo.path, "acme/engine", Settings(), progress=False)
    changed = resolve(store)
    assert changed == {"gh:adaq", "ben.okafor@example.net"}
    assert store.login_map()["31+adaq@users.noreply.github.com"] == "adaq"
    assert resolve(store) == set()  # nothing new: nothing changed
    listing = {p.id: p for p in contributors(store)}
    assert set(listing) == {"gh:adaq", "ben.okafor@example.net"}  # the bot is nobody
    ada = listing["gh:adaq"]
    assert ada.commits == 2 and ada.repos == {"acme/engine": 2} and ada.name == "Ada Quill"
    assert ada.emails == ["31+adaq@users.noreply.github.com", "ada@example.org"]
    assert listing["ben.okafor@example.net"].commits == 1
    assert contributors(store, "acme/other") == []


def test_mailmap_from_the_repo_merges_people_after_indexing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "detect_commit", _no_detect)
    repo = gitrepo.Repo(tmp_path / "r")
    repo.commit("old laptop", author=("gus", "gus@laptop.example.org"), files={"a.c": "int a;\n"})
    repo.commit("new job", author=("Gus Marlow", "gus.marlow@corp.example.com"), files={"b.c": "int b;\n"})
    repo.commit(
        "mailmap",
        author=("Gus Marlow", "gus.marlow@corp.example.com"),
        files={".mailmap": "Gus Marlow <gus.marlow@corp.example.com> <gus@laptop.example.org>\n"},
    )
    store = Store.open(tmp_path / "d" / "scout.db")
    index_repo(store, repo.path, "acme/engine", Settings(), progress=False)
    resolve(store)
    (gus,) = contributors(store)
    assert gus.id == "gus.marlow@corp.example.com" and gus.commits == 3
    assert gus.emails == ["gus.marlow@corp.example.com", "gus@laptop.example.org"]


@pytest.mark.parametrize("bob_email", ["88+bobbeta@users.noreply.github.com", "bob@beta.example.net"])
def test_one_commit_with_one_maintainers_name_and_the_others_address_does_not_merge_them(bob_email: str) -> None:
    counts = [
        ("ann@alpha.example.com", "Ann Alpha", 470),
        (bob_email, "Bob Beta", 20),
        (bob_email, "Ann Alpha", 1),  # the stray commit: Ann's name, Bob's address
    ]
    shared = {(e, n): {"acme/burn"} for e, n, _ in counts}
    ids = assign_people(counts, {}, [], shared)
    assert ids[("ann@alpha.example.com", "Ann Alpha")] != ids[(bob_email, "Bob Beta")]
    assert ids[(bob_email, "Ann Alpha")] == ids[(bob_email, "Bob Beta")]  # the address decides, not the name


def test_a_merge_chain_does_not_pass_through_an_address_two_people_worked_under() -> None:
    counts = [
        ("team@lab.example.org", "Ann Alpha", 30),
        ("team@lab.example.org", "Bob Beta", 25),
        ("ann@alpha.example.com", "Ann Alpha", 40),
        ("bob@beta.example.net", "Bob Beta", 12),
    ]
    shared = {(e, n): {"acme/burn"} for e, n, _ in counts}
    ids = assign_people(counts, {}, [], shared)
    assert ids[("team@lab.example.org", "Ann Alpha")] == ids[("ann@alpha.example.com", "Ann Alpha")]
    assert ids[("team@lab.example.org", "Bob Beta")] == ids[("bob@beta.example.net", "Bob Beta")]
    assert ids[("ann@alpha.example.com", "Ann Alpha")] != ids[("bob@beta.example.net", "Bob Beta")]


def test_identities_with_substantial_work_under_different_names_never_merge_by_a_name_rule() -> None:
    counts = [
        ("ann@alpha.example.com", "Ann Alpha", 40),
        ("ann@alpha.example.com", "Cy Dorn", 3),  # pairing commits under a colleague's name
        ("cy@dorn.example.org", "Cy Dorn", 9),
        ("cy@dorn.example.org", "Ann Alpha", 1),
    ]
    shared = {(e, n): {"acme/burn"} for e, n, _ in counts}
    ids = assign_people(counts, {}, [], shared)
    assert len({ids[("ann@alpha.example.com", "Ann Alpha")], ids[("cy@dorn.example.org", "Cy Dorn")]}) == 2


@pytest.mark.parametrize(
    ("work", "personal"),
    [
        (("dana.voss@corp.example.com", "Dana Voss"), ("dvoss@home.example.org", "Dana Voß")),
        (("dana.voss@corp.example.com", "DANA VOSS"), ("dvoss@home.example.org", "dana voss")),
        (("dana.voss@corp.example.com", "Voss, Dana"), ("dvoss@home.example.org", "Dana Voss")),
        (("dana.voss@corp.example.com", "danavoss"), ("dvoss@home.example.org", "Dana Voss")),
    ],
)
def test_one_person_at_work_and_home_still_merges(work: tuple[str, str], personal: tuple[str, str]) -> None:
    counts = [(*work, 30), (*personal, 4), (work[0], "Dana Voss", 2)]
    shared = {(e, n): {"acme/burn"} for e, n, _ in counts}
    assert len(set(assign_people(counts, {}, [], shared).values())) == 1


def test_a_handle_and_a_full_name_on_one_address_are_one_person() -> None:
    counts = [("dv@corp.example.com", "dvx", 50), ("dv@corp.example.com", "Dana Voss", 20)]
    assert len(set(people(counts).values())) == 1


def test_a_repositorys_mailmap_maps_only_its_own_history() -> None:
    counts = [("gus@laptop.example.org", "gus", 2), ("gus.marlow@corp.example.com", "Gus Marlow", 9)]
    row = ("gus@laptop.example.org", "", "gus.marlow@corp.example.com", "Gus Marlow")
    landed = {counts[0][:2]: {"acme/engine"}, counts[1][:2]: {"acme/engine"}}
    assert len(set(assign_people(counts, {}, [("acme/engine", *row)], landed).values())) == 1
    assert len(set(assign_people(counts, {}, [("other/web", *row)], landed).values())) == 2


def test_hand_decisions_override_the_rules() -> None:
    counts = [("ann@alpha.example.com", "Ann Alpha", 40), ("a.alpha@lab.example.org", "Ann Alpha", 3)]
    shared = {(e, n): {"acme/burn"} for e, n, _ in counts}
    assert len(set(assign_people(counts, {}, [], shared).values())) == 1
    split = Decisions(splits=(("a.alpha@lab.example.org", "a.alpha@lab.example.org"),))
    assert len(set(assign_people(counts, {}, [], shared, split).values())) == 2
    apart = [("ann@alpha.example.com", "Ann Alpha", 40), ("bob@beta.example.net", "Bob Beta", 3)]
    merge = Decisions(merges=(("ann@alpha.example.com", "bob@beta.example.net"),))
    assert set(assign_people(apart, {}, [], None, merge).values()) == {"ann@alpha.example.com"}


def test_name_rule_merges_are_reported_with_their_rule() -> None:
    counts = [("ann@alpha.example.com", "Ann Alpha", 40), ("ann@lab.example.org", "Ann Alpha", 3)]
    _, weak, _ = resolve_people(counts, {}, [])
    assert [m.rule for m in weak] == ["same name, same address local part"]
    _, strong, _ = resolve_people(counts, {}, [("ann@lab.example.org", "", "ann@alpha.example.com", "")])
    assert strong == []
