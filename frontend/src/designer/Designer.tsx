/** The designer page: toolbar, palette, canvas, code view, inspector and problems. */

import { useCallback, useMemo, useState } from "react";
import { languageAt, locate } from "../asl/edits";
import { CodeView } from "../code/CodeView";
import { offsetOfPointer } from "../code/parseError";
import { Inspector } from "./inspector/Inspector";
import { TestRunDialog } from "./testing/TestRunDialog";
import { TestStatePanel } from "./testing/TestStatePanel";
import { taskStatesOf } from "./testing/mocks";
import { DesignerCanvas } from "./DesignerCanvas";
import { diagnosticsByState, stateOfLocation } from "./flow";
import { ImportDialog } from "./ImportDialog";
import { Palette } from "./Palette";
import { ProblemsPanel } from "./ProblemsPanel";
import { SaveDialog } from "./SaveDialog";
import { Shortcuts } from "./Shortcuts";
import { Toolbar } from "./Toolbar";
import { downloadText } from "./download";
import { isDirty } from "./session";
import type { DesignerConfig, Diagnostic } from "./types";
import { useDesigner } from "./useDesigner";
import { useKeyboard, useLeaveGuard } from "./usePageEvents";
import { usePickers } from "./usePickers";
import { useSaving } from "./useSaving";
import { useValidation } from "./useValidation";

type Dialog = "save" | "import" | "test-run" | null;

