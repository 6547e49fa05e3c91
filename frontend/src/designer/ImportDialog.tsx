/** Import ASL: paste a definition or choose its file; it replaces the draft (one undo step). */

import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { readDoc } from "./session";

interface Props {
  onImport: (text: string) => void;
  onClose: () => void;
}

export function ImportDialog({ onImport, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const readFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) void file.text().then(setText);
  };
  const submit = () => {
    if (!readDoc(text)) {
      setError(
        "This is not a JSON object. An ASL definition starts with { and has StartAt and States.",
      );
      return;
    }
    onImport(text);
    dialog.current?.close();
  };
  return (
    <dialog
      ref={dialog}
      className="bt-dialog bt-dialog--wide"
      onClose={onClose}
      aria-labelledby="import-title"
    >
      <h2 id="import-title">Import ASL</h2>
      <p className="bt-dialog__lead">
        Paste an Amazon States Language definition, or choose its file. It replaces what is on the
        canvas; Undo brings it back.
      </p>
      <label className="bt-field">
        <span>Definition file</span>
        <input type="file" accept=".json,.asl,application/json" onChange={readFile} />
      </label>
      <label className="bt-field">
        <span>Definition (JSON)</span>
        <textarea
          name="import-text"
          rows={14}
          spellCheck={false}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setError("");
          }}
        />
      </label>
      {error ? (
        <p className="bt-dialog__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="bt-dialog__actions">
        <button type="button" className="btn" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button type="button" className="btn primary" data-testid="import-confirm" onClick={submit}>
          Import
        </button>
      </div>
    </dialog>
  );
}
