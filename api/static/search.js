/* The search page: a sentence, its interpretation as removable chips, extra filters, ranked people with evidence.
   The URL holds the whole state (/?q=...&page=N&drop=...&language=...), so back, forward and sharing work. */
"use strict";

(() => {
  const {h, api, profileUrl, evidenceItem, date, setStatus, shortlistForm, toggle} = Scout;
  const LIMIT = 10;
  const FILTERS = {language: "languages", repo: "repos", skill: "skills"};
  const EVIDENCE_SHOWN = 3;
  const LANGUAGE_NAMES = {c: "C", cpp: "C++", cuda: "CUDA", rust: "Rust", python: "Python", metal: "Metal", zig: "Zig",
    go: "Go", wgsl: "WGSL", glsl: "GLSL", hlsl: "HLSL"};
  const labels = {skill: {}, language: {}};  // key -> label, from /v1/taxonomy
  const taxonomyLoaded = api("/v1/taxonomy").then((taxonomy) => {
    for (const s of taxonomy.skills) labels.skill[s.key] = s.label;
    for (const l of taxonomy.languages) labels.language[l.key] = LANGUAGE_NAMES[l.key] || l.names[0];
    return taxonomy;
  }).catch(() => ({skills: [], languages: []}));  // chips then show keys; the search itself still works

  function readState() {
    const params = new URLSearchParams(location.search);
    const state = {q: params.get("q") || "", page: Math.max(1, parseInt(params.get("page") || "1", 10) || 1),
      drop: params.getAll("drop"), since: params.get("since") || ""};
    for (const kind of Object.keys(FILTERS)) state[kind] = params.getAll(kind);
    return state;
  }

  function stateUrl(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.page > 1) params.set("page", String(state.page));
    for (const d of state.drop) params.append("drop", d);
    for (const kind of Object.keys(FILTERS)) for (const v of state[kind]) params.append(kind, v);
    if (state.since) params.set("since", state.since);
    const text = params.toString();
    return text ? `/?${text}` : "/";
  }

  function go(state) {
    history.pushState(null, "", stateUrl(state));
    run();
  }

  const main = Scout.main();
  const input = h("input", {id: "q", name: "q", type: "search", maxlength: 1000, required: true, autocomplete: "off",
    placeholder: "e.g. Rust engineers who wrote SIMD kernels in the last two years"});
  const form = h("form", {class: "searchbar", role: "search"},
    h("div", {class: "field"}, h("label", {for: "q"}, "Describe the people you are looking for"), input),
    h("button", {type: "submit"}, "Search"));
  const chips = h("ul", {class: "chips", id: "chips", "aria-label": "How the search was understood"});
  const understood = h("section", {id: "understood", "aria-labelledby": "understood-title", hidden: true},
    h("h2", {id: "understood-title", class: "visually-hidden"}, "How Scout read it"), chips);
  const notes = h("div", {id: "notes", class: "notes", hidden: true});
  const status = h("p", {id: "status", class: "status", role: "status", "aria-live": "polite", tabindex: "-1"});
  const results = h("ol", {id: "results", class: "results", "aria-label": "People"});
  const pager = h("nav", {class: "pager", id: "pager", "aria-label": "Result pages", hidden: true});
  main.append(h("h1", {}, "Find engineers by their code"), form, understood, addFilterPanel(), notes, status,
    results, pager);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    go({...readState(), q, page: 1, drop: []});
  });
  window.addEventListener("popstate", run);

  function addFilterPanel() {
    const kind = h("select", {id: "filter-kind", name: "kind"},
      h("option", {value: "language"}, "Language"), h("option", {value: "repo"}, "Repository"),
      h("option", {value: "skill"}, "Skill"), h("option", {value: "since"}, "Active since (date)"));
    const value = h("input", {id: "filter-value", name: "value", list: "filter-options", autocomplete: "off"});
    const options = h("datalist", {id: "filter-options"});
    const valueLabel = h("label", {for: "filter-value"}, "Value");
    const message = h("span", {class: "muted", role: "status"});
    const known = {language: [], repo: [], skill: []};
    const refill = () => {
      const isDate = kind.value === "since";
      value.type = isDate ? "date" : "text";
      options.replaceChildren(...(known[kind.value] || []).map(([v, label]) => h("option", {value: v}, label)));
    };
    kind.addEventListener("change", refill);
    let asked = false;
    const fillOptions = () => {  // on first opening: the search itself never waits for these lists
      if (asked) return;
      asked = true;
      Promise.all([taxonomyLoaded, api("/v1/repos")]).then(([taxonomy, repos]) => {
        known.language = taxonomy.languages.map((l) => [l.key, l.names.join(", ")]);
        known.skill = taxonomy.skills.map((s) => [s.key, s.label]);
        known.repo = repos.map((r) => [r.name, r.category || ""]);
        refill();
      }).catch(() => {});
    };
    const panel = h("details", {class: "addfilter", id: "add-filter", ontoggle: fillOptions},
      h("summary", {}, "Add a filter"),
      h("form", {onsubmit: (event) => {
        event.preventDefault();
        const v = value.value.trim();
        if (!v) return;
        const state = readState();
        if (kind.value === "since") state.since = v;
        else if (!state[kind.value].includes(v)) state[kind.value].push(v);
        state.drop = state.drop.filter((d) => d !== `${kind.value}:${v}` && !(kind.value === "since" && d === "since"));
        state.page = 1;
        value.value = "";
        message.textContent = "";
        go(state);
      }},
      h("div", {class: "field"}, h("label", {for: "filter-kind"}, "Filter on"), kind),
      h("div", {class: "field grow"}, valueLabel, value, options),
      h("button", {type: "submit"}, "Add filter"), message));
    return panel;
  }

  /** Removing a chip: a filter the user added is taken away; an understood part is dropped (filters.drop). */
  function remove(names) {
    const state = readState();
    for (const name of names) {
      const [kind, ...rest] = name.split(":");
      const value = rest.join(":");
      if (FILTERS[kind] && state[kind].includes(value)) state[kind] = state[kind].filter((v) => v !== value);
      else if (name === "since" && state.since) state.since = "";
      if (!state.drop.includes(name)) state.drop.push(name);
    }
    state.page = 1;
    focusAfter = "chips";  // the removed chip's button is gone: keep the keyboard user among the chips
    go(state);
  }

  function chip(kindLabel, text, names, extraClass = "") {
    const label = `${kindLabel} ${text}`;
    return h("li", {class: `chip ${extraClass}`.trim(), "data-names": names.join(" ")},
      h("span", {class: "kind"}, kindLabel), h("span", {}, text),
      h("button", {type: "button", "aria-label": `Remove ${label}`, title: `Remove ${label}`, onclick: () => remove(names)},
        "×"));
  }

  function nameText(name) {
    const [kind, ...rest] = name.split(":");
    const value = rest.join(":");
    if (kind === "skill" || kind === "language") return labels[kind][value] || value;
    return value || name;
  }

  function renderChips(interp) {
    const items = [];
    const grouped = new Set();
    for (const group of interp.groups || []) {
      if (group.length < 2) continue;
      group.forEach((n) => grouped.add(n));
      items.push(chip("any of", group.map(nameText).join(" / "), group));
    }
    for (const [kind, key] of [["language", "languages"], ["repo", "repos"], ["skill", "skills"]]) {
      for (const v of interp[key] || []) {
        const name = `${kind}:${v}`;
        if (!grouped.has(name)) items.push(chip(kind, nameText(name), [name]));
      }
    }
    if (interp.active_since) items.push(chip("active since", interp.active_since, ["since"]));
    if (interp.seniority) items.push(chip("seniority", interp.seniority, ["seniority"]));
    for (const e of interp.exclusions || []) items.push(chip("not", e.replace(/_/g, " "), [`exclusion:${e}`], "avoid"));
    for (const a of interp.avoid || []) items.push(chip("avoid", nameText(a), [a], "avoid"));
    for (const p of interp.prefer || []) items.push(chip("prefer", nameText(p), [p], "prefer"));
    chips.replaceChildren(...items);
    if (interp.keywords && interp.keywords.length) {
      chips.append(h("li", {class: "muted"}, `also searched in commit text: ${interp.keywords.join(", ")}`));
    }
    understood.hidden = chips.childElementCount === 0;
    const noteList = interp.notes || [];
    notes.hidden = noteList.length === 0;
    notes.replaceChildren(h("strong", {}, "How the sentence was read"), h("ul", {}, noteList.map((n) => h("li", {}, n))));
  }

  function evidenceOf(match) {
    const seen = new Set();
    const lines = [];
    for (const criterion of match.criteria || []) {
      for (const ev of criterion.evidence || []) {
        const key = ev.sha;  // one line per commit: several files of one commit say the same thing
        if (!seen.has(key)) { seen.add(key); lines.push(ev); }
      }
    }
    return lines;
  }

  function resultCard(match) {
    const breakdown = h("div", {class: "breakdown scroll"}, h("table", {},
      h("thead", {}, h("tr", {}, h("th", {scope: "col"}, "Part"), h("th", {scope: "col", class: "num"}, "Value"))),
      h("tbody", {}, Object.entries(match.breakdown || {}).map(([k, v]) =>
        h("tr", {}, h("td", {}, k.replace(/_/g, " ")), h("td", {class: "num"}, Number(v).toFixed(3)))))));
    const lines = evidenceOf(match);
    const more = lines.slice(EVIDENCE_SHOWN);
    const shortlist = h("div", {hidden: true});
    const shortlistButton = h("button", {type: "button", class: "quiet add-shortlist", "aria-expanded": "false"},
      "Add to shortlist");
    shortlistButton.addEventListener("click", () => {
      if (!shortlist.firstChild) {
        const made = shortlistForm(match, () => { shortlistButton.textContent = "On a shortlist ✓"; });
        shortlist.append(made.form);
        shortlist.focusForm = made.focus;
      }
      shortlist.hidden = !shortlist.hidden;
      shortlistButton.setAttribute("aria-expanded", String(!shortlist.hidden));
      if (!shortlist.hidden) shortlist.focusForm();
    });
    const repos = Object.entries(match.repos || {}).map(([r, n]) => `${r} (${n})`).join(", ");
    const a = match.activity || {};
    return h("li", {class: "card result", "data-id": match.id},
      h("header", {},
        h("h3", {}, `${match.rank}. `, h("a", {href: profileUrl(match.id), class: "person"}, match.name),
          match.login ? h("span", {class: "muted"}, ` @${match.login}`) : null),
        h("span", {class: "score"}, `score ${Number(match.score).toFixed(3)} `, toggle("Breakdown", breakdown))),
      breakdown,
      h("p", {class: "why"}, match.why),
      h("div", {class: "meta"}, h("span", {}, `Repos: ${repos || "none"}`),
        h("span", {}, `${a.commits || 0} commits, ${date(a.first_date)} to ${date(a.last_date)}`)),
      h("ul", {class: "evidence", "aria-label": `Evidence for ${match.name}`}, lines.slice(0, EVIDENCE_SHOWN).map(evidenceItem)),
      more.length ? h("details", {}, h("summary", {}, `${more.length} more evidence lines`),
        h("ul", {class: "evidence"}, more.map(evidenceItem))) : null,
      h("div", {class: "row"}, shortlistButton), shortlist);
  }

  function renderPager(state, total) {
    const pages = Math.max(1, Math.ceil(total / LIMIT));
    pager.hidden = total <= LIMIT;
    const link = (page, label, rel) => page < 1 || page > pages ? h("span", {class: "muted"}, label)
      : h("a", {href: stateUrl({...state, page}), rel, onclick: (event) => {
        event.preventDefault();
        focusAfter = "status";
        go({...state, page});
        window.scrollTo(0, 0);
      }}, label);
    pager.replaceChildren(link(state.page - 1, "← Previous", "prev"), h("span", {}, `Page ${state.page} of ${pages}`),
      link(state.page + 1, "Next →", "next"));
  }

  let latest = 0;
  let shownInterpretation = null;
  // The chips name skills by their labels once the taxonomy is here; the first answer does not wait for it.
  taxonomyLoaded.then(() => {
    if (shownInterpretation && !chips.contains(document.activeElement)) renderChips(shownInterpretation);
  });
  let focusAfter = null;  // "chips" or "status": where keyboard focus goes once the next answer is shown
  async function run() {
    const state = readState();
    input.value = state.q;
    document.title = state.q ? `Scout: ${state.q}` : "Scout: search";
    if (!state.q) {
      results.replaceChildren();
      understood.hidden = notes.hidden = pager.hidden = true;
      setStatus(status, "");
      return;
    }
    const ticket = ++latest;
    performance.mark("scout:search-start");  // user timing: `scout bench pages` reads these
    setStatus(status, "Searching…");
    main.setAttribute("aria-busy", "true");
    const filters = {languages: state.language, repos: state.repo, skills: state.skill, drop: state.drop};
    if (state.since) filters.active_since = state.since;
    try {
      const answer = await api("/v1/search", {method: "POST",
        body: {query: state.q, limit: LIMIT, offset: (state.page - 1) * LIMIT, filters}});
      if (ticket !== latest) return;  // a newer search is under way
      shownInterpretation = answer.interpretation;
      renderChips(answer.interpretation);
      results.replaceChildren(...answer.matches.map(resultCard));
      const first = (state.page - 1) * LIMIT + 1;
      setStatus(status, answer.total === 0 ? "Nobody matches: remove a chip or reword the search."
        : `${answer.total} people match; showing ${first} to ${first + answer.matches.length - 1}.`);
      renderPager(state, answer.total);
      restoreFocus();
      performance.measure("scout:search", "scout:search-start");
    } catch (error) {
      if (ticket !== latest) return;
      results.replaceChildren();
      pager.hidden = true;
      setStatus(status, `Search failed: ${error.message}`, true);
    } finally {
      if (ticket === latest) main.removeAttribute("aria-busy");
    }
  }

  function restoreFocus() {
    const where = focusAfter;
    focusAfter = null;
    if (where === "chips") (chips.querySelector("button") || input).focus();
    else if (where === "status") status.focus();
  }

  run();
})();
