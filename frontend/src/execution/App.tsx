/** The live execution page: head, failure summary, graph + step panel, timeline, history, data. */

import { useDeferredValue, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import { processorLevel } from "../asl/levels";
import { split } from "../asl/pointer";
import { isObject } from "../asl/types";
import { useNow } from "../canvas/nodes/LiveBadge";
import { StateIndex } from "../live/definition";
import { fold } from "../live/fold";
import { traversedIn } from "../live/views";
import { withApprovals } from "./ApprovalBadge";
import { approvalKey, approvalStates, type ApprovalTask } from "./approvals";
import type { PageConfig } from "./config";
import { FailureSummary } from "./FailureSummary";
import { Header } from "./Header";
import { HistoryTable } from "./HistoryTable";
import { JsonView } from "./JsonView";
import { LiveGraph } from "./LiveGraph";
import { latestRun, liveMarks } from "./marks";
import { StepPanel } from "./StepPanel";
import type { LiveStore } from "./store";
import { Timeline } from "./Timeline";
import { useApprovals } from "./useApprovals";

interface Selection {
  pointer: string;
  scope: string;
}

export function App({
  config,
  definition,
  store,
}: {
  config: PageConfig;
  definition: unknown;
  store: LiveStore;
}) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  const picture = useMemo(() => fold(definition, state.events), [definition, state.events]);
  // The graph paints each change first; the timeline and the history follow in a render React
  // may interrupt, so a long history does not hold back the picture (W7).
  const later = useDeferredValue(picture);
  const children = state.execution?.children;
  const pointers = useMemo(() => approvalStates(definition), [definition]);
  const approvals = useApprovals(config.id, approvalKey(picture, pointers));
  const marks = useMemo(
    () => withApprovals(liveMarks(definition, picture, "", children), picture, pointers, approvals),
    [definition, picture, children, pointers, approvals],
  );
  const [selected, setSelected] = useState<Selection>();
  const [opened, setOpened] = useState<{ map: string; scope: string; index: number }>();
  const running = state.execution?.status === "RUNNING";
  const now = useNow(running ? 1000 : 3_600_000);
  const execution = state.execution;
  if (!execution) return null;
  const select = (pointer: string, scope = "") => setSelected({ pointer, scope });
  const openIteration = (map: string, index: number) => {
    const run = latestRun(picture, map, selected?.scope ?? "");
    setOpened({ map, index, scope: `${run?.scope ?? ""}${map}#${index}` });
  };
  const panel = selected ? (
    <StepPanel
      key={`${selected.scope}|${selected.pointer}`}
      pointer={selected.pointer}
      name={nameOf(selected.pointer)}
      picture={picture}
      scope={selected.scope}
      childIds={execution.children}
      approvals={approvals}
      onClose={() => setSelected(undefined)}
      onIteration={openIteration}
    />
  ) : null;
  return (
    <>
      <Header
        config={config}
        execution={execution}
        connected={state.connected}
        refused={state.refused}
        failing={state.failing}
      />
      <FailureSummary
        config={config}
        picture={picture}
        status={execution.status}
        error={execution.error}
        cause={execution.cause}
        onSelect={(p) => select(p)}
      />
      <section className={`bt-exec-main${panel && !selected?.scope ? " bt-exec-main--panel" : ""}`}>
        <div className="bt-exec-card bt-exec-graphcard">
          <LiveGraph
            definition={definition}
            marks={marks}
            traversed={picture.traversed}
            selected={selected?.scope ? undefined : selected?.pointer}
            onSelect={(p) => select(p)}
            testid="graph"
            label="Graph of the execution"
          />
        </div>
        {selected && !selected.scope ? panel : null}
      </section>
      {opened ? (
        <IterationView
          definition={definition}
          picture={picture}
          opened={opened}
          approvals={approvals}
          selected={selected}
          onSelect={(p) => select(p, opened.scope)}
          onClose={() => setOpened(undefined)}
        >
          {selected?.scope ? panel : null}
        </IterationView>
      ) : null}
      <Timeline picture={later} now={now} onSelect={(p) => select(p)} />
      <HistoryTable picture={later} />
      <div className="grid-halves">
        <div className="card">
          <h2>Input</h2>
          <JsonView value={execution.input} testid="execution-input" label="Execution input" />
        </div>
        <div className="card">
          <h2>Output</h2>
          {execution.status === "SUCCEEDED" ? (
            <JsonView value={execution.output} testid="execution-output" label="Execution output" />
          ) : (
            <p className="muted">
              {running ? "Not finished yet." : "No output: the execution did not succeed."}
            </p>
          )}
        </div>
      </div>
    </>
  );
}

function nameOf(pointer: string): string {
  const tokens = split(pointer);
  return tokens[tokens.length - 1] ?? "";
}

interface IterationProps {
  definition: unknown;
  picture: ReturnType<typeof fold>;
  opened: { map: string; scope: string; index: number };
  approvals: readonly ApprovalTask[];
  selected?: Selection;
  onSelect: (pointer: string) => void;
  onClose: () => void;
  children: ReactNode;
}

function IterationView({
  definition,
  picture,
  opened,
  approvals,
  selected,
  onSelect,
  onClose,
  children,
}: IterationProps) {
  const index = useMemo(() => new StateIndex(definition), [definition]);
  const state = index.stateOf(opened.map) ?? {};
  const processor = processorLevel(state, opened.map);
  const marks = useMemo(
    () =>
      withApprovals(
        liveMarks(definition, picture, opened.scope),
        picture,
        approvalStates(definition),
        approvals,
        opened.scope,
      ),
    [definition, picture, opened.scope, approvals],
  );
  const traversed = useMemo(() => traversedIn(picture, opened.scope), [picture, opened.scope]);
  if (!processor || !isObject(processor.body)) return null;
  return (
    <section
      className="bt-exec-card bt-exec-iteration"
      data-testid="iteration-view"
      data-iteration={opened.index}
    >
      <header className="bt-exec-card__head">
        <h2>
          {nameOf(opened.map)}: iteration {opened.index}
        </h2>
        <button type="button" className="btn small" onClick={onClose}>
          Close
        </button>
      </header>
      <div className={`bt-exec-main${children ? " bt-exec-main--panel" : ""}`}>
        <div className="bt-exec-graphcard bt-exec-graphcard--small">
          <LiveGraph
            definition={processor.body}
            marks={marks}
            traversed={traversed}
            prefix={processor.pointer}
            selected={selected?.scope === opened.scope ? selected.pointer : undefined}
            onSelect={onSelect}
            testid="iteration-graph"
            label={`Graph of iteration ${opened.index}`}
          />
        </div>
        {children}
      </div>
    </section>
  );
}
