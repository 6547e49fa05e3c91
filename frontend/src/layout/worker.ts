/**
 * ELK off the typing thread, for the designer: the graph is turned into ELK's JSON here (cheap),
 * laid out in a Web Worker (elkWorker.ts) and comes back as the same Layout layoutGraph gives.
 * Where no worker can run (no Worker, or its script fails to load) the layout runs on this
 * thread instead, through elk.ts, loaded only then.
 */

import type { Graph } from "../asl/types";
import { toElkGraph, type Layout } from "./elkGraph";
import type { LayoutRequest, LayoutResponse } from "./protocol";

export type LayoutFn = (graph: Graph) => Promise<Layout>;

/** The part of a Worker this module uses (a fake one in tests). */
export interface LayoutWorker {
  postMessage(message: LayoutRequest): void;
  onmessage: ((event: MessageEvent<LayoutResponse>) => void) | null;
  onerror: ((event: Event) => void) | null;
  terminate(): void;
}

interface Pending {
  graph: Graph;
  resolve(layout: Layout): void;
  reject(error: Error): void;
}

/**
 * A layout function backed by one worker, started on the first call. If the worker cannot be
 * made, or fails (its script did not load), every request then open and later goes to `fallback`.
 */
export function createWorkerLayout(makeWorker: () => LayoutWorker, fallback: LayoutFn): LayoutFn {
  let worker: LayoutWorker | null = null;
  let broken = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const giveUp = (): void => {
    broken = true;
    worker?.terminate();
    worker = null;
    const open = [...pending.values()];
    pending.clear();
    for (const request of open) fallback(request.graph).then(request.resolve, request.reject);
  };

  const start = (): LayoutWorker | null => {
    try {
      const made = makeWorker();
      made.onmessage = (event) => settle(pending, event.data);
      made.onerror = (event) => {
        event.preventDefault();
        giveUp();
      };
      return made;
    } catch {
      broken = true;
      return null;
    }
  };

  return (graph) => {
    if (!broken) worker ??= start();
    if (broken || !worker) return fallback(graph);
    const id = nextId++;
    const request = toElkGraph(graph);
    const live = worker;
    return new Promise<Layout>((resolve, reject) => {
      pending.set(id, { graph, resolve, reject });
      live.postMessage({ id, graph: request });
    });
  };
}

function settle(pending: Map<number, Pending>, answer: LayoutResponse): void {
  const request = pending.get(answer.id);
  if (!request) return;
  pending.delete(answer.id);
  if ("layout" in answer) request.resolve(answer.layout);
  else request.reject(new Error(`ELK layout failed: ${answer.error}`));
}

function spawnElkWorker(): LayoutWorker {
  if (typeof Worker === "undefined") throw new Error("no Web Workers here");
  // Written out in full so Vite finds it and builds elkWorker.ts as a worker of its own.
  return new Worker(new URL("./elkWorker.ts", import.meta.url), {
    type: "module",
    name: "baton-elk",
  }) as LayoutWorker;
}

async function layoutOnThisThread(graph: Graph): Promise<Layout> {
  const { layoutGraph } = await import("./elk");
  return layoutGraph(graph);
}

let shared: LayoutFn | null = null;

/** The same result as layoutGraph(graph), computed in the shared ELK worker. */
export function layoutInWorker(graph: Graph): Promise<Layout> {
  shared ??= createWorkerLayout(spawnElkWorker, layoutOnThisThread);
  return shared(graph);
}

export interface LatestLayout {
  /** The layout of `graph`, or null once a newer run was asked for (at once if this one waits). */
  run(graph: Graph): Promise<Layout | null>;
}

/**
 * Latest wins: at most one layout runs at a time; a run asked for meanwhile waits, and a newer
 * one replaces it (the replaced one resolves null without ever being laid out). The running one,
 * once superseded, resolves null at once; its result, when it comes, is dropped.
 */
export function createLatestLayout(layout: LayoutFn = layoutInWorker): LatestLayout {
  type Run = { graph: Graph; resolve(value: Layout | null): void; reject(error: unknown): void };
  let running: Run | null = null;
  let waiting: Run | null = null;

  const startNext = (): void => {
    const run = waiting;
    if (!run) return;
    waiting = null;
    running = run;
    layout(run.graph)
      .then(run.resolve, run.reject)
      .finally(() => {
        running = null;
        startNext();
      });
  };

  return {
    run(graph) {
      return new Promise<Layout | null>((resolve, reject) => {
        running?.resolve(null);
        waiting?.resolve(null);
        waiting = { graph, resolve, reject };
        if (!running) startNext();
      });
    },
  };
}
