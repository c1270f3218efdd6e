"""A person's commits per month, overall and per repository, for the profile page's chart."""

from __future__ import annotations

from indexer.store import Store
from models.workspace import MonthCount, PersonActivity, RepoActivity


def person_activity(store: Store, person_id: str) -> PersonActivity:
    """Every month from the person's first to their last, months without commits as 0, in every series."""
    months, by_repo = store.people_month_counts(person_id)
    if not months:
        return PersonActivity(id=person_id)
    span = month_range(months[0][0], months[-1][0])
    per_repo: dict[str, dict[str, int]] = {}
    for repo, month, n in by_repo:
        per_repo.setdefault(repo, {})[month] = n
    return PersonActivity(
        id=person_id,
        months=_series(dict(months), span),
        repos=[
            RepoActivity(repo=repo, months=_series(counts, span))
            for repo, counts in sorted(per_repo.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
        ],
    )


def month_range(first: str, last: str) -> list[str]:
    """'YYYY-MM' months from `first` to `last`, both included."""
    year, month = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _series(counts: dict[str, int], span: list[str]) -> list[MonthCount]:
    return [MonthCount(month=m, commits=counts.get(m, 0)) for m in span]
