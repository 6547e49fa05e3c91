import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { toGraph } from "../src/asl/graph";
import type { Graph } from "../src/asl/types";
import { layoutGraph } from "../src/layout/elk";
import { readLayout, toElkGraph, type Layout } from "../src/layout/elkGraph";
import { answerRequest, type LayoutRequest, type LayoutResponse } from "../src/layout/protocol";
import {
  createLatestLayout,
  createWorkerLayout,
  type LayoutFn,
  type LayoutWorker,
} from "../src/layout/worker";
import { nested, simple } from "./definitions";

const elk = new ELK();

/** A stand-in for the real worker: the same answer code, messages cloned as postMessage does. */
class FakeWorker implements LayoutWorker {
  onmessage: ((event: MessageEvent<LayoutResponse>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  received: LayoutRequest[] = [];
  terminated = false;

  constructor(private readonly hold = false) {}

  postMessage(message: LayoutRequest): void {
    const request = structuredClone(message);
    this.received.push(request);
    if (!this.hold) void this.answer(request);
  }

  async answer(request: LayoutRequest): Promise<void> {
    const response = await answerRequest(request, (graph) => elk.layout(graph));
    this.onmessage?.({ data: structuredClone(response) } as MessageEvent<LayoutResponse>);
  }

  fail(): void {
    this.onerror?.(new Event("error"));
  }

  terminate(): void {
    this.terminated = true;
  }
}

const noFallback: LayoutFn = () => Promise.reject(new Error("fallback used"));

function entries(layout: Layout): unknown {
  return { nodes: [...layout.nodes], edges: [...layout.edges] };
}

describe("the ELK graph both paths share", () => {
  it("nests each container's children and puts each edge in its level", () => {
    const graph = toGraph(nested);
    const root = toElkGraph(graph);
    const ids = (node: { children?: { id: string }[] }) => (node.children ?? []).map((c) => c.id);
    const top = graph.nodes.filter((node) => !node.parent).map((node) => node.id);
    expect(ids(root)).toEqual(top);
    const elkEdges: string[] = [];
    const visit = (node: ReturnType<typeof toElkGraph>): void => {
      for (const edge of node.edges ?? []) elkEdges.push(edge.id);
      for (const child of node.children ?? []) visit(child);
    };
    visit(root);
    expect(elkEdges.sort()).toEqual(graph.edges.map((edge) => edge.id).sort());
  });

  it("survives structured cloning (what postMessage does) with nothing lost", () => {
    const root = toElkGraph(toGraph(nested));
    expect(structuredClone(root)).toEqual(root);
  });

  it("ELK's answer, read, is a Layout that clones as it is", async () => {
    const layout = readLayout(await elk.layout(toElkGraph(toGraph(simple))));
    expect(entries(structuredClone(layout))).toEqual(entries(layout));
  });
});

describe("createWorkerLayout", () => {
  it("gives the same layout as layoutGraph", async () => {
    const layout = createWorkerLayout(() => new FakeWorker(), noFallback);
    for (const definition of [simple, nested]) {
      const graph = toGraph(definition);
      expect(entries(await layout(graph))).toEqual(entries(await layoutGraph(graph)));
    }
  });

  it("starts one worker and reuses it", async () => {
    let made = 0;
    const layout = createWorkerLayout(() => (made++, new FakeWorker()), noFallback);
    await Promise.all([layout(toGraph(simple)), layout(toGraph(nested))]);
    await layout(toGraph(simple));
    expect(made).toBe(1);
  });

  it("pairs answers with requests by id, whatever order they come back in", async () => {
    const fake = new FakeWorker(true);
    const layout = createWorkerLayout(() => fake, noFallback);
    const small = toGraph(simple);
    const big = toGraph(nested);
    const first = layout(small);
    const second = layout(big);
    await fake.answer(fake.received[1]);
    await fake.answer(fake.received[0]);
    expect([...(await first).nodes.keys()]).toEqual(small.nodes.map((node) => node.id));
    expect([...(await second).nodes.keys()]).toEqual(big.nodes.map((node) => node.id));
  });

  it("an ELK error rejects that request only", async () => {
    const fake = new FakeWorker(true);
    const layout = createWorkerLayout(() => fake, noFallback);
    const good = layout(toGraph(simple));
    const bad = layout(toGraph(simple));
    const badFails = expect(bad).rejects.toThrow(/ELK layout failed/);
    fake.received[1].graph.edges = [{ id: "e", sources: ["nowhere"], targets: ["none"] }];
    await fake.answer(fake.received[1]);
    await fake.answer(fake.received[0]);
    await badFails;
    await expect(good).resolves.toBeDefined();
  });

  it("a worker that fails to load hands its open requests and later ones to the fallback", async () => {
    const fake = new FakeWorker(true);
    const fallback: LayoutFn = (graph) => layoutGraph(graph);
    const layout = createWorkerLayout(() => fake, fallback);
    const graph = toGraph(simple);
    const open = layout(graph);
    fake.fail();
    expect(fake.terminated).toBe(true);
    expect(entries(await open)).toEqual(entries(await layoutGraph(graph)));
    await layout(graph);
    expect(fake.received).toHaveLength(1);
  });

  it("no Worker at all (it throws on creation) means the fallback", async () => {
    let calls = 0;
    const fallback: LayoutFn = (graph) => (calls++, layoutGraph(graph));
    const layout = createWorkerLayout(() => {
      throw new Error("Worker is not defined");
    }, fallback);
    await layout(toGraph(simple));
    await layout(toGraph(simple));
    expect(calls).toBe(2);
  });
});

/** A layout function whose runs the test finishes by hand. */
function manual() {
  const runs: { graph: Graph; finish(layout: Layout): void; fail(error: Error): void }[] = [];
  const layout: LayoutFn = (graph) =>
    new Promise((finish, fail) => runs.push({ graph, finish, fail }));
  return { runs, layout };
}

const EMPTY: Layout = { nodes: new Map(), edges: new Map() };
const graphs = [simple, nested, simple].map((definition) => toGraph(definition));

describe("createLatestLayout", () => {
  it("a single run resolves to its layout", async () => {
    const { runs, layout } = manual();
    const latest = createLatestLayout(layout);
    const result = latest.run(graphs[0]);
    runs[0].finish(EMPTY);
    expect(await result).toBe(EMPTY);
  });

  it("an older request resolves null once a newer one is made, before its layout ends", async () => {
    const { runs, layout } = manual();
    const latest = createLatestLayout(layout);
    const older = latest.run(graphs[0]);
    const newer = latest.run(graphs[1]);
    expect(await older).toBeNull();
    runs[0].finish(EMPTY);
    await Promise.resolve();
    const fresh: Layout = { nodes: new Map(), edges: new Map() };
    await new Promise((tick) => setTimeout(tick, 0));
    runs[1].finish(fresh);
    expect(await newer).toBe(fresh);
  });

  it("runs one layout at a time, and of the requests that waited only the newest is laid out", async () => {
    const { runs, layout } = manual();
    const latest = createLatestLayout(layout);
    const first = latest.run(graphs[0]);
    const second = latest.run(graphs[1]);
    const third = latest.run(graphs[2]);
    expect(runs).toHaveLength(1);
    runs[0].finish(EMPTY);
    await new Promise((tick) => setTimeout(tick, 0));
    expect(runs).toHaveLength(2);
    expect(runs[1].graph).toBe(graphs[2]);
    runs[1].finish(EMPTY);
    expect(await Promise.all([first, second, third])).toEqual([null, null, EMPTY]);
  });

  it("the latest request's failure rejects it; a superseded one's failure is ignored", async () => {
    const { runs, layout } = manual();
    const latest = createLatestLayout(layout);
    const older = latest.run(graphs[0]);
    const olderFails = expect(older).rejects.toThrow("stale");
    runs[0].fail(new Error("stale"));
    await olderFails;
    await new Promise((tick) => setTimeout(tick, 0));
    const newer = latest.run(graphs[1]);
    const newerFails = expect(newer).rejects.toThrow("boom");
    runs[1].fail(new Error("boom"));
    await newerFails;
    const superseded = latest.run(graphs[0]);
    await new Promise((tick) => setTimeout(tick, 0));
    const last = latest.run(graphs[1]);
    runs[2].fail(new Error("ignored"));
    await new Promise((tick) => setTimeout(tick, 0));
    runs[3].finish(EMPTY);
    expect(await superseded).toBeNull();
    expect(await last).toBe(EMPTY);
  });
});
