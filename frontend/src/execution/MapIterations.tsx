/** A Map's iterations: progress, and one button per iteration that opens its own graph. */

import { STATUS_ICONS } from "../canvas/nodes/LiveBadge";
import type { Run } from "../live/fold";
import { mapProgress } from "../live/views";

const SHOW_AT_MOST = 500;

export function MapIterations({ run, onOpen }: { run: Run; onOpen: (index: number) => void }) {
  const progress = mapProgress(run);
  const indexes = [...run.iterations.keys()].sort((a, b) => a - b).slice(0, SHOW_AT_MOST);
  return (
    <section className="bt-iterations" aria-label="Iterations">
      <h3>
        Iterations{" "}
        <span className="bt-exec-muted">
          {progress.done}/{progress.total} done · {progress.running} running · {progress.succeeded}{" "}
          succeeded · {progress.failed} failed
        </span>
      </h3>
      <ul className="bt-iterations__list" data-testid="map-iterations">
        {indexes.map((index) => {
          const status = run.iterations.get(index) ?? "running";
          return (
            <li key={index}>
              <button
                type="button"
                className={`bt-iteration bt-live--${status}`}
                data-iteration={index}
                data-status={status}
                onClick={() => onOpen(index)}
                title={`Iteration ${index}: ${status}. Open its graph.`}
              >
                <span aria-hidden="true">{STATUS_ICONS[status]}</span> {index}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
