/**
 * The ELK web worker (built by Vite from worker.ts's `new Worker(new URL(...))`): lays out the ELK
 * graphs the page sends, one at a time, off the typing thread.
 */

import ELK from "elkjs/lib/elk.bundled.js";
import { answerRequest, type LayoutRequest, type LayoutResponse } from "./protocol";

interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: LayoutResponse): void;
}

const scope = self as unknown as WorkerScope;

// Created before onmessage is set: the bundled ELK, finding itself in a worker, installs its own
// self.onmessage when constructed; ours must replace it.
const elk = new ELK();

scope.onmessage = (event) => {
  void answerRequest(event.data, (graph) => elk.layout(graph)).then((answer) =>
    scope.postMessage(answer),
  );
};
