from collections import Counter

from indexer.signals import DETECTORS
from indexer.signals.check import CLASSIFY, evaluate
from indexer.signals.labelled import load_cases
from models.settings import Settings
from models.taxonomy import SKILLS


def test_every_detector_has_ten_positives_and_ten_negatives() -> None:
    counts = Counter((c.detector, c.positive) for c in load_cases())
    for name in (*DETECTORS, CLASSIFY):
        assert counts[(name, True)] >= 10, name
        assert counts[(name, False)] >= 10, name


def test_every_detector_meets_precision_and_recall_on_the_labelled_set() -> None:
    scores = evaluate(Settings())
    low = {n: (round(s.precision, 2), round(s.recall, 2), s.misses) for n, s in scores.items()}
    assert all(s.precision >= 0.9 and s.recall >= 0.85 for s in scores.values()), low


def test_every_detector_feeds_a_taxonomy_skill() -> None:
    for name in DETECTORS:
        assert name in SKILLS and name in SKILLS[name].detectors, name
