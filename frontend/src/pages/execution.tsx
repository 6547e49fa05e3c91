/**
 * Entry of the live execution page (templates/engine/execution_detail.html). The template's
 * `[data-execution-page]` holds the server-rendered page and names its config (a json_script);
 * once the first REST fetch is in, the live page replaces it. Hooks: docs/ui-testing.md.
 */

import "../theme.css";
import "../canvas/details.css";
import "../execution/execution.css";
import { createRoot } from "react-dom/client";
import { App } from "../execution/App";
import type { PageConfig } from "../execution/config";
import { createLiveStore } from "../execution/store";
import { readScript } from "./read";

function mount(element: HTMLElement): void {
  const config = readScript(element.dataset.config) as PageConfig;
  const definition = readScript(config.definition);
  const store = createLiveStore(config.id);
  void store.ready.then(() => {
    const root = createRoot(element, { onUncaughtError: (error) => showError(element, error) });
    element.classList.add("bt-exec");
    root.render(<App config={config} definition={definition} store={store} />);
    element.dataset.live = "mounted";
  });
}

function showError(element: HTMLElement, error: unknown): void {
  const box = document.createElement("p");
  box.className = "bt-graph-error";
  box.setAttribute("role", "alert");
  box.textContent = `This page could not be drawn: ${error instanceof Error ? error.message : String(error)}. Reload to try again.`;
  element.prepend(box);
}

function mountAll(): void {
  document.querySelectorAll<HTMLElement>("[data-execution-page]").forEach(mount);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
