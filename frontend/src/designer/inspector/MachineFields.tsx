/** The machine's own fields, shown when no state is selected. */

import { MACHINE, setQueryLanguage, type Definition } from "../../asl/edits";
import { walkStates } from "../../asl/levels";
import { isObject } from "../../asl/types";
import type { ApplyEdit, Diagnostic } from "../types";
import { FieldErrors, NumberField, SelectField, TextField } from "./fields";
import { machineProblems, setMachineField } from "./model";

const FIELDS = ["Comment", "QueryLanguage", "TimeoutSeconds", "Version"];

interface Props {
  definition: Definition;
  edit: ApplyEdit;
  diagnostics: readonly Diagnostic[];
}

export function MachineFields({ definition, edit, diagnostics }: Props) {
  const set = (key: string, value: unknown, coalesce = true) =>
    edit(setMachineField(definition, key, value), coalesce ? `machine:${key}` : undefined);
  const language = definition.QueryLanguage === "JSONata" ? "JSONata" : "JSONPath";
  const problems = machineProblems(diagnostics, FIELDS);
  const inStates = diagnostics.filter((d) => /^\/States\/[^/]+/.test(d.location)).length;
  return (
    <>
      <header className="bt-insp__header">
        <p className="bt-insp__kind">State machine</p>
        <h2 className="bt-insp__title">Workflow</h2>
        <p className="bt-insp__muted" data-testid="state-count">
          {countText(definition)}
        </p>
        {inStates > 0 ? (
          <p className="bt-insp__muted">
            {inStates === 1 ? "1 problem" : `${inStates} problems`} in states: select a state to see
            its own.
          </p>
        ) : null}
        <FieldErrors id="bt-insp-machine-problems" messages={problems} />
      </header>
      <div className="bt-insp__body">
        <TextField
          label="Comment"
          name="Comment"
          at="/Comment"
          value={definition.Comment}
          onChange={(value) => set("Comment", value)}
        />
        <SelectField
          label="Query language"
          name="QueryLanguage"
          at="/QueryLanguage"
          value={language}
          help="Converting fields between the languages is up to you; validation points to them."
          onChange={(value) =>
            edit(
              setQueryLanguage(definition, MACHINE, value === "JSONata" ? "JSONata" : "JSONPath"),
            )
          }
        >
          <option value="JSONPath">JSONPath</option>
          <option value="JSONata">JSONata</option>
        </SelectField>
        <NumberField
          label="Timeout (seconds)"
          name="TimeoutSeconds"
          at="/TimeoutSeconds"
          value={definition.TimeoutSeconds}
          onChange={(value) => set("TimeoutSeconds", value)}
        />
        <TextField
          label="Version"
          name="Version"
          at="/Version"
          value={definition.Version}
          placeholder="1.0"
          onChange={(value) => set("Version", value)}
        />
      </div>
    </>
  );
}

function countText(definition: Definition): string {
  if (!isObject(definition.States)) return "No states yet.";
  const top = Object.keys(definition.States).length;
  const all = [...walkStates(definition)].length;
  const word = (n: number) => (n === 1 ? "state" : "states");
  if (all === top) return `${all} ${word(all)}`;
  return `${all} ${word(all)} (${top} at the top level, ${all - top} nested)`;
}
