// The inbox (templates/approvals/inbox.html): live and keyboard-friendly. The page is complete
// without it. Task changes come from the bell's socket (static/js/bell.js, "baton:inbox"
// events); each one re-fetches the same query's fragment (/inbox/live/?<query>), one fetch at
// a time however many arrive. Keys: j/k move the selection, Enter opens, c claims, a/r open
// the task focused on approve or reject.
(function () {
  const root = document.querySelector("[data-inbox]");
  if (!root) return;
  const indicator = document.querySelector('[data-testid="live"]');
  let selected = null; // the selected task's id, kept across refreshes
  let running = false;
  let again = false;

  function rows() {
    return Array.from(root.querySelectorAll("tr[data-task]"));
  }

  function select(row, scroll) {
    rows().forEach(function (r) {
      r.classList.toggle("selected", r === row);
      r.setAttribute("aria-selected", String(r === row));
    });
    selected = row ? row.dataset.task : null;
    if (row && scroll) row.scrollIntoView({ block: "nearest" });
  }

  function selectedRow() {
    return rows().find(function (r) { return r.dataset.task === selected; }) || null;
  }

  function applyFragment(html) {
    const fresh = document.createElement("template");
    fresh.innerHTML = html;
    const known = new Set(rows().map(function (r) { return r.dataset.task; }));
    fresh.content.querySelectorAll("[data-part]").forEach(function (part) {
      const here = root.querySelector('[data-part="' + part.dataset.part + '"]');
      if (here) here.replaceWith(part);
    });
    rows().forEach(function (r) { if (!known.has(r.dataset.task)) r.classList.add("arrived"); });
    if (window.batonLocalizeTimes) window.batonLocalizeTimes(root);
    if (selected) select(selectedRow(), false);
  }

  async function refresh() {
    if (running) { again = true; return; }
    running = true;
    try {
      const answer = await fetch(root.dataset.liveUrl + location.search, {
        headers: { Accept: "text/html" },
      });
      if (answer.ok) applyFragment(await answer.text());
    } catch (error) {
      // offline for a moment: the socket reconnects and the list is fetched again then
    } finally {
      running = false;
      if (again) { again = false; refresh(); }
    }
  }

  function showConnection(detail) {
    if (!indicator) return;
    indicator.hidden = false;
    indicator.dataset.connected = String(detail.connected);
    const label = indicator.querySelector("[data-live-label]");
    label.textContent = detail.connected ? "Live" : detail.refused ? "Not live" : "Reconnecting…";
  }

  function move(step) {
    const all = rows();
    if (!all.length) return;
    const at = all.indexOf(selectedRow());
    const next = at < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + step));
    select(all[next], true);
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    const target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable], details[open]")) return;
    const row = selectedRow();
    const keys = {
      j: function () { move(1); },
      k: function () { move(-1); },
      Enter: function () { if (row) location.assign(row.dataset.href); },
      c: function () {
        const claim = row && row.querySelector('[data-testid="row-claim"]');
        if (claim) claim.click();
      },
      a: function () { if (row) location.assign(row.dataset.href + "?focus=approve"); },
      r: function () { if (row) location.assign(row.dataset.href + "?focus=reject"); },
    };
    const action = keys[event.key];
    if (!action || (event.key === "Enter" && !row)) return;
    if (event.key === "Enter" && target.closest && target.closest("a, button")) return;
    event.preventDefault();
    action();
  }

  root.addEventListener("click", function (event) {
    const row = event.target.closest("tr[data-task]");
    if (row) select(row, false);
  });
  window.addEventListener("baton:inbox", refresh);
  window.addEventListener("baton:inbox-connection", function (event) {
    showConnection(event.detail);
    if (event.detail.connected) refresh(); // whatever arrived while it was down
  });
  document.addEventListener("keydown", onKey);
  if (window.batonInbox && window.batonInbox.connected) showConnection({ connected: true });
})();
