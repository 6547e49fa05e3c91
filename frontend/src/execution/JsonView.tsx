/**
 * A JSON document as foldable nodes (<details>, so keyboard and screen readers get folding for
 * free). Small objects and arrays open; big ones, and everything deep, start folded. The text
 * reads as JSON ("key": value), so searching the page finds it.
 */

import type { ReactNode } from "react";

const OPEN_UP_TO = 12;
const OPEN_DEPTH = 3;
const SHOW_AT_MOST = 200;

export function JsonView({
  value,
  testid,
  label,
}: {
  value: unknown;
  testid?: string;
  label?: string;
}) {
  if (value === undefined) return <p className="bt-exec-muted">Nothing.</p>;
  return (
    <div className="bt-json" data-testid={testid} aria-label={label} tabIndex={-1}>
      <Value value={value} depth={0} />
    </div>
  );
}

function Value({
  value,
  depth,
  name,
  last = true,
}: {
  value: unknown;
  depth: number;
  name?: string;
  last?: boolean;
}) {
  const key =
    name === undefined ? null : <span className="bt-json__key">{JSON.stringify(name)}: </span>;
  const comma = last ? "" : ",";
  if (value === null || typeof value !== "object") {
    return (
      <div className="bt-json__line">
        {key}
        <span className={`bt-json__${value === null ? "null" : typeof value}`}>
          {JSON.stringify(value)}
        </span>
        {comma}
      </div>
    );
  }
  const entries: [string | undefined, unknown][] = Array.isArray(value)
    ? value.map((item) => [undefined, item])
    : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    return (
      <div className="bt-json__line">
        {key}
        {open}
        {close}
        {comma}
      </div>
    );
  }
  const shown = entries.slice(0, SHOW_AT_MOST);
  const children: ReactNode[] = shown.map(([childName, child], i) => (
    <Value
      key={i}
      value={child}
      depth={depth + 1}
      name={childName}
      last={i === entries.length - 1}
    />
  ));
  if (entries.length > shown.length) {
    children.push(
      <div key="more" className="bt-json__more">
        … {entries.length - shown.length} more not shown
      </div>,
    );
  }
  const folded = entries.length > OPEN_UP_TO || depth >= OPEN_DEPTH;
  const count = Array.isArray(value) ? `${entries.length} items` : `${entries.length} keys`;
  return (
    <details className="bt-json__node" open={!folded}>
      <summary>
        {key}
        {open}
        <span className="bt-json__count"> {count} </span>
      </summary>
      <div className="bt-json__children">{children}</div>
      <div className="bt-json__line">
        {close}
        {comma}
      </div>
    </details>
  );
}
