/**
 * The inspector's form fields. Each has a label tied to its input, `name` = the ASL field name,
 * `aria-invalid` when a diagnostic (or its own parse error) applies, and the message inline in
 * an element with `data-field-error`. Fields that must keep half-typed text (numbers, JSON,
 * error lists) hold a draft and apply it whenever it reads as a value.
 */

import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import type { Diagnostic } from "../types";
import { useMessages, useReadOnly } from "./context";
import {
  jsonText,
  nameListText,
  nameSuggestions,
  parseJsonText,
  parseNameList,
  parseNumberText,
  type Parsed,
} from "./model";

interface Common {
  label: string;
  /** The input's `name`: the ASL field it edits. */
  name: string;
  /** JSON pointer of the field, for its diagnostics. */
  at?: string;
  help?: ReactNode;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Messages under a field: its own parse error first, then the server's diagnostics. */
export function FieldErrors(props: { id: string; local?: string; messages: Diagnostic[] }) {
  const { id, local, messages } = props;
  if (!local && messages.length === 0) return null;
  return (
    <div id={id} className="bt-insp__error" data-field-error>
      {local ? <p>{local}</p> : null}
      {messages.map((d, index) => (
        <p key={index} className={d.severity === "warning" ? "bt-insp__warning" : undefined}>
          {d.severity === "warning" ? "Warning: " : ""}
          {d.message}
        </p>
      ))}
    </div>
  );
}

/** Ids, messages and the ARIA attributes a field's input carries. */
export function useFrame(at: string | undefined, local?: string) {
  const id = useId();
  const messages = useMessages(at);
  const invalid = Boolean(local) || messages.length > 0;
  const errorId = `${id}-error`;
  const aria = {
    id,
    "aria-invalid": invalid ? ("true" as const) : undefined,
    "aria-describedby": invalid ? errorId : undefined,
  };
  return { id, errorId, messages, aria, readOnly: useReadOnly() };
}

export function Frame(props: {
  id: string;
  errorId: string;
  label: string;
  help?: ReactNode;
  local?: string;
  messages: Diagnostic[];
  children: ReactNode;
}) {
  return (
    <div className="bt-insp__field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.help ? <p className="bt-insp__help">{props.help}</p> : null}
      <FieldErrors id={props.errorId} local={props.local} messages={props.messages} />
    </div>
  );
}

/** Text kept while it does not parse; replaced when the value changes from elsewhere (undo). */
export function useDraft(
  value: unknown,
  format: (value: unknown) => string,
  parse: (t: string) => Parsed,
) {
  const [draft, setDraft] = useState(() => format(value));
  const [seen, setSeen] = useState(value);
  if (!same(seen, value)) {
    setSeen(value);
    const parsed = parse(draft);
    if (!parsed.ok || !same(parsed.value, value)) setDraft(format(value));
  }
  const parsed = parse(draft);
  return { draft, setDraft, parsed, error: parsed.ok ? undefined : parsed.message };
}

export interface TextFieldProps extends Common {
  value: unknown;
  /** `undefined` when cleared: the field is removed. */
  onChange: (value: string | undefined) => void;
  placeholder?: string;
  list?: string;
  onBlur?: () => void;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
  local?: string;
}

export function TextField(props: TextFieldProps) {
  const frame = useFrame(props.at, props.local);
  const { value } = props;
  const text = typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
  return (
    <Frame {...frame} label={props.label} help={props.help} local={props.local}>
      <input
        {...frame.aria}
        type="text"
        name={props.name}
        value={text}
        placeholder={props.placeholder}
        list={props.list}
        readOnly={frame.readOnly}
        spellCheck={false}
        onChange={(event) =>
          props.onChange(event.target.value === "" ? undefined : event.target.value)
        }
        onBlur={props.onBlur}
        onKeyDown={props.onKeyDown}
      />
    </Frame>
  );
}

export interface NumberFieldProps extends Common {
  value: unknown;
  onChange: (value: number | string | undefined) => void;
  /** JSONata: a `{% %}` expression is accepted too. */
  expression?: boolean;
  placeholder?: string;
  /** Clearing it is an error instead of removing the field. */
  required?: boolean;
}

export function NumberField(props: NumberFieldProps) {
  const { value, expression, required } = props;
  const format = (v: unknown) => (v === undefined ? "" : typeof v === "string" ? v : String(v));
  const parse = (text: string): Parsed =>
    required && text.trim() === ""
      ? { ok: false, message: "A number is needed" }
      : parseNumberText(text, expression);
  const draft = useDraft(value, format, parse);
  const frame = useFrame(props.at, draft.error);
  return (
    <Frame {...frame} label={props.label} help={props.help} local={draft.error}>
      <input
        {...frame.aria}
        type="text"
        inputMode={expression ? "text" : "decimal"}
        name={props.name}
        value={draft.draft}
        placeholder={props.placeholder}
        readOnly={frame.readOnly}
        spellCheck={false}
        onChange={(event) => {
          const text = event.target.value;
          draft.setDraft(text);
          const parsed = parse(text);
          if (parsed.ok && !same(parsed.value, value)) {
            props.onChange(parsed.value as number | string | undefined);
          }
        }}
      />
    </Frame>
  );
}

export interface SelectFieldProps extends Common {
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}

export function SelectField(props: SelectFieldProps) {
  const frame = useFrame(props.at);
  return (
    <Frame {...frame} label={props.label} help={props.help}>
      <select
        {...frame.aria}
        name={props.name}
        value={props.value}
        disabled={frame.readOnly}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.children}
      </select>
    </Frame>
  );
}

