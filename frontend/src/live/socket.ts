/**
 * The live pages' WebSocket (engine/consumers.py): connects with the session cookie, reconnects
 * with backoff, and tells the page when to catch up from the REST API, which is the only source
 * of truth. Messages are hints: a page that missed some (socket down, tab hidden) calls its
 * `catchUp`, which fetches what changed, so nothing is lost, shown twice or left stale.
 *
 * Pause while hidden: changes arriving while the tab is hidden are dropped and one catch-up
 * runs when it is shown again.
 */

/** One execution's change in one engine round (engine/broadcast.py change_of). */
export interface Change {
  execution: string;
  workflow: number;
  status: string;
  first_event: number | null;
  last_event: number | null;
  entered: string[];
  exited: string[];
}

export interface LiveOptions {
  /** The socket's path: /ws/executions/, /ws/executions/<id>/ or /ws/workflows/<name>/. */
  path: string;
  /** Changes while connected and visible, in the order they came. */
  onChanges(changes: Change[]): void;
  /** After each (re)subscription and on return to the tab: fetch what may have been missed. */
  catchUp(): void;
  /** Connected (subscribed) or not; `refused` is the close code when the server said no. */
  onConnection?(connected: boolean, refused?: number): void;
}

export interface LiveSocket {
  /** Drop the socket as a network failure would (tests, docs/ui-testing.md); it reconnects. */
  drop(): void;
  close(): void;
  readonly connected: boolean;
}

/** 4401 not logged in, 4403 no role, 4404 nothing to watch: trying again will not help. */
const REFUSALS = new Set([4401, 4403, 4404]);
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;
const PING_EVERY_MS = 20_000;
const PONG_WITHIN_MS = 5_000;

export function openLive(options: LiveOptions): LiveSocket {
  let socket: WebSocket | null = null;
  let connected = false;
  let closed = false;
  let attempts = 0;
  let missedWhileHidden = false;
  let retryTimer: number | undefined;
  let pingTimer: number | undefined;
  let pongTimer: number | undefined;

  const setConnected = (value: boolean, refused?: number) => {
    if (connected === value && refused === undefined) return;
    connected = value;
    options.onConnection?.(value, refused);
  };

  const connect = () => {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const opened = new WebSocket(`${scheme}//${location.host}${options.path}`);
    socket = opened;
    opened.onmessage = (message) => {
      if (opened !== socket) return;
      const data = JSON.parse(String(message.data)) as { type: string; changes?: Change[] };
      window.clearTimeout(pongTimer);
      if (data.type === "subscribed") {
        attempts = 0;
        setConnected(true);
        options.catchUp(); // whatever happened before this socket joined
      } else if (data.type === "changes" && data.changes) {
        if (document.visibilityState === "hidden") missedWhileHidden = true;
        else options.onChanges(data.changes);
      }
    };
    opened.onclose = (event) => {
      if (opened !== socket) return;
      socket = null;
      window.clearInterval(pingTimer);
      window.clearTimeout(pongTimer);
      if (closed) return;
      if (REFUSALS.has(event.code)) {
        closed = true;
        setConnected(false, event.code);
        return;
      }
      setConnected(false);
      scheduleReconnect();
    };
    window.clearInterval(pingTimer);
    pingTimer = window.setInterval(() => ping(opened), PING_EVERY_MS);
  };

  /** A socket to a dead server can stay "open" for minutes; an unanswered ping ends it. */
  const ping = (opened: WebSocket) => {
    if (opened.readyState !== WebSocket.OPEN) return;
    opened.send(JSON.stringify({ type: "ping" }));
    window.clearTimeout(pongTimer);
    pongTimer = window.setTimeout(() => dropSocket(), PONG_WITHIN_MS);
  };

  const scheduleReconnect = () => {
    window.clearTimeout(retryTimer);
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempts);
    attempts += 1;
    // Full jitter, so that many pages do not come back at the same instant after a restart.
    retryTimer = window.setTimeout(connect, ceiling / 2 + (Math.random() * ceiling) / 2);
  };

  const dropSocket = () => {
    const current = socket;
    if (!current) return;
    socket = null;
    window.clearInterval(pingTimer);
    current.onclose = null;
    current.close();
    setConnected(false);
    scheduleReconnect();
  };

  const onVisibility = () => {
    if (document.visibilityState === "visible" && missedWhileHidden && connected) {
      missedWhileHidden = false;
      options.catchUp();
    }
  };
  document.addEventListener("visibilitychange", onVisibility);
  connect();

  const live: LiveSocket = {
    drop: dropSocket,
    close() {
      closed = true;
      open.delete(live);
      document.removeEventListener("visibilitychange", onVisibility);
      window.clearTimeout(retryTimer);
      window.clearInterval(pingTimer);
      window.clearTimeout(pongTimer);
      socket?.close();
      socket = null;
    },
    get connected() {
      return connected;
    },
  };
  open.add(live);
  return live;
}

const open = new Set<LiveSocket>();

declare global {
  interface Window {
    /** Test hook (docs/ui-testing.md): `batonLive.drop()` cuts every live socket of the page. */
    batonLive?: { drop(): void; readonly count: number };
  }
}

window.batonLive = {
  drop: () => open.forEach((live) => live.drop()),
  get count() {
    return open.size;
  },
};