export function Designer({ config }: { config: DesignerConfig }) {
  const model = useDesigner(config);
  const { session, definition, drawn, selection } = model;
  const editable = config.canDesign;
  const api = config.urls.api;
  const saving = useSaving(config, model);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [showCode, setShowCode] = useState(true);
  const [tab, setTab] = useState<"inspect" | "test">("inspect");
  const [ready, setReady] = useState(false);
  const parses = session.parseError === null;
  const { diagnostics, checking } = useValidation(api, session.text, parses);
  const pickers = usePickers(api, editable);
  const dirty = isDirty(session);

  const statePointers = useMemo(
    () => drawn.graph.nodes.filter((node) => node.kind === "state").map((node) => node.id),
    [drawn.graph],
  );
  const problems: Diagnostic[] = useMemo(() => {
    if (!session.parseError) return diagnostics;
    const { message } = session.parseError;
    return [{ code: "json_syntax", message, location: "", severity: "error" }];
  }, [diagnostics, session.parseError]);
  const invalid = useMemo(() => {
    const byState = diagnosticsByState(
      diagnostics.filter((d) => d.severity === "error"),
      statePointers,
    );
    return new Set([...byState.keys()].filter(Boolean));
  }, [diagnostics, statePointers]);

  const saveBlock = !parses
    ? "The JSON does not parse; fix it to save."
    : saving.nameError || (!config.workflow && !saving.name ? "Name the workflow to save it." : "");
  const canSave = editable && !saveBlock;
  useKeyboard(editable, {
    undo: model.undo,
    redo: model.redo,
    delete: model.remove,
    copy: model.copy,
    paste: model.paste,
    save: () => canSave && setDialog("save"),
    escape: () => model.select([]),
  });
  useLeaveGuard(dirty && editable, saving.workflow, saving.version, session.text);

  const openProblem = (problem: Diagnostic) => {
    const pointer = stateOfLocation(problem.location, statePointers);
    model.select(pointer ? [pointer] : []);
    setTab("inspect");
  };
  const selected = session.selected;
  const selectedSet = useMemo(() => new Set(selection.states), [selection.states]);
  const onReady = useCallback(() => setReady(true), []);
  const located = selected ? locate(definition, selected) : undefined;
  const highlight = useMemo(
    () => (selected && parses ? offsetOfPointer(session.text, selected) : null),
    [selected, parses, session.text],
  );
  const fileName = `${saving.workflow ?? (saving.name || "workflow")}${saving.version && !dirty ? `-v${saving.version}` : ""}.asl.json`;

  return (
    <div
      className={`bt-designer${showCode ? " bt-designer--code" : ""}${editable ? "" : " bt-designer--readonly"}`}
      data-testid="designer"
      data-graph-ready={ready ? "true" : undefined}
      data-dirty={dirty ? "true" : "false"}
    >
      <Toolbar
        workflow={saving.workflow}
        name={saving.name}
        onName={saving.setName}
        nameError={saving.nameError}
        version={saving.version}
        dirty={dirty}
        editable={editable}
        canUndo={model.canUndo}
        canRedo={model.canRedo}
        canSave={canSave}
        saveHint={saveBlock}
        showCode={showCode}
        onToggleCode={() => setShowCode(!showCode)}
        onUndo={model.undo}
        onRedo={model.redo}
        onImport={() => setDialog("import")}
        onExport={() => downloadText(fileName, session.text)}
        onTestRun={() => setDialog("test-run")}
        onSave={() => setDialog("save")}
      />
      {model.restoredFrom ? (
        <p className="bt-designer__notice" role="status">
          Your unsaved draft was restored. Undo goes back to the saved version.
        </p>
      ) : null}
      {saving.notice ? (
        <p className="bt-designer__notice" role="status" data-testid="save-notice">
          {saving.notice}
        </p>
      ) : null}
      {editable ? <Palette onAdd={model.addFromPalette} /> : null}
      <div className="bt-designer__canvas">
        {drawn.error ? (
          <p className="bt-designer__banner" role="alert">
            The graph shows the last definition it could draw: {drawn.error}
          </p>
        ) : null}
        {drawn.layout ? (
          <DesignerCanvas
            graph={drawn.graph}
            layout={drawn.layout}
            selected={selectedSet}
            selectedEdge={selection.edge}
            invalid={invalid}
            editable={editable}
            onSelect={model.select}
            onConnect={model.connect}
            onMoveEdge={model.moveEdge}
            onDropState={model.dropState}
            onDropPalette={model.dropPalette}
            onReady={onReady}
          />
        ) : (
          <p className="bt-designer__loading">Drawing…</p>
        )}
      </div>
      {showCode ? (
        <div className="bt-designer__code">
          <CodeView
            text={session.text}
            readOnly={!editable}
            parseError={session.parseError}
            onChange={model.type}
            onUndo={model.undo}
            onRedo={model.redo}
            highlight={highlight}
          />
        </div>
      ) : null}
      <aside className="bt-designer__side" aria-label="Selected state">
        {selected && located && editable ? (
          <div className="bt-tabs" role="tablist">
            <button
              type="button"
              role="tab"
              aria-selected={tab === "inspect"}
              onClick={() => setTab("inspect")}
            >
              Inspector
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === "test"}
              data-testid="test-state-tab"
              onClick={() => setTab("test")}
            >
              Test state
            </button>
          </div>
        ) : null}
        {tab === "test" && selected && located && editable ? (
          <TestStatePanel
            key={selected}
            apiBase={api}
            definitionText={session.text}
            stateName={located.name}
            stateType={String(located.state.Type ?? "")}
            language={languageAt(definition, selected)}
          />
        ) : (
          <Inspector
            definition={definition}
            pointer={located ? selected : null}
            readOnly={!editable}
            diagnostics={diagnostics}
            functions={pickers.functions}
            connections={pickers.connections}
            workflows={pickers.workflows}
            onEdit={model.edit}
            onSelect={(pointer) => model.select(pointer ? [pointer] : [])}
          />
        )}
      </aside>
      <div className="bt-designer__bottom">
        <ProblemsPanel problems={problems} checking={checking && parses} onOpen={openProblem} />
        <Shortcuts editable={editable} />
      </div>
      {dialog === "save" ? (
        <SaveDialog
          nextVersion={(saving.version ?? 0) + 1}
          aliases={config.aliases}
          busy={saving.busy}
          error={saving.error}
          onSave={async (comment, alias) => {
            if (await saving.save(session.text, comment, alias)) setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === "import" ? (
        <ImportDialog onImport={model.replace} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === "test-run" ? (
        <TestRunDialog
          apiBase={api}
          workflow={saving.workflow}
          definitionText={session.text}
          taskStates={taskStatesOf(definition)}
          onClose={() => setDialog(null)}
          onStarted={(id) => saving.leaveFor(`${config.urls.executionPage}${id}/`, session.text)}
        />
      ) : null}
    </div>
  );
}
