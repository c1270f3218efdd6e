"""The talent map as one self-contained HTML page: the snapshot table and charts drawn by matplotlib as inline
SVG (no script, no CDN, nothing fetched), so the page opens offline and two runs write the same bytes."""

from __future__ import annotations

import html
import io
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.figure import Figure

from models.talent_map import TalentMap
from talent.render import CATEGORY_COLUMNS, REPO_COLUMNS, category_cells, headline, percent, repo_cells

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

TOP_CONCENTRATION = 15  # repositories in the concentration chart, most commits first
_RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text stays text: smaller, selectable, no embedded glyph paths
    "svg.hashsalt": "scout-talent-map",  # stable element ids
    "font.size": 9,
    "font.family": "DejaVu Sans",
}
_THIS, _BEFORE = "#2f6fb0", "#b9cde3"
_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; padding: 0 1rem; max-width: 1100px; color: #1d2733; }
.scroll { overflow-x: auto; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
th, td { padding: 0.3rem 0.5rem; border-bottom: 1px solid #dde3ea; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #eef2f6; }
figure { margin: 1.5rem 0; } figcaption { font-size: 0.85rem; color: #52606d; }
svg { max-width: 100%; height: auto; }
"""


def render_html(m: TalentMap) -> str:
    charts = [
        ("chart-qoq", "Commits and contributors, quarter over quarter, by category", _qoq_chart(m)),
        ("chart-overlap", "Overlap matrix: people with counted commits in both categories", _overlap_chart(m)),
        ("chart-engagement", "Engagement: mean active weeks and churn by category", _engagement_chart(m)),
        ("chart-concentration", "Concentration: share of commits by each repository's top 5", _concentration_chart(m)),
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Talent map {html.escape(m.quarter)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Talent map {html.escape(m.quarter)}</h1>",
        f'<p id="headline">{html.escape(headline(m))}</p>',
        "<h2>Q-over-Q snapshot</h2>",
        _table("snapshot", CATEGORY_COLUMNS, [category_cells(c) for c in m.categories]),
    ]
    for chart_id, caption, svg in charts:
        parts.append(
            f'<figure id="{chart_id}" class="chart">{svg}<figcaption>{html.escape(caption)}</figcaption></figure>'
        )
    parts += ["<h2>Repositories</h2>", _table("repos", REPO_COLUMNS, [repo_cells(r) for r in m.repos])]
    parts.append("<p>Definitions: docs/TALENT_MAP.md.</p></body></html>")
    return "\n".join(parts) + "\n"


def _table(table_id: str, header: tuple[str, ...], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    # A narrow screen scrolls the table sideways instead of cutting its last columns off.
    table = f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return f'<div class="scroll">{table}</div>'


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg") :]  # drop the XML prologue and doctype: the SVG sits inside HTML


def _figure(height: float) -> Figure:
    with matplotlib.rc_context(_RC):
        return Figure(figsize=(9, height), layout="constrained")


def _qoq_chart(m: TalentMap) -> str:
    names = [c.category for c in m.categories]
    with matplotlib.rc_context(_RC):
        fig = _figure(0.45 * len(names) + 1.2)
        commits_ax, people_ax = fig.subplots(1, 2, sharey=True)
        ys = list(range(len(names)))
        for ax, now, before, change, title in (
            (
                commits_ax,
                [c.commits for c in m.categories],
                [c.previous_commits for c in m.categories],
                [c.commits_qoq for c in m.categories],
                "Commits",
            ),
            (
                people_ax,
                [c.contributors for c in m.categories],
                [c.previous_contributors for c in m.categories],
                [c.contributors_qoq for c in m.categories],
                "Contributors",
            ),
        ):
            ax.barh([y + 0.2 for y in ys], before, height=0.4, color=_BEFORE, label=m.previous)
            ax.barh([y - 0.2 for y in ys], now, height=0.4, color=_THIS, label=m.quarter)
            for y, value, qoq in zip(ys, now, change, strict=True):
                ax.text(value, y - 0.2, f" {percent(qoq, signed=True)}", va="center", fontsize=8)
            ax.margins(x=0.15)
            ax.set_title(title)
            ax.legend(loc="lower right", frameon=False)
        commits_ax.set_yticks(ys, names)
        commits_ax.invert_yaxis()
    return _svg(fig)


def _overlap_chart(m: TalentMap) -> str:
    names = [c.category for c in m.categories]
    index = {n: i for i, n in enumerate(names)}
    grid = [[0] * len(names) for _ in names]
    for c in m.categories:
        grid[index[c.category]][index[c.category]] = c.contributors
    for o in m.overlaps:
        if o.a in index and o.b in index:
            grid[index[o.a]][index[o.b]] = grid[index[o.b]][index[o.a]] = o.people
    with matplotlib.rc_context(_RC):
        fig = _figure(0.45 * len(names) + 2.5)
        ax = fig.subplots()
        image = ax.imshow(grid, cmap="Blues")
        ax.set_xticks(range(len(names)), names, rotation=40, ha="right")
        ax.set_yticks(range(len(names)), names)
        top = max((v for row in grid for v in row), default=0)
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                color = "white" if value > top / 2 else "#1d2733"
                ax.text(j, i, str(value), ha="center", va="center", fontsize=8, color=color)
        fig.colorbar(image, ax=ax, shrink=0.8, label="people (diagonal: the category's contributors)")
    return _svg(fig)


def _engagement_chart(m: TalentMap) -> str:
    names = [c.category for c in m.categories]
    with matplotlib.rc_context(_RC):
        fig = _figure(0.45 * len(names) + 1.2)
        weeks_ax, churn_ax = fig.subplots(1, 2, sharey=True)
        ys = list(range(len(names)))
        weeks_ax.barh(ys, [c.mean_active_weeks or 0 for c in m.categories], color=_THIS)
        weeks_ax.set_title("Mean active weeks")
        churn_ax.barh(ys, [100 * (c.churn or 0) for c in m.categories], color="#c0504d")
        churn_ax.set_title(f"Churn (% of {m.previous} contributors gone)")
        weeks_ax.set_yticks(ys, names)
        weeks_ax.invert_yaxis()
    return _svg(fig)


def _concentration_chart(m: TalentMap) -> str:
    repos = [r for r in m.repos if r.commits][:TOP_CONCENTRATION]
    with matplotlib.rc_context(_RC):
        fig = _figure(0.35 * len(repos) + 1.2)
        ax = fig.subplots()
        ys = list(range(len(repos)))
        ax.barh(ys, [100 * (r.top5_share or 0) for r in repos], color=_THIS)
        for y, r in zip(ys, repos, strict=True):
            ax.text(1, y, f"{r.commits} commits, half by {r.half_of_commits_people}", va="center", color="white")
        ax.set_yticks(ys, [r.repo for r in repos])
        ax.set_xlim(0, 100)
        ax.set_xlabel("% of the quarter's commits by the top 5 contributors")
        ax.invert_yaxis()
    return _svg(fig)
