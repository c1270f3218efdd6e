/* Scout pages: what every page shares. Plain JS, no build step, nothing fetched beyond this origin's /v1 API. */
"use strict";

const Scout = (() => {
  const KEY = "scout.apiKey";
  const LAST_SHORTLIST = "scout.lastShortlist";

  /** An element: h("a", {href: "/x", class: "c"}, "text", child...). Text is always text, never HTML. */
  function h(tag, attrs, ...children) {
    const svg = ["svg", "rect", "text", "line", "g", "title"].includes(tag);
    const node = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function apiKey() { return localStorage.getItem(KEY) || ""; }

  /** A /v1 call: JSON in and out, the API key attached, a problem+json answer thrown as an Error. */
  async function api(path, {method = "GET", body, raw = false} = {}) {
    const headers = {"Accept": "application/json"};
    if (apiKey()) headers["X-API-Key"] = apiKey();
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (_) { /* not JSON */ }
      const error = new Error(`${response.status}: ${detail}`);
      error.status = response.status;
      throw error;
    }
    if (raw) return response;
    return response.status === 204 ? null : response.json();
  }

  function profileUrl(id) { return `/people/${encodeURIComponent(id)}`; }
  function shortlistUrl(name) { return `/shortlists/${encodeURIComponent(name)}`; }

  /** GitHub's page for a commit; repositories are named owner/name in the index. */
  function commitUrl(repo, sha) {
    const [owner, name] = repo.split("/").map(encodeURIComponent);
    return `https://github.com/${owner}/${name}/commit/${encodeURIComponent(sha)}`;
  }

  /** One evidence line: the commit title linked to GitHub, where (path:line), and the snippet. */
  function evidenceItem(ev) {
    const where = ev.path ? `${ev.path}${ev.line ? ":" + ev.line : ""}` : "commit message";
    return h("li", {},
      h("a", {href: commitUrl(ev.repo, ev.sha), class: "commit", rel: "noreferrer"}, ev.title || ev.sha.slice(0, 10)),
      " ", h("span", {class: "where"}, `${ev.repo} ${ev.sha.slice(0, 8)} ${where}`),
      ev.snippet ? h("pre", {}, ev.snippet) : null);
  }

  function date(value) { return value ? String(value).slice(0, 10) : "?"; }

  function setStatus(node, text, isError = false) {
    node.textContent = text;
    node.classList.toggle("error", isError);
  }

  /** The "add to shortlist" form: pick or type a shortlist name, add a note, save (creating the list if new). */
  function shortlistForm(person, onDone) {
    const uid = Math.random().toString(36).slice(2, 8);
    const names = h("datalist", {id: `lists-${uid}`});
    const nameInput = h("input", {id: `list-${uid}`, list: `lists-${uid}`, required: true, maxlength: 100,
      value: localStorage.getItem(LAST_SHORTLIST) || "", autocomplete: "off"});
    const note = h("input", {id: `note-${uid}`, maxlength: 2000});
    const status = h("span", {role: "status", class: "muted"});
    const form = h("form", {class: "shortlist-form"},
      h("div", {class: "field"}, h("label", {for: `list-${uid}`}, "Shortlist"), nameInput, names),
      h("div", {class: "field"}, h("label", {for: `note-${uid}`}, "Note"), note),
      h("button", {type: "submit"}, "Add"), status);
    api("/v1/shortlists").then((lists) => {
      for (const list of lists) names.append(h("option", {value: list.name}));
    }).catch(() => {});
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const name = nameInput.value.trim();
      if (!name) return;
      try {
        await ensureShortlist(name);
        await api(`/v1/shortlists/${encodeURIComponent(name)}/members/${encodeURIComponent(person.id)}`,
          {method: "PUT", body: {note: note.value}});
        localStorage.setItem(LAST_SHORTLIST, name);
        status.replaceChildren("Added to ", h("a", {href: shortlistUrl(name)}, name));
        if (onDone) onDone(name);
      } catch (error) {
        setStatus(status, `Could not add: ${error.message}`, true);
      }
    });
    return {form, focus: () => nameInput.focus()};
  }

  async function ensureShortlist(name) {
    const lists = await api("/v1/shortlists");
    if (!lists.some((list) => list.name === name)) await api("/v1/shortlists", {method: "POST", body: {name}});
  }

  /** A toggle button that shows and hides a panel (aria-expanded kept in step). */
  function toggle(label, panel) {
    panel.hidden = true;
    const button = h("button", {type: "button", class: "quiet", "aria-expanded": "false"}, label);
    button.addEventListener("click", () => {
      panel.hidden = !panel.hidden;
      button.setAttribute("aria-expanded", String(!panel.hidden));
    });
    return button;
  }

  /** The width a chart gets: its container's, so its text keeps its size on a phone and on a desktop. */
  function chartWidth(container, most = 900) {
    const node = container || document.getElementById("main");
    const style = getComputedStyle(node);
    const box = node.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Math.max(260, Math.min(most, Math.floor(box || 600)));
  }

  /** A bar chart as inline SVG, `width` pixels wide: one bar per {label, value}; a label under every `every`-th. */
  function barChart(points, {title, width = 600, height = 170, every = 1, unit = ""} = {}) {
    const top = Math.max(1, ...points.map((p) => p.value));
    const plot = height - 34;
    const step = width / Math.max(1, points.length);
    const svg = h("svg", {viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": title});
    svg.append(h("title", {}, title));
    points.forEach((p, i) => {
      const barHeight = Math.round((p.value / top) * (plot - 16));
      const rect = h("rect", {class: "bar-rect", x: (i * step + 0.5).toFixed(1), y: plot - barHeight,
        width: Math.max(1, step - 1).toFixed(1), height: barHeight});
      rect.append(h("title", {}, `${p.label}: ${p.value}${unit}`));
      svg.append(rect);
      if (i % every === 0) {
        svg.append(h("line", {class: "axis", x1: (i * step).toFixed(1), y1: plot, x2: (i * step).toFixed(1), y2: plot + 4}));
        svg.append(h("text", {x: Math.min(i * step, width - 52).toFixed(1), y: height - 16}, p.label));
      }
    });
    svg.append(h("line", {class: "axis", x1: 0, y1: plot, x2: width, y2: plot}));
    svg.append(h("text", {x: 2, y: 11}, `highest: ${top}${unit}`));
    return svg;
  }

  function initSettings() {
    const form = document.getElementById("settings-form");
    if (!form) return;
    const input = document.getElementById("api-key");
    input.value = apiKey();
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (input.value.trim()) localStorage.setItem(KEY, input.value.trim());
      else localStorage.removeItem(KEY);
      document.getElementById("settings-status").textContent = input.value.trim() ? "Key saved in this browser." : "Key removed.";
    });
  }

  document.addEventListener("DOMContentLoaded", initSettings);

  return {h, api, profileUrl, shortlistUrl, commitUrl, evidenceItem, date, setStatus, shortlistForm, toggle, barChart, chartWidth,
    main: () => document.getElementById("main")};
})();
