/** The designer's top bar: the workflow's name (typed for a new one), its version, and the
 * commands: undo, redo, import, export, test run, save. A viewer sees export only. */

interface Props {
  workflow: string | null;
  name: string;
  onName: (name: string) => void;
  nameError: string;
  version: number | null;
  dirty: boolean;
  editable: boolean;
  canUndo: boolean;
  canRedo: boolean;
  canSave: boolean;
  saveHint: string;
  showCode: boolean;
  onToggleCode: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onImport: () => void;
  onExport: () => void;
  onTestRun: () => void;
  onSave: () => void;
}

export function Toolbar(props: Props) {
  const { editable, version } = props;
  return (
    <div className="bt-toolbar" role="toolbar" aria-label="Designer">
      <div className="bt-toolbar__title">
        {props.workflow ? (
          <h1 title={props.workflow}>{props.workflow}</h1>
        ) : (
          <label className="bt-toolbar__name">
            <span className="bt-sr">Workflow name</span>
            <input
              name="workflow-name"
              value={props.name}
              placeholder="Name this workflow"
              maxLength={80}
              aria-invalid={props.nameError ? true : undefined}
              aria-describedby="workflow-name-error"
              onChange={(event) => props.onName(event.target.value)}
            />
            {props.nameError ? (
              <span id="workflow-name-error" className="bt-toolbar__error">
                {props.nameError}
              </span>
            ) : null}
          </label>
        )}
        <span className="bt-toolbar__version">
          {version ? (
            <>
              v<span data-testid="version-number">{version}</span>
            </>
          ) : (
            "not saved yet"
          )}
          {props.dirty && editable ? (
            <span className="bt-toolbar__dirty"> · unsaved changes</span>
          ) : null}
          {!editable ? <span className="bt-toolbar__dirty"> · read-only</span> : null}
        </span>
      </div>
      <div className="bt-toolbar__group">
        {editable ? (
          <>
            <button
              type="button"
              className="btn"
              data-testid="undo"
              onClick={props.onUndo}
              disabled={!props.canUndo}
              title="Undo (Ctrl+Z)"
            >
              ↶ Undo
            </button>
            <button
              type="button"
              className="btn"
              data-testid="redo"
              onClick={props.onRedo}
              disabled={!props.canRedo}
              title="Redo (Ctrl+Shift+Z)"
            >
              ↷ Redo
            </button>
          </>
        ) : null}
        <button
          type="button"
          className="btn"
          aria-pressed={props.showCode}
          onClick={props.onToggleCode}
        >
          {"{ }"} Code
        </button>
      </div>
      <div className="bt-toolbar__group">
        {editable ? (
          <button type="button" className="btn" data-testid="import" onClick={props.onImport}>
            Import
          </button>
        ) : null}
        <button type="button" className="btn" data-testid="export" onClick={props.onExport}>
          Export
        </button>
        {editable ? (
          <>
            <button
              type="button"
              className="btn"
              data-testid="test-run"
              onClick={props.onTestRun}
              disabled={!props.canSave}
              title={props.saveHint || "Run the draft with mocked tasks"}
            >
              ▷ Test run
            </button>
            <button
              type="button"
              className="btn primary"
              data-testid="save"
              onClick={props.onSave}
              disabled={!props.canSave}
              title={props.saveHint || "Save as a new version (Ctrl+S)"}
            >
              Save
            </button>
          </>
        ) : null}
      </div>
    </div>
  );
}
