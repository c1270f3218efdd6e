"""Every skill carries all its words beside it: a skill missing one cannot be added."""

import pytest

from indexer.signals import DETECTORS
from indexer.signals.labelled import load_cases
from models.taxonomy import SKILLS

# Skills fed from outside the code detectors (GitHub reviews come from indexer/github).
NON_CODE_DETECTORS = frozenset({"github_review"})


@pytest.mark.parametrize("key", sorted(SKILLS))
def test_skill_has_synonyms_anchors_phrase_and_a_detector(key: str) -> None:
    skill = SKILLS[key]
    assert skill.key == key
    assert skill.label and skill.description, key
    assert skill.synonyms, f"{key}: no synonyms a query can name it by"
    assert skill.anchors, f"{key}: no anchors for paraphrases"
    assert "{d}" in skill.phrase, f"{key}: the explanation phrase has no place for details"
    assert set(skill.soft) <= set(skill.synonyms), f"{key}: soft words must be synonyms"
    assert skill.detectors, f"{key}: no detector feeds it"
    for name in skill.detectors:
        assert name in DETECTORS or name in NON_CODE_DETECTORS, f"{key}: unknown detector {name}"


@pytest.mark.parametrize("key", sorted(k for k in SKILLS if set(SKILLS[k].detectors) & set(DETECTORS)))
def test_skill_detectors_have_labelled_positives_and_negatives(key: str) -> None:
    cases = [c for c in load_cases() if c.detector in SKILLS[key].detectors]
    assert sum(c.positive for c in cases) >= 10, key
    assert sum(not c.positive for c in cases) >= 10, key


def test_no_synonym_names_two_skills() -> None:
    owner: dict[str, str] = {}
    for key, skill in SKILLS.items():
        for word in skill.synonyms:
            assert owner.setdefault(word.lower(), key) == key, f"{word!r} names {owner[word.lower()]} and {key}"
