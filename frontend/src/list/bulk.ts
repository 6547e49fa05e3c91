/**
 * The list's bulk actions for operators: ticking rows (one by one or the whole page), and a
 * confirmation naming how many before the form posts to /executions/bulk/. Without this script
 * the same form posts unconfirmed and the server asks on a page of its own.
 */

const PICK = 'input[data-testid="select-execution"]';

const WHAT_HAPPENS: Record<string, string> = {
  stop: "Running ones stop (ABORTED); any that have already ended are skipped.",
  redrive:
    "Failed, timed-out or aborted ones go on from the states that did not succeed; the others are skipped.",
};

export function wireBulkActions(root: Element): void {
  const form = document.querySelector<HTMLFormElement>("#bulk-form");
  const dialog = document.querySelector<HTMLDialogElement>('dialog[data-testid="bulk-confirm"]');
  if (!form || !dialog) return; // a viewer: no bulk controls on the page
  root.addEventListener("change", (event) => {
    const box = event.target as HTMLInputElement;
    if (box.dataset.testid === "select-all") tickAll(root, box.checked);
    showSelection(root);
  });
  form.addEventListener("submit", (event) => askFirst(event, form, dialog, root));
  new MutationObserver(() => showSelection(root)).observe(root, { childList: true, subtree: true });
  showSelection(root);
}

function ticked(root: Element): HTMLInputElement[] {
  return [...root.querySelectorAll<HTMLInputElement>(`${PICK}:checked`)];
}

function tickAll(root: Element, checked: boolean): void {
  root.querySelectorAll<HTMLInputElement>(PICK).forEach((box) => (box.checked = checked));
}

function showSelection(root: Element): void {
  const count = ticked(root).length;
  const all = root.querySelectorAll(PICK).length;
  const label = root.querySelector("[data-selected-count]");
  const text = count ? `${count} selected` : "Choose executions to stop or redrive";
  // Only on a change: the MutationObserver that calls this would otherwise call it forever.
  if (label && label.textContent !== text) label.textContent = text;
  root
    .querySelectorAll<HTMLButtonElement>("[data-testid=bulk-stop], [data-testid=bulk-redrive]")
    .forEach((button) => (button.disabled = count === 0));
  const selectAll = root.querySelector<HTMLInputElement>('[data-testid="select-all"]');
  if (selectAll) {
    selectAll.checked = count > 0 && count === all;
    selectAll.indeterminate = count > 0 && count < all;
  }
}

function askFirst(
  event: SubmitEvent,
  form: HTMLFormElement,
  dialog: HTMLDialogElement,
  root: Element,
) {
  const confirmed = form.elements.namedItem("confirmed") as HTMLInputElement;
  const submitter = event.submitter as HTMLButtonElement | null;
  if (confirmed.value === "yes" || !submitter) return;
  event.preventDefault();
  const action = submitter.value;
  const count = ticked(root).length;
  const verb = action === "stop" ? "Stop" : "Redrive";
  const noun = count === 1 ? "execution" : "executions";
  dialog.querySelector("[data-confirm-title]")!.textContent = `${verb} ${count} ${noun}?`;
  dialog.querySelector("[data-confirm-detail]")!.textContent = WHAT_HAPPENS[action] ?? "";
  dialog.querySelector("[data-confirm-button]")!.textContent = `${verb} ${count}`;
  dialog.returnValue = "";
  dialog.onclose = () => {
    if (dialog.returnValue !== "confirm") return;
    confirmed.value = "yes";
    form.requestSubmit(submitter);
  };
  dialog.showModal();
}
