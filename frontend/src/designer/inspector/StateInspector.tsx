/** One selected state: its header (type, name, comment, query language) and its form. */

import { useContext, useId, useState, type CSSProperties, type KeyboardEvent } from "react";
import {
  languageAt,
  renameState,
  setQueryLanguage,
  statePointer,
  type StatePointer,
} from "../../asl/edits";
import { isObject, KNOWN_TYPES } from "../../asl/types";
import { FormContext } from "./context";
import { FieldErrors, JsonField, SelectField, TextField } from "./fields";
import { shownFields } from "./layout";
import { unclaimed } from "./model";
import { changeState, fieldPointer, patchState, typingKey, type StateContext } from "./shared";
import { StateFields } from "./StateFields";

interface Props {
  ctx: StateContext;
  onSelect: (pointer: StatePointer | null) => void;
}

export function StateInspector({ ctx, onSelect }: Props) {
  const { diagnostics } = useContext(FormContext);
  const type = typeof ctx.state.Type === "string" ? ctx.state.Type : "";
  const problemsId = useId();
  const problems = unclaimed(diagnostics, ctx.pointer, shownFields(type, ctx.language));
  return (
    <>
      <header className="bt-insp__header">
        <p className="bt-insp__kind" data-type={type}>
          <span className="bt-insp__swatch" aria-hidden="true" style={swatch(type)} />
          {type ? `${type} state` : "State of unknown type"}
          <span className="bt-insp__muted"> · {ctx.language}</span>
        </p>
        <NameField ctx={ctx} onSelect={onSelect} />
        <FieldErrors id={problemsId} messages={problems} />
      </header>
      <div className="bt-insp__body">
        <TextField
          label="Comment"
          name="Comment"
          at={fieldPointer(ctx, "Comment")}
          value={ctx.state.Comment}
          onChange={(value) => patchState(ctx, { Comment: value }, typingKey(ctx, "Comment"))}
        />
        <LanguageField ctx={ctx} />
        <StateFields ctx={ctx} />
        <details className="bt-insp__advanced">
          <summary>Advanced: edit state as JSON</summary>
          <JsonField
            label="State JSON"
            name="state-json"
            value={ctx.state}
            rows={6}
            check={(value) => (isObject(value) ? undefined : "A state is a JSON object")}
            onChange={(value) =>
              changeState(ctx, () => value as Record<string, unknown>, typingKey(ctx, "(json)"))
            }
          />
        </details>
      </div>
    </>
  );
}

/** The state type's colour (theme.css), for a known type. */
function swatch(type: string): CSSProperties | undefined {
  const known = (KNOWN_TYPES as readonly string[]).includes(type);
  return known
    ? ({ "--bt-insp-type": `var(--bt-type-${type.toLowerCase()})` } as CSSProperties)
    : undefined;
}

/** The state's name: renamed on blur or Enter, Escape puts the current name back. */
function NameField({ ctx, onSelect }: Props) {
  const [draft, setDraft] = useState(ctx.name);
  const [error, setError] = useState<string | undefined>();
  const commit = () => {
    if (draft === ctx.name) return setError(undefined);
    const renamed = renameState(ctx.definition, ctx.pointer, draft);
    if (!renamed.ok) {
      const { problem, message } = renamed.error;
      return setError(problem === "taken" ? `A state named "${draft}" exists already` : message);
    }
    setError(undefined);
    ctx.edit(renamed.definition);
    onSelect(statePointer(ctx.level, draft));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      commit();
    } else if (event.key === "Escape") {
      setDraft(ctx.name);
      setError(undefined);
    }
  };
  return (
    <TextField
      label="Name"
      name="state-name"
      value={draft}
      local={error}
      onChange={(value) => setDraft(value ?? "")}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}

function LanguageField({ ctx }: { ctx: StateContext }) {
  const own = ctx.state.QueryLanguage;
  const value = own === "JSONPath" || own === "JSONata" ? own : "";
  const inherited = languageAt(ctx.definition, ctx.level);
  return (
    <SelectField
      label="Query language"
      name="QueryLanguage"
      at={fieldPointer(ctx, "QueryLanguage")}
      value={value}
      onChange={(next) =>
        next === "JSONPath" || next === "JSONata"
          ? ctx.edit(setQueryLanguage(ctx.definition, ctx.pointer, next))
          : patchState(ctx, { QueryLanguage: undefined })
      }
    >
      <option value="">Inherit ({inherited})</option>
      <option value="JSONPath">JSONPath</option>
      <option value="JSONata">JSONata</option>
    </SelectField>
  );
}