export interface JsonFieldProps extends Common {
  value: unknown;
  onChange: (value: unknown) => void;
  /** JSONata: text starting with `{%` is kept as an expression string. */
  expression?: boolean;
  /** A further check of a parsed value; its message blocks applying it. */
  check?: (value: unknown) => string | undefined;
  rows?: number;
}

export function JsonField(props: JsonFieldProps) {
  const { value, expression, check } = props;
  const parse = (text: string): Parsed => {
    const parsed = parseJsonText(text, expression);
    const problem = parsed.ok ? check?.(parsed.value) : undefined;
    return problem ? { ok: false, message: problem } : parsed;
  };
  const draft = useDraft(value, (v) => jsonText(v, expression), parse);
  const frame = useFrame(props.at, draft.error);
  const lines = draft.draft
    .split("\n")
    .reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / 40)), 0);
  return (
    <Frame {...frame} label={props.label} help={props.help} local={draft.error}>
      <textarea
        {...frame.aria}
        className="bt-insp__json"
        name={props.name}
        value={draft.draft}
        rows={Math.min(Math.max(lines, props.rows ?? 2), 24)}
        readOnly={frame.readOnly}
        spellCheck={false}
        placeholder={expression ? "JSON or {% expression %}" : "JSON"}
        onChange={(event) => {
          const text = event.target.value;
          draft.setDraft(text);
          const parsed = parse(text);
          if (parsed.ok && !same(parsed.value, value)) props.onChange(parsed.value);
        }}
      />
    </Frame>
  );
}

export interface NameListFieldProps extends Common {
  value: unknown;
  onChange: (names: string[]) => void;
}

/** A comma list of names (ErrorEquals), suggesting ASL's error names for the last one. */
export function NameListField(props: NameListFieldProps) {
  const { value } = props;
  const draft = useDraft(value, nameListText, (text) => ({ ok: true, value: parseNameList(text) }));
  const frame = useFrame(props.at);
  const listId = `${frame.id}-names`;
  return (
    <Frame {...frame} label={props.label} help={props.help ?? "Comma-separated"}>
      <input
        {...frame.aria}
        type="text"
        name={props.name}
        value={draft.draft}
        list={listId}
        readOnly={frame.readOnly}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => {
          const text = event.target.value;
          draft.setDraft(text);
          const names = parseNameList(text);
          if (!same(names, value)) props.onChange(names);
        }}
      />
      <datalist id={listId}>
        {nameSuggestions(draft.draft).map((option) => (
          <option key={option} value={option} />
        ))}
      </datalist>
    </Frame>
  );
}
