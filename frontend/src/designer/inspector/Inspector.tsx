/**
 * The designer's inspector: the right-hand panel editing the selected state (or, with nothing
 * selected, the machine). The definition is the only state: every change is a pure edit from
 * asl/edits handed to `onEdit`; the panel keeps nothing but half-typed text.
 */

import { useMemo, type JSX } from "react";
import { languageAt, levelBody, locate, type Definition, type StatePointer } from "../../asl/edits";
import { isObject } from "../../asl/types";
import type { ApplyEdit, ConnectionInfo, Diagnostic, FunctionInfo, WorkflowInfo } from "../types";
import { FormContext } from "./context";
import { MachineFields } from "./MachineFields";
import type { StateContext } from "./shared";
import { StateInspector } from "./StateInspector";
import "./inspector.css";
import "./lists.css";

export interface InspectorProps {
  definition: Definition;
  pointer: StatePointer | null;
  readOnly: boolean;
  diagnostics: Diagnostic[];
  functions: FunctionInfo[];
  connections: ConnectionInfo[];
  workflows: WorkflowInfo[];
  onEdit: ApplyEdit;
  onSelect: (pointer: StatePointer | null) => void;
}

export function Inspector(props: InspectorProps): JSX.Element {
  const { definition, pointer, readOnly, diagnostics, onEdit } = props;
  const settings = useMemo(() => ({ readOnly, diagnostics }), [readOnly, diagnostics]);
  const edit: ApplyEdit = (next, coalesceKey) => {
    if (!readOnly && next !== definition) onEdit(next, coalesceKey);
  };
  const ctx = pointer === null ? undefined : stateContext(props, edit);
  return (
    <FormContext.Provider value={settings}>
      <section
        className="bt-insp"
        data-testid="inspector"
        aria-label="Inspector"
        data-readonly={readOnly ? "true" : undefined}
      >
        {pointer === null ? (
          <MachineFields definition={definition} edit={edit} diagnostics={diagnostics} />
        ) : ctx ? (
          <StateInspector key={pointer} ctx={ctx} onSelect={props.onSelect} />
        ) : (
          <p className="bt-insp__empty">The selected state is no longer in the definition.</p>
        )}
      </section>
    </FormContext.Provider>
  );
}

function stateContext(props: InspectorProps, edit: ApplyEdit): StateContext | undefined {
  const { definition, pointer } = props;
  const found = pointer === null ? undefined : locate(definition, pointer);
  if (!found) return undefined;
  const states = levelBody(definition, found.level)?.States;
  return {
    definition,
    pointer: found.pointer,
    name: found.name,
    level: found.level,
    state: found.state,
    language: languageAt(definition, found.pointer),
    names: isObject(states) ? Object.keys(states) : [],
    edit,
    functions: props.functions,
    connections: props.connections,
    workflows: props.workflows,
  };
}
