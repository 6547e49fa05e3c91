/** Read-only side panel for one state: name, type and its JSON (nested states summarised). */

import { useEffect, useRef } from "react";
import { detailsText } from "../asl/details";
import "./details.css";
import type { StateData } from "./types";

interface Props {
  data: StateData;
  onClose: () => void;
}

export function DetailsPanel({ data, onClose }: Props) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus({ preventScroll: true }), [data]);
  return (
    <aside className="bt-details" data-testid="state-details" aria-label={`State ${data.name}`}>
      <header className="bt-details__header">
        <div className="bt-details__title">
          <h2 className="bt-details__name">{data.name}</h2>
          <p className="bt-details__type">
            {data.type || "Unknown type"}
            {data.diff ? (
              <span className={`bt-badge bt-badge--${data.diff}`}>{data.diff}</span>
            ) : null}
          </p>
        </div>
        <button
          ref={closeRef}
          type="button"
          className="bt-details__close"
          onClick={onClose}
          aria-label="Close details"
        >
          ×
        </button>
      </header>
      {data.summary ? <p className="bt-details__summary">{data.summary}</p> : null}
      <pre className="bt-details__json" tabIndex={0} aria-label="State definition">
        {detailsText(data.state)}
      </pre>
    </aside>
  );
}
