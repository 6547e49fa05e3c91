// The bell in the top bar (templates/approvals/bell.html) and the page's one /ws/inbox/ socket.
// The socket reconnects with backoff; each message of task changes is passed on to the page as
// a "baton:inbox" event (static/js/inbox.js listens), and "baton:inbox-connection" says whether
// the socket is up. On every change, and on each (re)connection, the count is fetched again.
(function () {
  const bell = document.querySelector("[data-bell]");
  if (!bell) return;
  const counter = bell.querySelector('[data-testid="notification-count"]');
  const list = bell.querySelector("[data-bell-list]");
  const REFUSED = 4401; // not logged in: trying again will not help
  const FIRST_DELAY_MS = 250;
  const MAX_DELAY_MS = 10000;
  let attempts = 0;
  let socket = null;

  function showCount(numbers) {
    counter.textContent = String(numbers.total);
    counter.toggleAttribute("data-zero", numbers.total === 0);
    const summary = bell.querySelector("summary");
    summary.setAttribute("aria-label", "Notifications and open tasks: " + numbers.total);
    summary.title = numbers.tasks + " open task" + (numbers.tasks === 1 ? "" : "s") + ", " +
      numbers.unread + " unread notification" + (numbers.unread === 1 ? "" : "s");
  }

  // One fetch at a time: changes arriving meanwhile fold into one more.
  let fetching = false;
  let again = false;
  async function refreshCount() {
    if (fetching) { again = true; return; }
    fetching = true;
    try {
      const answer = await fetch(bell.dataset.countUrl, { headers: { Accept: "application/json" } });
      if (answer.ok) showCount(await answer.json());
    } catch (error) {
      // offline for a moment: the next change or reconnection fetches it again
    } finally {
      fetching = false;
      if (again) { again = false; refreshCount(); }
    }
  }

  async function openPanel() {
    try {
      const answer = await fetch(bell.dataset.panelUrl, { headers: { Accept: "text/html" } });
      if (!answer.ok) return;
      list.innerHTML = await answer.text();
      if (window.batonLocalizeTimes) window.batonLocalizeTimes(list);
      refreshCount(); // the panel read what it showed
    } catch (error) {
      // the panel keeps its link to the notifications page
    }
  }

  function announce(name, detail) {
    window.dispatchEvent(new CustomEvent(name, { detail: detail }));
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const opened = new WebSocket(scheme + "//" + location.host + "/ws/inbox/");
    socket = opened;
    opened.onmessage = function (message) {
      const data = JSON.parse(String(message.data));
      if (data.type === "subscribed") {
        attempts = 0;
        announce("baton:inbox-connection", { connected: true });
        refreshCount(); // whatever changed while the socket was down
      } else if (data.type === "changes" && data.changes) {
        announce("baton:inbox", { changes: data.changes });
        refreshCount();
      }
    };
    opened.onclose = function (event) {
      if (opened !== socket) return;
      const refused = event.code === REFUSED;
      announce("baton:inbox-connection", { connected: false, refused: refused ? event.code : 0 });
      if (refused) return;
      const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * Math.pow(2, attempts));
      attempts += 1;
      window.setTimeout(connect, delay * (0.75 + Math.random() / 2));
    };
  }

  bell.addEventListener("toggle", function () {
    if (bell.open) openPanel();
  });
  document.addEventListener("click", function (event) {
    if (bell.open && !bell.contains(event.target)) bell.open = false;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && bell.open) {
      bell.open = false;
      bell.querySelector("summary").focus();
    }
  });
  window.batonInbox = {
    drop: function () { if (socket) socket.close(); }, // tests: a network failure; it reconnects
    get connected() { return socket !== null && socket.readyState === WebSocket.OPEN; },
  };
  connect();
})();
