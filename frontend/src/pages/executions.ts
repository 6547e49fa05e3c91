/**
 * Entry of the live execution list (templates/engine/execution_list.html). The page is complete
 * without it; this makes it live: a change to a row on the page shows at once, and a fresh
 * render of the same query (/executions/live/?<the page's query>) brings in new rows, counts
 * and ended times, at most one fetch at a time however many changes arrive.
 */
import { wireBulkActions } from "../list/bulk";
import { coalesced } from "../list/coalesce";
import { applyResults, rowOf, showStatus } from "../list/rows";
import { type Change, openLive } from "../live/socket";

const NEW_ROWS_AFTER_MS = 100; // a row that may belong on the page: soon, batched
const DETAILS_AFTER_MS = 1000; // counts and ended times of rows already drawn

function start(root: HTMLElement): void {
  const refresh = coalesced(() => fetchResults(root));
  const indicator = document.querySelector<HTMLElement>('[data-testid="live"]');
  wireBulkActions(root);
  openLive({
    path: "/ws/executions/",
    onChanges: (changes) => {
      const delay = drawChanges(
        root,
        changes.filter((c) => isWatched(root, c)),
      );
      if (delay !== null) refresh(delay);
    },
    catchUp: () => refresh(0),
    onConnection: (connected, refused) =>
      indicator && showConnection(indicator, connected, refused),
  });
}

/** Draw what the changes say of rows on the page; how soon a refresh should follow (null:
 * none). */
function drawChanges(root: HTMLElement, changes: Change[]): number | null {
  if (changes.length === 0) return null;
  let delay = DETAILS_AFTER_MS;
  for (const change of changes) {
    const row = rowOf(root, change.execution);
    if (row) {
      moveCount(root, row.dataset.status, change.status);
      showStatus(row, change.status);
    } else if (isNewestPage(root)) {
      delay = NEW_ROWS_AFTER_MS;
    }
  }
  return delay;
}

function isWatched(root: HTMLElement, change: Change): boolean {
  const workflow = root.dataset.filteredWorkflow;
  return !workflow || root.dataset.watchedWorkflow === String(change.workflow);
}

function isNewestPage(root: HTMLElement): boolean {
  return root.querySelector<HTMLElement>('[data-part="pager"]')?.dataset.newest === "true";
}

/** A row on the page passes every filter but the status, so its counts move with it. */
function moveCount(root: HTMLElement, from: string | undefined, to: string): void {
  if (!from || from === to) return;
  for (const [status, step] of [
    [from, -1],
    [to, 1],
  ] as const) {
    const count = root.querySelector<HTMLElement>(`[data-count="${status}"]`);
    if (count) count.textContent = String(Math.max(0, Number(count.textContent) + step));
  }
}

async function fetchResults(root: HTMLElement): Promise<void> {
  try {
    const answer = await fetch(`${root.dataset.liveUrl}${location.search}`, {
      headers: { Accept: "text/html" },
    });
    if (answer.ok) applyResults(root, await answer.text());
  } catch {
    // offline for a moment: the socket reconnects, and its catch-up fetches again
  }
}

function showConnection(indicator: HTMLElement, connected: boolean, refused?: number): void {
  indicator.hidden = false;
  indicator.dataset.connected = String(connected);
  const label = indicator.querySelector("[data-live-label]");
  if (label) label.textContent = connected ? "Live" : refused ? "Not live" : "Reconnecting…";
  indicator.title = refused ? `The server refused live updates (${refused}); reload to retry.` : "";
}

const root = document.querySelector<HTMLElement>("[data-live-list]");
if (root) start(root);
