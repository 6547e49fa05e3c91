/** Import ASL: paste a definition or choose its file; it replaces the draft (one undo step). */

import { useRef, useState, type ChangeEvent } from "react";
import { closeDialogOf, Dialog } from "./Dialog";
import { readDoc } from "./session";

interface Props {
  onImport: (text: string) => void;
  onClose: () => void;
}

const NOT_A_DEFINITION =
  "This is not a JSON object. An ASL definition starts with { and has StartAt and States.";

export function ImportDialog({ onImport, onClose }: Props) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const readFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) void file.text().then(setText);
  };
  const submit = () => {
    if (!readDoc(text)) return setError(NOT_A_DEFINITION);
    onImport(text);
    closeDialogOf(area.current);
  };
  return (
    <Dialog
      title="Import ASL"
      lead="Paste an Amazon States Language definition, or choose its file. It replaces what is on the canvas; Undo brings it back."
      wide
      error={error}
      submitLabel="Import"
      submitTestId="import-confirm"
      onSubmit={submit}
      onClose={onClose}
    >
      <label className="bt-field">
        <span>Definition file</span>
        <input type="file" accept=".json,.asl,application/json" onChange={readFile} />
      </label>
      <label className="bt-field">
        <span>Definition (JSON)</span>
        <textarea
          ref={area}
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
    </Dialog>
  );
}
