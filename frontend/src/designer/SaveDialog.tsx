/** Save as a new version: what changed, and optionally an alias to move to it. */

import { useEffect, useRef, useState, type FormEvent } from "react";

interface Props {
  nextVersion: number;
  aliases: string[];
  busy: boolean;
  error: string;
  onSave: (comment: string, alias: string) => void;
  onClose: () => void;
}

export function SaveDialog({ nextVersion, aliases, busy, error, onSave, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [comment, setComment] = useState("");
  const [alias, setAlias] = useState("");
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(comment.trim(), alias.trim());
  };
  return (
    <dialog ref={dialog} className="bt-dialog" onClose={onClose} aria-labelledby="save-title">
      <form onSubmit={submit}>
        <h2 id="save-title">Save version {nextVersion}</h2>
        <p className="bt-dialog__lead">
          A saved version never changes. Executions started from it keep running it.
        </p>
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
        {error ? (
          <p className="bt-dialog__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="bt-dialog__actions">
          <button type="button" className="btn" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="btn primary" data-testid="save-confirm" disabled={busy}>
            {busy ? "Saving…" : `Save version ${nextVersion}`}
          </button>
        </div>
      </form>
    </dialog>
  );
}
