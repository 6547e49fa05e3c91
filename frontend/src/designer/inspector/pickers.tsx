/**
 * A Task's Resource with its pickers: a registered function fills `Resource`; an HTTP task picks
 * its connection (`Authentication.ConnectionArn`); a sub-workflow task picks the workflow
 * (`StateMachineArn`). The connection and workflow go into `Parameters` (JSONPath) or
 * `Arguments` (JSONata), keeping the region and account already written there. An approval
 * (`baton:approval`) has no function to pick: its own section follows.
 */

import { isApprovalTask } from "../../asl/approval";
import { isObject } from "../../asl/types";
import { SelectField, TextField } from "./fields";
import {
  connectionArn,
  connectionOfArn,
  getIn,
  isHttpResource,
  isStartExecution,
  setIn,
  stateMachineArn,
  workflowOfArn,
} from "./model";
import { fieldPointer, patchState, typingKey, type StateContext } from "./shared";

export function ResourceFields({ ctx }: { ctx: StateContext }) {
  const resource = ctx.state.Resource;
  return (
    <>
      <TextField
        label="Resource"
        name="Resource"
        at={fieldPointer(ctx, "Resource")}
        value={resource}
        placeholder="arn:aws:lambda:us-east-1:000000000000:function:NAME"
        onChange={(value) => patchState(ctx, { Resource: value }, typingKey(ctx, "Resource"))}
      />
      {ctx.functions.length > 0 && !isApprovalTask(ctx.state) ? <FunctionPicker ctx={ctx} /> : null}
      {isHttpResource(resource) ? <ConnectionPicker ctx={ctx} /> : null}
      {isStartExecution(resource) ? <WorkflowPicker ctx={ctx} /> : null}
    </>
  );
}

function FunctionPicker({ ctx }: { ctx: StateContext }) {
  const current = ctx.functions.find((fn) => fn.resource === ctx.state.Resource);
  return (
    <SelectField
      label="Function"
      name="function"
      value={current?.name ?? ""}
      help={current?.description || undefined}
      onChange={(name) => {
        const fn = ctx.functions.find((item) => item.name === name);
        if (fn) patchState(ctx, { Resource: fn.resource });
      }}
    >
      <option value="">— registered functions —</option>
      {ctx.functions.map((fn) => (
        <option key={fn.name} value={fn.name}>
          {fn.queued ? `${fn.name} (queued)` : fn.name}
        </option>
      ))}
    </SelectField>
  );
}

/** `Parameters` or `Arguments`, whichever the language in force uses. */
function argumentsKey(ctx: StateContext): string {
  return ctx.language === "JSONata" ? "Arguments" : "Parameters";
}

/** Sets a value inside the arguments object (created when missing). */
function setArgument(ctx: StateContext, path: string[], value: string) {
  const key = argumentsKey(ctx);
  patchState(ctx, { [key]: setIn(ctx.state[key], path, value) });
}

function ExpressionNote({ ctx }: { ctx: StateContext }) {
  return (
    <p className="bt-insp__help">
      {argumentsKey(ctx)} is an expression; edit it to pick a target here.
    </p>
  );
}

const CONNECTION_PATH = ["Authentication", "ConnectionArn"];

function ConnectionPicker({ ctx }: { ctx: StateContext }) {
  const args = ctx.state[argumentsKey(ctx)];
  if (args !== undefined && !isObject(args)) return <ExpressionNote ctx={ctx} />;
  const current = getIn(args, CONNECTION_PATH);
  const chosen = ctx.connections.find(
    (c) => connectionArn(c, current) === current || connectionOfArn(current) === c.name,
  );
  return (
    <SelectField
      label="Connection"
      name="connection"
      value={chosen?.name ?? ""}
      help={ctx.connections.length === 0 ? "No connections are registered yet." : undefined}
      onChange={(name) => {
        const connection = ctx.connections.find((c) => c.name === name);
        if (connection) setArgument(ctx, CONNECTION_PATH, connectionArn(connection, current));
      }}
    >
      <option value="">{typeof current === "string" ? current : "— choose a connection —"}</option>
      {ctx.connections.map((c) => (
        <option key={c.name} value={c.name}>
          {c.name}
        </option>
      ))}
    </SelectField>
  );
}

function WorkflowPicker({ ctx }: { ctx: StateContext }) {
  const args = ctx.state[argumentsKey(ctx)];
  if (args !== undefined && !isObject(args)) return <ExpressionNote ctx={ctx} />;
  const current = getIn(args, ["StateMachineArn"]);
  const name = workflowOfArn(current);
  const chosen = ctx.workflows.find((w) => w.name === name);
  return (
    <SelectField
      label="Workflow"
      name="workflow"
      value={chosen?.name ?? ""}
      help={ctx.workflows.length === 0 ? "No other workflows yet." : undefined}
      onChange={(picked) => {
        if (picked) setArgument(ctx, ["StateMachineArn"], stateMachineArn(picked, current));
      }}
    >
      <option value="">{typeof current === "string" ? current : "— choose a workflow —"}</option>
      {ctx.workflows.map((w) => (
        <option key={w.name} value={w.name}>
          {w.latest_version ? `${w.name} (v${w.latest_version.number})` : w.name}
        </option>
      ))}
    </SelectField>
  );
}
