/** The keyboard shortcuts, listed on the page. */

import { SHORTCUTS } from "./shortcuts";

export function Shortcuts({ editable }: { editable: boolean }) {
  if (!editable) return null;
  return (
    <details className="bt-shortcuts" data-testid="shortcuts">
      <summary>Keyboard shortcuts</summary>
      <dl>
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.keys}>
            <dt>
              <kbd>{shortcut.keys}</kbd>
            </dt>
            <dd>{shortcut.what}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
