/** Transitions and structure: Next / End, a Choice's Default, Wait's one field, branches, Map mode. */

import { addBranch, connect, removeBranch, statePointer } from "../../asl/edits";
import { isObject } from "../../asl/types";
import { Button, Section, StateOptions, targetName, targetValue } from "./controls";
import { NumberField, SelectField, TextField } from "./fields";
import { getIn, replaceKey, setIn, withField } from "./model";
import { changeState, fieldPointer, patchState, typingKey, type StateContext } from "./shared";

const END = "end";

export function NextField({ ctx }: { ctx: StateContext }) {
  const { state } = ctx;
  const value = state.End === true ? END : targetValue(state.Next);
  const onChange = (choice: string) => {
    const name = targetName(choice);
    if (choice === END)
      ctx.edit(connect(ctx.definition, { from: ctx.pointer, edge: { kind: "end" } }));
    else if (name !== undefined) {
      const to = statePointer(ctx.level, name);
      ctx.edit(connect(ctx.definition, { from: ctx.pointer, edge: { kind: "next" }, to }));
    }
  };
  return (
    <SelectField
      label="Next"
      name="Next"
      at={fieldPointer(ctx, "Next")}
      value={value}
      onChange={onChange}
    >
      {value === "" ? <option value="">— choose —</option> : null}
      <StateOptions names={ctx.names} current={state.Next} />
      <option value={END}>(End)</option>
    </SelectField>
  );
}

export function DefaultField({ ctx }: { ctx: StateContext }) {
  const current = ctx.state.Default;
  const onChange = (choice: string) => {
    const name = targetName(choice);
    if (name === undefined) return patchState(ctx, { Default: undefined });
    const to = statePointer(ctx.level, name);
    ctx.edit(connect(ctx.definition, { from: ctx.pointer, edge: { kind: "default" }, to }));
  };
  return (
    <SelectField
      label="Default"
      name="Default"
      at={fieldPointer(ctx, "Default")}
      value={targetValue(current)}
      help="Where to go when no rule matches (none: the execution fails with States.NoChoiceMatched)."
      onChange={onChange}
    >
      <option value="">(none)</option>
      <StateOptions names={ctx.names} current={current} />
    </SelectField>
  );
}

const WAIT_KINDS = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"];

function waitDefault(kind: string, previous: unknown): unknown {
  if (kind === "Seconds") return typeof previous === "number" ? previous : 1;
  if (kind === "Timestamp") return "2030-01-01T00:00:00Z";
  return typeof previous === "string" && previous.startsWith("$") ? previous : "$.wait";
}

export function WaitFields({ ctx }: { ctx: StateContext }) {
  const kinds = ctx.language === "JSONata" ? WAIT_KINDS.slice(0, 2) : WAIT_KINDS;
  const present = WAIT_KINDS.find((kind) => Object.hasOwn(ctx.state, kind));
  const kind = present ?? "Seconds";
  const setKind = (next: string) =>
    changeState(ctx, (state) => {
      const others = WAIT_KINDS.filter((k) => k !== present && k !== next);
      const cleared = others.reduce((object, k) => withField(object, k, undefined), state);
      return replaceKey(cleared, present ?? next, next, waitDefault(next, state[kind]));
    });
  const common = {
    label: kind,
    name: kind,
    at: fieldPointer(ctx, kind),
    value: ctx.state[kind],
  };
  const set = (value: unknown) => patchState(ctx, { [kind]: value }, typingKey(ctx, kind));
  return (
    <>
      <SelectField label="Wait for" name="wait-kind" value={kind} onChange={setKind}>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </SelectField>
      {kind === "Seconds" ? (
        <NumberField {...common} expression={ctx.language === "JSONata"} onChange={set} />
      ) : (
        <TextField
          {...common}
          placeholder={kind === "Timestamp" ? "2030-01-01T00:00:00Z" : "$.wait"}
          onChange={set}
        />
      )}
    </>
  );
}

export function BranchesField({ ctx }: { ctx: StateContext }) {
  const branches = Array.isArray(ctx.state.Branches) ? ctx.state.Branches : [];
  const count = branches.length;
  const add = () => ctx.edit(addBranch(ctx.definition, ctx.pointer));
  return (
    <Section
      title={`Branches (${count})`}
      at={fieldPointer(ctx, "Branches")}
      testId="branches"
      actions={<Button onClick={add}>Add branch</Button>}
    >
      <ol className="bt-insp__list">
        {branches.map((branch, index) => (
          <li key={index} className="bt-insp__row">
            <span>
              Branch {index + 1}
              <span className="bt-insp__muted"> · {branchSummary(branch)}</span>
            </span>
            <Button
              label={`Remove branch ${index + 1}`}
              variant="danger"
              disabled={count < 2}
              onClick={() =>
                ctx.edit(removeBranch(ctx.definition, fieldPointer(ctx, "Branches", index)))
              }
            >
              Remove branch
            </Button>
          </li>
        ))}
      </ol>
    </Section>
  );
}

function branchSummary(branch: unknown): string {
  if (!isObject(branch) || !isObject(branch.States)) return "not a branch";
  const n = Object.keys(branch.States).length;
  const start = typeof branch.StartAt === "string" ? `starts at ${branch.StartAt}, ` : "";
  return `${start}${n} ${n === 1 ? "state" : "states"}`;
}

export function ProcessorField({ ctx }: { ctx: StateContext }) {
  const key =
    isObject(ctx.state.Iterator) && !isObject(ctx.state.ItemProcessor)
      ? "Iterator"
      : "ItemProcessor";
  const processor = ctx.state[key];
  const mode = getIn(processor, ["ProcessorConfig", "Mode"]);
  const execution = getIn(processor, ["ProcessorConfig", "ExecutionType"]);
  const set = (field: string, value: string) =>
    changeState(ctx, (state) =>
      withField(state, key, setIn(state[key], ["ProcessorConfig", field], value || undefined)),
    );
  if (key === "Iterator") return null;
  return (
    <>
      <SelectField
        label="Processor mode"
        name="Mode"
        at={fieldPointer(ctx, key, "ProcessorConfig", "Mode")}
        value={typeof mode === "string" ? mode : "INLINE"}
        onChange={(value) => set("Mode", value)}
      >
        <option value="INLINE">INLINE</option>
        <option value="DISTRIBUTED">DISTRIBUTED</option>
      </SelectField>
      {mode === "DISTRIBUTED" ? (
        <SelectField
          label="Execution type"
          name="ExecutionType"
          at={fieldPointer(ctx, key, "ProcessorConfig", "ExecutionType")}
          value={typeof execution === "string" ? execution : ""}
          onChange={(value) => set("ExecutionType", value)}
        >
          <option value="">(unset)</option>
          <option value="STANDARD">STANDARD</option>
          <option value="EXPRESS">EXPRESS</option>
        </SelectField>
      ) : null}
    </>
  );
}
