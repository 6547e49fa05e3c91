/**
 * New states: the smallest valid body of each type, and the Task templates (preset fields) with
 * the Resource strings Baton's engine runs (README "Task resources", engine/resources/); the
 * approval template is a human task (approvals/opening.py) for the target group.
 * Fields follow the level's query language: `Parameters` and `$`-paths under JSONPath,
 * `Arguments` and `{% %}` expressions under JSONata.
 */

import type { JsonObject } from "../types";
import type { QueryLanguage, StateType } from "./types";

export const TEMPLATES = [
  "python-function",
  "http",
  "subworkflow",
  "activity",
  "callback",
  "approval",
] as const;

export type TemplateId = (typeof TEMPLATES)[number];

/** What a template names; the placeholders are meant to be replaced in the inspector. */
export interface TemplateOptions {
  /** Function, connection, workflow or activity name. */
  target?: string;
  /** Baton's BATON_AWS_REGION / BATON_AWS_ACCOUNT_ID (defaults "us-east-1", "000000000000"). */
  region?: string;
  account?: string;
}

export interface Blueprint {
  type: StateType;
  template?: TemplateId;
  options?: TemplateOptions;
  language: QueryLanguage;
  /** The new state's name (an approval's starter Title names it). */
  name?: string;
  /** Picks a machine-unique name for a state a container starts with. */
  allocate: (base: string) => string;
}

const PLACEHOLDER: Record<TemplateId, string> = {
  "python-function": "my-function",
  http: "my-connection",
  subworkflow: "my-workflow",
  activity: "my-activity",
  callback: "my-function",
  approval: "approvers",
};

/** The new state's fields, ending with `End: true` where the type has one. */
export function blueprint(spec: Blueprint): JsonObject {
  switch (spec.type) {
    case "Task":
      return { Type: "Task", ...taskFields(spec), End: true };
    case "Choice":
      return { Type: "Choice", Choices: [condition(spec.language)] };
    case "Wait":
      return { Type: "Wait", Seconds: 1, End: true };
    case "Succeed":
      return { Type: "Succeed" };
    case "Fail":
      return { Type: "Fail" };
    case "Parallel":
      return { Type: "Parallel", Branches: [branchBody(spec.allocate)], End: true };
    case "Map":
      return {
        Type: "Map",
        ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, ...branchBody(spec.allocate) },
        End: true,
      };
    default:
      return { Type: "Pass", End: true };
  }
}

/** A level holding one Pass state: a new Parallel branch or Map processor. */
export function branchBody(allocate: (base: string) => string): JsonObject {
  const name = allocate("Pass");
  return { StartAt: name, States: { [name]: { Type: "Pass", End: true } } };
}

/** A Choice rule that is true for any input, for the author to refine. */
export function condition(language: QueryLanguage): JsonObject {
  return language === "JSONata" ? { Condition: "{% true %}" } : { Variable: "$", IsPresent: true };
}

function taskFields(spec: Blueprint): JsonObject {
  const template = spec.template ?? "python-function";
  const options = spec.options ?? {};
  const target = options.target ?? PLACEHOLDER[template];
  const region = options.region ?? "us-east-1";
  const account = options.account ?? "000000000000";
  const jsonata = spec.language === "JSONata";
  const args = (fields: JsonObject) => ({ [jsonata ? "Arguments" : "Parameters"]: fields });
  const input = jsonata ? { Input: "{% $states.input %}" } : { "Input.$": "$" };
  const functionArn = `arn:aws:lambda:${region}:${account}:function:${target}`;
  switch (template) {
    case "http":
      return {
        Resource: "arn:aws:states:::http:invoke",
        ...args({
          ApiEndpoint: "https://example.com",
          Method: "GET",
          Authentication: {
            ConnectionArn: `arn:aws:events:${region}:${account}:connection/${target}`,
          },
        }),
      };
    case "subworkflow":
      return {
        Resource: "arn:aws:states:::states:startExecution.sync:2",
        ...args({
          StateMachineArn: `arn:aws:states:${region}:${account}:stateMachine:${target}`,
          ...input,
        }),
      };
    case "activity":
      return { Resource: `arn:aws:states:${region}:${account}:activity:${target}` };
    case "approval":
      return { Resource: "baton:approval", ...args(approvalStarter(spec.name, target)) };
    case "callback": {
      const token = jsonata
        ? { TaskToken: "{% $states.context.Task.Token %}" }
        : { "TaskToken.$": "$$.Task.Token" };
      return {
        Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
        ...args({ FunctionName: functionArn, Payload: { ...input, ...token } }),
      };
    }
    default:
      return { Resource: functionArn };
  }
}

/** An approval for a group, with a comment box to fill in (issue 15's Task state). */
function approvalStarter(name: string | undefined, group: string): JsonObject {
  return {
    Title: `Approve ${name ?? "this"}`,
    Groups: [group],
    Form: [{ name: "comment", type: "textarea", label: "Comment" }],
  };
}
