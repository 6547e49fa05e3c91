/**
 * Controls the approval editor needs besides fields.tsx: a Markdown textarea, a checkbox, a
 * comma list of names, and the read-only view of a value given as a path or an expression.
 */

import type { ReactNode } from "react";
import { dynamicValue } from "../../asl/approval";
import type { JsonObject } from "../../asl/types";
import { FieldErrors, Frame, useDraft, useFrame } from "./fields";
import { nameListText, parseNameList } from "./model";

interface Common {
  label: string;
  name: string;
  at?: string;
  help?: ReactNode;
}

export function TextAreaField(
  props: Common & { value: unknown; onChange: (value: string | undefined) => void },
) {
  const frame = useFrame(props.at);
  const text = typeof props.value === "string" ? props.value : "";
  return (
    <Frame {...frame} label={props.label} help={props.help}>
      <textarea
        {...frame.aria}
        className="bt-insp__text"
        name={props.name}
        value={text}
        rows={3}
        readOnly={frame.readOnly}
        onChange={(event) => props.onChange(event.target.value || undefined)}
      />
    </Frame>
  );
}

/** A checkbox; unticked removes the field (each approval flag defaults to false). */
export function CheckboxField(
  props: Common & { value: unknown; onChange: (value: true | undefined) => void },
) {
  const frame = useFrame(props.at);
  return (
    <div className="bt-insp__field bt-insp__check">
      <label>
        <input
          {...frame.aria}
          type="checkbox"
          name={props.name}
          checked={props.value === true}
          disabled={frame.readOnly}
          onChange={(event) => props.onChange(event.target.checked || undefined)}
        />
        {props.label}
      </label>
      {props.help ? <p className="bt-insp__help">{props.help}</p> : null}
      <FieldErrors id={frame.errorId} messages={frame.messages} />
    </div>
  );
}

/** A comma list of names (users, groups, choices); emptied, the field is removed. */
export function NamesField(
  props: Common & { value: unknown; placeholder?: string; onChange: (names: string[]) => void },
) {
  const { value } = props;
  const draft = useDraft(value, nameListText, (text) => ({ ok: true, value: parseNameList(text) }));
  const frame = useFrame(props.at);
  return (
    <Frame {...frame} label={props.label} help={props.help ?? "Comma-separated"}>
      <input
        {...frame.aria}
        type="text"
        name={props.name}
        value={draft.draft}
        placeholder={props.placeholder}
        readOnly={frame.readOnly}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => {
          const text = event.target.value;
          draft.setDraft(text);
          const names = parseNameList(text);
          if (JSON.stringify(names) !== JSON.stringify(value ?? [])) props.onChange(names);
        }}
      />
    </Frame>
  );
}

/**
 * `children` (the editor of `owner[name]`) when the value is a plain one; when it is a `name.$`
 * path or a `{% %}` expression, that text read-only with a note to edit it as JSON.
 */
export function Known(props: Common & { owner: JsonObject; children: ReactNode }) {
  const dynamic = dynamicValue(props.owner, props.name);
  const frame = useFrame(props.at);
  if (!dynamic) return <>{props.children}</>;
  const what = dynamic.key.endsWith(".$") ? `a path (${dynamic.key})` : "a JSONata expression";
  return (
    <Frame
      {...frame}
      label={props.label}
      help={`Given as ${what}, known when the state runs: edit it in the JSON view.`}
    >
      <input
        {...frame.aria}
        type="text"
        name={props.name}
        value={dynamic.text}
        readOnly
        data-dynamic="true"
      />
    </Frame>
  );
}
