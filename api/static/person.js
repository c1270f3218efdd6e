/* A profile page: summary, monthly activity chart, repositories, skills with evidence, flags, similar people,
   and an outreach draft built by the API from this person's own commits. */
"use strict";

(() => {
  const {h, api, profileUrl, evidenceItem, date, setStatus, shortlistForm, toggle, barChart, chartWidth} = Scout;
  const main = Scout.main();
  const id = document.body.dataset.person;
  const EVIDENCE_PER_SKILL = 6;
  const EVIDENCE_SHOWN = 2;
  const SKILLS_SHOWN = 6;

  function section(id_, title, ...children) {
    return h("section", {id: id_, "aria-labelledby": `${id_}-title`}, h("h2", {id: `${id_}-title`}, title), ...children);
  }

  /** Every month from the first to the last with commits, the quiet ones as 0, so the bars keep time. */
  function fillMonths(months) {
    if (!months.length) return [];
    const counts = new Map(months.map((m) => [m.month, m.commits]));
    const sorted = months.map((m) => m.month).sort();
    let [year, month] = sorted[0].split("-").map(Number);
    const [lastYear, lastMonth] = sorted[sorted.length - 1].split("-").map(Number);
    const out = [];
    while (year < lastYear || (year === lastYear && month <= lastMonth)) {
      const key = `${year}-${String(month).padStart(2, "0")}`;
      out.push({label: key, value: counts.get(key) || 0});
      month += 1;
      if (month > 12) { month = 1; year += 1; }
    }
    return out;
  }

  function activityChart(activity, container) {
    const points = fillMonths(activity.months || []);
    const width = chartWidth(container);
    if (!points.length) return h("p", {class: "muted"}, "No dated commits.");
    const total = points.reduce((sum, p) => sum + p.value, 0);
    const figure = h("figure", {class: "chart", id: "activity-chart"},
      barChart(points, {title: `Commits per month, ${points[0].label} to ${points[points.length - 1].label}`,
        width, every: Math.max(1, Math.ceil(points.length / Math.max(2, Math.floor(width / 80))))}),
      h("figcaption", {class: "muted"}, `${total} commits over ${points.length} months (${points[0].label} to `
        + `${points[points.length - 1].label}); hover a bar for its month.`));
    return figure;
  }

  function skillBlock(key, skill, labels) {
    const evidence = skill.evidence || [];
    const more = evidence.slice(EVIDENCE_SHOWN, EVIDENCE_PER_SKILL);
    const list = h("ul", {class: "evidence"}, evidence.slice(0, EVIDENCE_SHOWN).map(evidenceItem));
    return h("article", {class: "card skill", "data-skill": key},
      h("header", {}, h("h3", {}, labels[key] || key.replace(/_/g, " ")),
        h("span", {class: "score"}, `score ${Number(skill.score).toFixed(2)}`)),
      h("div", {class: "bar", "aria-hidden": "true"}, barSpan(skill.score)),
      h("p", {class: "meta"}, h("span", {}, `${skill.commits} commits`), h("span", {}, `last ${date(skill.last_date)}`),
        skill.details && skill.details.length ? h("span", {}, skill.details.join(", ")) : null),
      list, more.length ? h("details", {}, h("summary", {}, `${more.length} more`),
        h("ul", {class: "evidence"}, more.map(evidenceItem))) : null);
  }

  function skillList(skills, labels) {
    if (!skills.length) return h("p", {class: "muted"}, "No skills detected.");
    const rest = skills.slice(SKILLS_SHOWN);
    return h("div", {class: "skills"}, skills.slice(0, SKILLS_SHOWN).map(([k, s]) => skillBlock(k, s, labels)),
      rest.length ? h("details", {class: "more-skills"}, h("summary", {}, `${rest.length} more skills`),
        h("div", {class: "skills"}, rest.map(([k, s]) => skillBlock(k, s, labels)))) : null);
  }

  function barSpan(score) {
    const span = h("span");
    span.style.width = `${Math.round(Math.max(0, Math.min(1, score)) * 100)}%`;
    return span;
  }

  function table(headers, rows) {
    return h("div", {class: "scroll"}, h("table", {},
      h("thead", {}, h("tr", {}, headers.map(([text, num]) => h("th", {scope: "col", class: num ? "num" : null}, text)))),
      h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c, i) =>
        h("td", {class: headers[i][1] ? "num" : null}, c)))))));
  }

  function similarList(answer) {
    if (!answer.similar.length) return h("p", {class: "muted"}, "Nobody close enough in this index.");
    return h("ul", {class: "similar"}, answer.similar.map((s) => h("li", {class: "card"},
      h("a", {href: profileUrl(s.id)}, s.name), s.login ? h("span", {class: "muted"}, ` @${s.login}`) : null,
      h("span", {class: "muted score"}, ` similarity ${Number(s.score).toFixed(2)}`),
      s.why ? h("p", {class: "why"}, s.why) : null,
      s.shared_skills && s.shared_skills.length
        ? h("p", {class: "meta"}, `Shared skills: ${s.shared_skills.map((k) => k.replace(/_/g, " ")).join(", ")}`) : null)));
  }

  function outreachSection(person) {
    const role = h("input", {id: "role", name: "role", maxlength: 200, autocomplete: "off",
      placeholder: "e.g. Rust inference engineer working on quantized kernels"});
    const status = h("p", {class: "status", role: "status"});
    const subject = h("input", {id: "outreach-subject", class: "grow"});
    const message = h("textarea", {id: "outreach-message", rows: 10});
    const used = h("ul", {class: "evidence", id: "outreach-evidence"});
    const copy = h("button", {type: "button", class: "quiet", id: "outreach-copy"}, "Copy message");
    const draft = h("div", {id: "outreach-draft", hidden: true},
      h("div", {class: "field"}, h("label", {for: "outreach-subject"}, "Subject"), subject),
      h("div", {class: "field"}, h("label", {for: "outreach-message"}, "Message (edit before sending)"), message),
      h("div", {class: "row"}, copy), h("h3", {class: "spaced"}, "Evidence it names"), used);
    copy.addEventListener("click", async () => {
      const text = `Subject: ${subject.value}\n\n${message.value}`;
      try {
        await navigator.clipboard.writeText(text);
      } catch (_) {
        message.select();
        document.execCommand("copy");
      }
      setStatus(status, "Copied.");
    });
    const form = h("form", {class: "searchbar", onsubmit: async (event) => {
      event.preventDefault();
      setStatus(status, "Drafting…");
      try {
        const params = new URLSearchParams({role: role.value.trim()});
        const answer = await api(`/v1/contributors/${encodeURIComponent(person.id)}/outreach?${params}`);
        subject.value = answer.subject;
        message.value = answer.message;
        used.replaceChildren(...(answer.evidence || []).map(evidenceItem));
        draft.hidden = false;
        setStatus(status, "Draft ready: it names only this person's own commits.");
        message.rows = Math.min(24, message.value.split("\n").length + 1);
        message.focus();
        message.setSelectionRange(0, 0);  // the reader starts at the greeting, not at the end
        message.scrollTop = 0;
      } catch (error) {
        setStatus(status, `No draft: ${error.message}`, true);
      }
    }},
      h("div", {class: "field"}, h("label", {for: "role"}, "Role you are hiring for"), role),
      h("button", {type: "submit", id: "outreach-button"}, "Draft outreach"));
    return section("outreach", "Outreach draft", form, status, draft);
  }

  async function later(path, target, render) {
    try {
      target.replaceChildren(render(await api(path), target));
    } catch (error) {
      target.replaceChildren(h("p", {class: "error"}, `Not available: ${error.message}`));
    }
  }

  // Skill key -> label ("simd" -> "SIMD intrinsics"); without the taxonomy the keys are shown.
  const skillLabels = api("/v1/taxonomy").then((t) => Object.fromEntries(t.skills.map((k) => [k.key, k.label])))
    .catch(() => ({}));

  async function load() {
    main.replaceChildren(h("p", {class: "status", role: "status"}, "Loading…"));
    let person;
    try {
      person = await api(`/v1/contributors/${encodeURIComponent(id)}`);
    } catch (error) {
      main.replaceChildren(h("h1", {}, "Profile"), h("p", {class: "error"}, `Could not load ${id}: ${error.message}`));
      return;
    }
    const name = person.names[0] || person.login || person.id;
    document.title = `Scout: ${name}`;
    const a = person.activity || {};
    const shortlist = h("div", {hidden: true});
    const made = shortlistForm(person);
    shortlist.append(made.form);
    const addButton = toggle("Add to shortlist", shortlist);
    addButton.addEventListener("click", () => { if (!shortlist.hidden) made.focus(); });
    const activity = h("div", {}, h("p", {class: "muted"}, "Loading activity…"));
    const similar = h("div", {}, h("p", {class: "muted"}, "Looking for people like this one…"));
    const skills = Object.entries(person.skills || {}).sort((x, y) => y[1].score - x[1].score);
    const repos = Object.entries(person.repos || {}).sort((x, y) => y[1] - x[1]);
    const languages = Object.entries(person.languages || {}).sort((x, y) => y[1] - x[1]);
    const labels = await skillLabels;
    main.replaceChildren(...[
      h("h1", {}, name, person.login ? h("span", {class: "muted"}, ` @${person.login}`) : null),
      h("p", {id: "summary"}, person.summary),
      h("p", {class: "meta"}, h("span", {}, `${a.commits || 0} commits`), h("span", {}, `${a.active_weeks || 0} active weeks`),
        h("span", {}, `${date(a.first_date)} to ${date(a.last_date)}`),
        h("span", {}, `systems share ${Math.round((person.systems_share || 0) * 100)}%`),
        person.benchmark_changes ? h("span", {}, `${person.benchmark_changes} measured speed-ups`) : null),
      person.flags && person.flags.length ? h("ul", {class: "flags", "aria-label": "Flags"},
        person.flags.map((f) => h("li", {}, f.replace(/_/g, " ")))) : null,
      h("div", {class: "row"}, addButton), shortlist,
      section("activity", "Activity over time", activity),
      h("div", {class: "two"},
        h("div", {}, section("skills", "Skills and their evidence", skillList(skills, labels))),
        h("div", {},
          section("repos", "Repositories", table([["Repository"], ["Commits", true]], repos.map(([r, n]) => [r, n]))),
          section("languages", "Languages", table([["Language"], ["Added lines", true]],
            languages.map(([l, n]) => [l, n.toLocaleString("en")]))))),
      section("similar", "People like this one", similar),
      outreachSection(person)].filter(Boolean));
    later(`/v1/contributors/${encodeURIComponent(person.id)}/activity`, activity, activityChart);
    later(`/v1/contributors/${encodeURIComponent(person.id)}/similar?limit=8`, similar, similarList);
  }

  load();
})();
