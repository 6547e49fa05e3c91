/**
 * Entry of the designer bundle: mounts the designer into `[data-designer]`, configured by the
 * json_script its `data-config` names (designer/types.ts DesignerConfig). Until it is drawn the
 * element shows what the template put in it (the definition as text).
 */

import "../theme.css";
import "../canvas/details.css";
import "../designer/designer.css";
import { createRoot } from "react-dom/client";
import { Designer } from "../designer/Designer";
import type { DesignerConfig } from "../designer/types";
import { readScript } from "./read";

function mountDesigner(element: HTMLElement): void {
  const config = readScript(element.dataset.config) as DesignerConfig;
  const root = createRoot(element);
  element.classList.add("bt-designer-root");
  root.render(<Designer config={config} />);
}

function mountAll(): void {
  document.querySelectorAll<HTMLElement>("[data-designer]").forEach((element) => {
    try {
      mountDesigner(element);
    } catch (error) {
      const box = document.createElement("p");
      box.setAttribute("role", "alert");
      box.textContent = `The designer cannot start: ${error instanceof Error ? error.message : String(error)}`;
      element.replaceChildren(box);
    }
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
