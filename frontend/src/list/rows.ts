/**
 * Bring the server-rendered list up to date in place: the parts of a fresh render of the same
 * query (engine/views.py execution_list_live) replace the page's, except that rows are kept as
 * elements (a ticked checkbox stays ticked, and a ticked row is not dropped from under a bulk
 * action).
 */

declare global {
  interface Window {
    /** static/js/time.js: <time datetime> in the reader's zone. */
    batonLocalizeTimes?: (root: ParentNode) => void;
  }
}

export function rowOf(root: ParentNode, executionId: string): HTMLTableRowElement | null {
  return root.querySelector<HTMLTableRowElement>(`tr[data-execution="${CSS.escape(executionId)}"]`);
}

/** The row's status as the server writes it (templates/engine/execution_list_results.html). */
export function showStatus(row: HTMLTableRowElement, status: string): void {
  if (row.dataset.status === status) return;
  row.dataset.status = status;
  const cell = row.querySelector('[data-cell="status"]');
  if (!cell) return;
  const pill = document.createElement("span");
  pill.className = `status ${status}`;
  pill.textContent = status.toLowerCase();
  cell.replaceChildren(pill);
}

export function applyResults(root: Element, html: string): void {
  const fresh = document.createElement("template");
  fresh.innerHTML = html;
  for (const part of fresh.content.querySelectorAll<HTMLElement>("[data-part]")) {
    const here = root.querySelector<HTMLElement>(`[data-part="${part.dataset.part}"]`);
    if (!here) continue;
    if (part.dataset.part === "rows") reconcileRows(here, part);
    else here.replaceWith(part);
  }
  window.batonLocalizeTimes?.(root);
}

function reconcileRows(here: HTMLElement, fresh: HTMLElement): void {
  const body = here.querySelector("tbody");
  const freshBody = fresh.querySelector("tbody");
  if (!body || !freshBody) {
    if (!isTicked(here)) here.replaceWith(fresh);
    return;
  }
  const existing = new Map(rowsOf(body).map((row) => [row.dataset.execution, row]));
  const ordered = rowsOf(freshBody).map((row) => {
    const kept = existing.get(row.dataset.execution);
    existing.delete(row.dataset.execution);
    if (!kept) row.classList.add("arrived");
    else copyChanges(kept, row);
    return kept ?? row;
  });
  const wanted = [...ordered, ...[...existing.values()].filter(isTicked)];
  // Rows already in place are not moved: a row taken out and put back between a press and its
  // release loses the click (a checkbox being ticked just as an update lands stays unticked).
  const current = rowsOf(body);
  if (wanted.length !== current.length || wanted.some((row, index) => row !== current[index])) {
    body.replaceChildren(...wanted);
  }
}

function rowsOf(body: HTMLElement): HTMLTableRowElement[] {
  return [...body.querySelectorAll<HTMLTableRowElement>(":scope > tr[data-execution]")];
}

function copyChanges(kept: HTMLTableRowElement, fresh: HTMLTableRowElement): void {
  for (const name of ["status", "ended"]) {
    const from = fresh.querySelector(`[data-cell="${name}"]`);
    const to = kept.querySelector(`[data-cell="${name}"]`);
    if (from && to && from.innerHTML !== to.innerHTML) to.replaceChildren(...from.childNodes);
  }
  kept.dataset.status = fresh.dataset.status ?? "";
}

function isTicked(element: Element): boolean {
  return element.querySelector('input[data-testid="select-execution"]:checked') !== null;
}
