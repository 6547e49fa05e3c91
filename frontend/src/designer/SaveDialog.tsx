/** Save as a new version: what changed, and optionally an alias to move to it. */

import { useState } from "react";
import { Dialog } from "./Dialog";

interface Props {
  nextVersion: number;
  aliases: string[];
  busy: boolean;
  error: string;
  onSave: (comment: string, alias: string) => void;
  onClose: () => void;
}

export function SaveDialog({ nextVersion, aliases, busy, error, onSave, onClose }: Props) {
  const [comment, setComment] = useState("");
  const [alias, setAlias] = useState("");
  return (
    <Dialog
      title={`Save version ${nextVersion}`}
      lead="A saved version never changes. Executions started from it keep running it."
      error={error}
      busy={busy}
      submitLabel={busy ? "Saving…" : `Save version ${nextVersion}`}
      submitTestId="save-confirm"
      onSubmit={() => onSave(comment.trim(), alias.trim())}
      onClose={onClose}
    >
      <label className="bt-field">
        <span>What changed</span>
        <input
          name="comment"
          value={comment}
          maxLength={500}
          autoFocus
          placeholder="Retry the payment call twice"
          onChange={(event) => setComment(event.target.value)}
        />
      </label>
      <label className="bt-field">
        <span>Move an alias to it (optional)</span>
        <input
          name="alias"
          value={alias}
          list="bt-aliases"
          maxLength={80}
          placeholder={aliases.length ? aliases.join(", ") : "prod"}
          onChange={(event) => setAlias(event.target.value)}
        />
        <datalist id="bt-aliases">
          {aliases.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </label>
    </Dialog>
  );
}
