"""How an EvalReport reads: the terminal tables and the Markdown report."""

from __future__ import annotations

from eval.harness import SCOUT, EvalReport, QueryOutcome, top_judged
from eval.metrics import METRICS
from models.records import Interpretation

HEADERS = ("nDCG@10", "P@10", "MRR", "MAP", "Recall@50")


def _table(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(x) for x in col) for col in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 or i == len(cells) - 1 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def systems_table(report: EvalReport, markdown: bool = False) -> str:
    rows = [[name] + [f"{s.mean[m]:.3f}" for m in METRICS] for name, s in report.systems.items()]
    return _table(["system", *HEADERS], rows, markdown)


def worst_first(report: EvalReport) -> list[QueryOutcome]:
    scout = report.systems[SCOUT]
    return sorted(scout.outcomes.values(), key=lambda o: (o.scores["ndcg@10"], o.query.id))


def per_query_table(report: EvalReport, markdown: bool = False, width: int = 60) -> str:
    """Scout's nDCG@10 per query beside the best baseline on that query, worst first."""
    baselines = [(n, s) for n, s in report.systems.items() if n != SCOUT]
    header = ["query", "Scout nDCG@10"] + (["best baseline nDCG@10"] if baselines else []) + ["relevant", "text"]
    rows = []
    for o in worst_first(report):
        row = [o.query.id, f"{o.scores['ndcg@10']:.3f}"]
        if baselines:
            name, value = max(
                ((n, s.outcomes[o.query.id].scores["ndcg@10"]) for n, s in baselines), key=lambda nv: nv[1]
            )
            row.append(f"{value:.3f} ({name})")
        text = o.query.text if len(o.query.text) <= width else o.query.text[: width - 1] + "…"
        row += [str(o.judgement.relevant), text]
        rows.append(row)
    return _table(header, rows, markdown)


def interpretation_line(i: Interpretation | None) -> str:
    if i is None:
        return "(no interpretation)"
    parts = [
        f"languages={','.join(i.languages)}" if i.languages else "",
        f"repos={','.join(i.repos)}" if i.repos else "",
        f"skills={','.join(i.skills)}" if i.skills else "",
        f"groups={' & '.join('(' + ' | '.join(g) + ')' for g in i.groups)}" if getattr(i, "groups", None) else "",
        f"active_since={i.active_since}" if i.active_since else "",
        f"seniority={i.seniority}" if i.seniority else "",
        f"excluding={','.join(i.exclusions)}" if i.exclusions else "",
    ]
    return " ".join(p for p in parts if p) or "(free text only)"


def terminal(report: EvalReport) -> str:
    judged = f"{len(report.profiles)} labelled people, {len(report.queries)} queries, limit {report.limit}"
    if report.unjudged_as_irrelevant:
        judged += ", unjudged results count as irrelevant"
    return "\n".join(
        [
            f"Ranking quality ({judged})",
            "",
            systems_table(report),
            "",
            "Per query, worst first (Scout beside the best baseline on that query):",
            "",
            per_query_table(report),
        ]
    )


def markdown(report: EvalReport, worst: int = 3, top: int = 5) -> str:
    names = {p.id: p.name for p in report.profiles}
    scout = report.systems[SCOUT]
    out = [
        "# Scout evaluation",
        "",
        f"{len(report.profiles)} labelled people, {len(report.queries)} queries, results per query: {report.limit}; "
        + (
            "results that match no labelled person count as irrelevant."
            if report.unjudged_as_irrelevant
            else "results that match no labelled person are dropped before scoring (condensed lists)."
        ),
        "",
        "A person is relevant at grade >= 2 (grades 0..3 from the labels; nDCG uses gain 2^grade - 1).",
        "",
        "## Systems",
        "",
        systems_table(report, markdown=True),
        "",
        "## Per query, worst first",
        "",
        per_query_table(report, markdown=True, width=200),
        "",
        "## How each query was understood",
        "",
    ]
    for q in report.queries:
        o = scout.outcomes[q.id]
        wanted = " & ".join("(" + " | ".join(g) + ")" for g in q.require)
        gates = []
        if q.repos:
            gates.append("repos " + ", ".join(q.repos))
        if q.active_since:
            gates.append(f"active since {q.active_since}")
        out.append(f"- **{q.id}** “{q.text}” — labels want {wanted}{'; ' + '; '.join(gates) if gates else ''}")
        out.append(f"  - Scout understood: {interpretation_line(o.interpretation)}")
    out += ["", f"## The {worst} worst queries: Scout's top {top}", ""]
    for o in worst_first(report)[:worst]:
        out.append(
            f"### {o.query.id}: {o.query.text} (nDCG@10 {o.scores['ndcg@10']:.3f}, {o.judgement.relevant} relevant)"
        )
        out.append("")
        rows = []
        for ranked, j in top_judged(o, top):
            label = ", ".join(f"{pid} {names.get(pid, '')}".strip() for pid in j.profiles) or "unjudged"
            grade = "—" if j.grade is None else ("0 (duplicate)" if j.duplicate else str(j.grade))
            rows.append([str(j.rank), ranked.name or ranked.id, ranked.id, label, grade])
        if rows:
            out.append(_table(["rank", "name", "result id", "labelled as", "grade"], rows, markdown=True))
        else:
            out.append("No results.")
        missed = sorted(
            (pid for pid, g in o.judgement.grades.items() if g >= 2 and pid not in o.judgement.found),
            key=lambda pid: (-o.judgement.grades[pid], pid),
        )
        if missed:
            shown = ", ".join(f"{pid} {names.get(pid, '')} (grade {o.judgement.grades[pid]})" for pid in missed[:8])
            out += ["", f"Relevant people not returned: {shown}"]
        out.append("")
    return "\n".join(out) + "\n"
