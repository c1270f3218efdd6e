/* The quarterly talent map (GET /v1/map): totals, charts drawn here as inline SVG, the category table, and a
   drill-down from a category to the people behind its numbers, each linked to their profile. */
"use strict";

(() => {
  const {h, api, profileUrl, setStatus, chartWidth} = Scout;
  const main = Scout.main();
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const pct = (v, signed = false) => v === null || v === undefined ? "n/a"
    : `${signed && v > 0 ? "+" : ""}${Math.round(v * 100)}%`;

  /** Horizontal bars, the label above each pair, so long category names never squeeze the bars. */
  function pairedBars(rows, {title, now, before, width}) {
    const rowHeight = 44;
    const height = rows.length * rowHeight + 24;
    const top = Math.max(1, ...rows.flatMap((r) => [r.now, r.before || 0]));
    const scale = (v) => Math.round((v / top) * (width - 150));
    const svg = h("svg", {viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": title});
    svg.append(h("title", {}, title));
    rows.forEach((r, i) => {
      const y = i * rowHeight;
      svg.append(h("text", {x: 0, y: y + 12}, r.label));
      if (r.before !== undefined) {
        svg.append(h("rect", {class: "bar-rect before", x: 0, y: y + 16, width: scale(r.before), height: 9},
          h("title", {}, `${r.label}, ${before}: ${r.before}`)));
      }
      svg.append(h("rect", {class: "bar-rect", x: 0, y: y + 26, width: scale(r.now), height: 11},
        h("title", {}, `${r.label}, ${now}: ${r.now}`)));
      svg.append(h("text", {x: scale(r.now) + 4, y: y + 36}, r.note || String(r.now)));
    });
    const legendY = height - 6;
    if (before) {
      svg.append(h("rect", {class: "bar-rect before", x: 0, y: legendY - 9, width: 12, height: 9}),
        h("text", {x: 16, y: legendY}, before),
        h("rect", {class: "bar-rect", x: 110, y: legendY - 9, width: 12, height: 9}), h("text", {x: 126, y: legendY}, now));
    }
    return h("figure", {class: "chart"}, svg, h("figcaption", {class: "muted"}, title));
  }

  function categoryTable(m, drill) {
    const cols = [["Category"], ["Commits", 1], ["QoQ", 1], ["People", 1], ["QoQ", 1], ["New", 1], ["Churn", 1],
      ["Active weeks", 1]];
    return h("div", {}, h("div", {class: "scroll"}, h("table", {id: "categories"},
      h("thead", {}, h("tr", {}, cols.map(([t, n]) => h("th", {scope: "col", class: n ? "num" : null}, t)))),
      h("tbody", {}, m.categories.map((c) => h("tr", {},
        h("th", {scope: "row"}, h("button", {type: "button", class: "linklike", title: `Show the people in ${c.category}`,
          onclick: () => drill(c.category)}, c.category)),
        h("td", {class: "num"}, c.commits), h("td", {class: "num"}, pct(c.commits_qoq, true)),
        h("td", {class: "num"}, c.contributors), h("td", {class: "num"}, pct(c.contributors_qoq, true)),
        h("td", {class: "num"}, c.new_contributors), h("td", {class: "num"}, pct(c.churn)),
        h("td", {class: "num"}, c.mean_active_weeks === null ? "n/a" : Number(c.mean_active_weeks).toFixed(1))))))),
      h("p", {class: "hint"}, "Choose a category to see the people behind its numbers."));
  }

  function peopleList(title, lines, describe) {
    return h("section", {}, h("h3", {}, title), lines.length
      ? h("ul", {}, lines.map((p) => h("li", {}, h("a", {href: profileUrl(p.id)}, p.name), ` ${describe(p)}`)))
      : h("p", {class: "muted"}, "Nobody."));
  }

  async function load(quarter) {
    const status = h("p", {class: "status", role: "status"}, "Loading the map…");
    main.replaceChildren(h("h1", {}, "Talent map"), status);
    let m;
    try {
      m = await api(`/v1/map${quarter ? `?quarter=${encodeURIComponent(quarter)}` : ""}`);
    } catch (error) {
      setStatus(status, `No map: ${error.message}`, true);
      return;
    }
    document.title = `Scout: talent map ${m.quarter}`;
    const picker = h("select", {id: "quarter"}, [...m.quarters].reverse().map((q) =>
      h("option", {value: q, selected: q === m.quarter}, q)));
    picker.addEventListener("change", () => {
      history.pushState(null, "", `/map?quarter=${encodeURIComponent(picker.value)}`);
      load(picker.value);
    });
    const people = h("section", {id: "drill", "aria-live": "polite"});
    const drill = async (category) => {
      people.replaceChildren(h("p", {class: "status"}, `Loading ${category}…`));
      try {
        const d = await api(`/v1/map?quarter=${encodeURIComponent(m.quarter)}&category=${encodeURIComponent(category)}`);
        const p = d.people || {new_contributors: [], most_engaged: [], movers_in: [], movers_out: []};
        const heading = h("h2", {tabindex: "-1"}, `People in ${category}, ${m.quarter}`);
        people.replaceChildren(heading, h("div", {class: "pair"},
          peopleList("Most engaged", p.most_engaged, (x) => `(${plural(x.commits, "commit")}, ${plural(x.active_weeks, "active week")})`),
          peopleList("New this quarter", p.new_contributors, (x) => `(${plural(x.commits, "commit")})`)),
          h("div", {class: "pair"},
            peopleList("Moved in", p.movers_in, (x) => `(from ${x.from_category})`),
            peopleList("Moved out", p.movers_out, (x) => `(to ${x.to_category})`)));
        heading.focus();
      } catch (error) {
        people.replaceChildren(h("p", {class: "error"}, `Could not load ${category}: ${error.message}`));
      }
    };
    const t = m.totals;
    const wide = chartWidth(main, 1100);
    const half = wide >= 880 ? Math.floor((wide - 24) / 2) : wide;
    const repos = m.repos.filter((r) => r.commits).slice(0, 15);
    main.replaceChildren(
      h("h1", {}, `Talent map ${m.quarter}`),
      h("div", {class: "row"}, h("label", {for: "quarter"}, "Quarter"), picker,
        h("span", {class: "muted"}, `against ${m.previous}`)),
      h("p", {id: "totals"}, `${t.commits} counted commits by ${t.contributors} people in ${t.active_repos} of `
        + `${t.repos} repositories.`),
      h("h2", {}, "Categories"), categoryTable(m, drill), people,
      h("div", {class: "pair"},
        pairedBars(m.categories.map((c) => ({label: c.category, now: c.commits, before: c.previous_commits,
          note: `${c.commits} (${pct(c.commits_qoq, true)})`})), {title: "Commits by category", now: m.quarter, before: m.previous, width: half}),
        pairedBars(m.categories.map((c) => ({label: c.category, now: c.contributors, before: c.previous_contributors,
          note: `${c.contributors} (${pct(c.contributors_qoq, true)})`})),
        {title: "Contributors by category", now: m.quarter, before: m.previous, width: half})),
      pairedBars(repos.map((r) => ({label: r.repo, now: Math.round((r.top5_share || 0) * 100),
        note: `${pct(r.top5_share)} of ${r.commits} commits`})),
      {title: "Concentration: share of each repository's commits by its top 5 people", now: m.quarter, width: Math.min(wide, 760)}));
  }

  load(new URLSearchParams(location.search).get("quarter"));
  window.addEventListener("popstate", () => load(new URLSearchParams(location.search).get("quarter")));
})();
