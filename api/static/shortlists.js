/* Shortlists: every list (create, delete) at /shortlists; one list's members (notes, remove, export) at /shortlists/NAME. */
"use strict";

(() => {
  const {h, api, profileUrl, shortlistUrl, date, setStatus} = Scout;
  const main = Scout.main();
  const listPath = (name) => `/v1/shortlists/${encodeURIComponent(name)}`;

  async function allLists() {
    const status = h("p", {class: "status", role: "status"});
    const body = h("div", {id: "lists"});
    const name = h("input", {id: "new-list", name: "name", maxlength: 100, required: true, autocomplete: "off"});
    const form = h("form", {class: "searchbar", onsubmit: async (event) => {
      event.preventDefault();
      try {
        await api("/v1/shortlists", {method: "POST", body: {name: name.value.trim()}});
        setStatus(status, `Created ${name.value.trim()}.`);
        name.value = "";
        await refresh();
      } catch (error) {
        setStatus(status, `Could not create it: ${error.message}`, true);
      }
    }}, h("div", {class: "field"}, h("label", {for: "new-list"}, "New shortlist name"), name),
      h("button", {type: "submit"}, "Create"));
    main.replaceChildren(h("h1", {}, "Shortlists"), form, status, body);

    async function refresh() {
      let lists;
      try {
        lists = await api("/v1/shortlists");
      } catch (error) {
        body.replaceChildren(h("p", {class: "error"}, `Could not load shortlists: ${error.message}`));
        return;
      }
      if (!lists.length) {
        body.replaceChildren(h("p", {class: "muted"}, "No shortlists yet: create one here, or add people from a search."));
        return;
      }
      body.replaceChildren(h("div", {class: "scroll"}, h("table", {id: "shortlists-table"},
        h("thead", {}, h("tr", {}, h("th", {scope: "col"}, "Name"), h("th", {scope: "col", class: "num"}, "People"),
          h("th", {scope: "col"}, "Updated"), h("th", {scope: "col"}, h("span", {class: "visually-hidden"}, "Actions")))),
        h("tbody", {}, lists.map((list) => h("tr", {},
          h("td", {}, h("a", {href: shortlistUrl(list.name)}, list.name)),
          h("td", {class: "num"}, list.count), h("td", {}, date(list.updated_at)),
          h("td", {}, h("button", {type: "button", class: "quiet", "aria-label": `Delete shortlist ${list.name}`,
            onclick: async () => {
              if (!confirm(`Delete the shortlist ${list.name}?`)) return;
              try {
                await api(listPath(list.name), {method: "DELETE"});
                setStatus(status, `Deleted ${list.name}.`);
              } catch (error) {
                setStatus(status, `Could not delete it: ${error.message}`, true);
              }
              await refresh();
            }}, "Delete"))))))));
    }
    await refresh();
  }

  async function oneList(name) {
    document.title = `Scout: shortlist ${name}`;
    const status = h("p", {class: "status", role: "status"});
    const body = h("div", {id: "members"});
    const exports = h("p", {class: "row", id: "exports"},
      h("a", {class: "button quiet", href: `${listPath(name)}/export?format=csv`, download: `${name}.csv`,
        id: "export-csv"}, "Export CSV"),
      h("a", {class: "button quiet", href: `${listPath(name)}/export?format=json`, download: `${name}.json`,
        id: "export-json"}, "Export JSON"));
    main.replaceChildren(h("p", {}, h("a", {href: "/shortlists"}, "← All shortlists")), h("h1", {}, `Shortlist: ${name}`),
      exports, status, body);
    for (const link of exports.querySelectorAll("a")) link.addEventListener("click", downloadWithKey);

    async function refresh() {
      let list;
      try {
        list = await api(listPath(name));
      } catch (error) {
        body.replaceChildren(h("p", {class: "error"}, `Could not load ${name}: ${error.message}`));
        return;
      }
      if (!list.members.length) {
        body.replaceChildren(h("p", {class: "muted"}, "Nobody on this list yet: add people from a search or a profile."));
        return;
      }
      body.replaceChildren(h("ul", {class: "results", id: "member-list"}, list.members.map(memberCard)));
    }

    function memberCard(member) {
      const noteId = `note-${member.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
      const note = h("textarea", {id: noteId, rows: 2, maxlength: 2000}, member.note || "");
      const saved = h("span", {class: "muted", role: "status"});
      return h("li", {class: "card member", "data-id": member.id},
        h("header", {}, h("h3", {}, h("a", {href: profileUrl(member.id)}, member.name || member.id),
          member.login ? h("span", {class: "muted"}, ` @${member.login}`) : null),
          h("span", {class: "muted"}, `added ${date(member.added_at)}`)),
        h("form", {onsubmit: async (event) => {
          event.preventDefault();
          try {
            await api(`${listPath(name)}/members/${encodeURIComponent(member.id)}`, {method: "PUT", body: {note: note.value}});
            setStatus(saved, "Note saved.");
          } catch (error) {
            setStatus(saved, `Not saved: ${error.message}`, true);
          }
        }}, h("div", {class: "field"}, h("label", {for: noteId}, "Note"), note),
          h("div", {class: "row"}, h("button", {type: "submit"}, "Save note"),
            h("button", {type: "button", class: "quiet", "aria-label": `Remove ${member.name || member.id} from ${name}`,
              onclick: async () => {
                try {
                  await api(`${listPath(name)}/members/${encodeURIComponent(member.id)}`, {method: "DELETE"});
                  setStatus(status, `Removed ${member.name || member.id}.`);
                } catch (error) {
                  setStatus(status, `Could not remove: ${error.message}`, true);
                }
                await refresh();
              }}, "Remove"), saved)));
    }
    await refresh();
  }

  /** Export links work as plain links on loopback; with a key they go through fetch, which can send it. */
  async function downloadWithKey(event) {
    if (!localStorage.getItem("scout.apiKey")) return;
    event.preventDefault();
    const link = event.currentTarget;
    const response = await api(link.getAttribute("href"), {raw: true});
    const url = URL.createObjectURL(await response.blob());
    const temp = h("a", {href: url, download: link.getAttribute("download")});
    document.body.append(temp);
    temp.click();
    temp.remove();
    URL.revokeObjectURL(url);
  }

  const name = document.body.dataset.shortlist;
  if (name) oneList(name); else allLists();
})();
