/** One-line summaries of states, shown under the state name on the canvas. */

import { describeJsonata } from "./conditions";
import { isObject, type JsonObject } from "./types";

type Summarizer = (state: JsonObject) => string;

const SUMMARIZERS: Record<string, Summarizer> = {
  Task: (state) => shortenResource(state.Resource),
  Pass: (state) => ("Result" in state ? "result" : ""),
  Choice: (state) => plural(Array.isArray(state.Choices) ? state.Choices.length : 0, "rule"),
  Wait: summarizeWait,
  Succeed: () => "",
  Fail: summarizeFail,
  Parallel: (state) => plural(Array.isArray(state.Branches) ? state.Branches.length : 0, "branch"),
  Map: summarizeMap,
};

export function summarize(state: JsonObject): string {
  const summarizer = typeof state.Type === "string" ? SUMMARIZERS[state.Type] : undefined;
  return summarizer ? summarizer(state) : "unsupported type";
}

export function plural(count: number, noun: string): string {
  const nouns = noun.endsWith("ch") ? `${noun}es` : `${noun}s`;
  return `${count} ${count === 1 ? noun : nouns}`;
}

const SUFFIX = /(\.sync(?::\d+)?|\.waitForTaskToken)$/;

const BATON_RESOURCES: Record<string, string> = {
  http: "HTTP request",
  approval: "approval",
};

/** `arn:aws:states:::lambda:invoke` → "lambda:invoke"; `baton:function:f` → "function f". */
export function shortenResource(resource: unknown): string {
  if (typeof resource !== "string") return "";
  const suffix = SUFFIX.exec(resource)?.[0] ?? "";
  const short = shortenBare(resource.slice(0, resource.length - suffix.length));
  return short + suffix;
}

function shortenBare(resource: string): string {
  if (resource.startsWith("arn:aws:states:::")) return resource.slice("arn:aws:states:::".length);
  const parts = resource.split(":");
  if (parts[0] === "baton") return shortenBaton(parts.slice(1));
  if (parts[0] === "arn" && parts.length >= 7) return shortenArn(parts);
  return resource;
}

function shortenBaton(parts: string[]): string {
  const [kind, ...rest] = parts;
  if (rest.length === 0 && BATON_RESOURCES[kind]) return BATON_RESOURCES[kind];
  if ((kind === "function" || kind === "activity") && rest.length > 0) {
    return `${kind} ${rest.join(":")}`;
  }
  return ["baton", ...parts].join(":");
}

/** `arn:aws:lambda:r:a:function:name[:alias]` → "lambda name[:alias]"; activities likewise. */
function shortenArn(parts: string[]): string {
  const [, , service, , , kind, ...rest] = parts;
  if (service === "lambda" && kind === "function") return `lambda ${rest.join(":")}`;
  if (service === "states" && kind === "activity") return `activity ${rest.join(":")}`;
  return `${service} ${[kind, ...rest].join(":")}`;
}

function summarizeWait(state: JsonObject): string {
  if (typeof state.Seconds === "number") return `${state.Seconds} s`;
  if (typeof state.Seconds === "string") return `Seconds: ${expression(state.Seconds)}`;
  if (typeof state.Timestamp === "string") return timestamp(state.Timestamp);
  if (typeof state.SecondsPath === "string") return `SecondsPath ${state.SecondsPath}`;
  if (typeof state.TimestampPath === "string") return `TimestampPath ${state.TimestampPath}`;
  return "";
}

function timestamp(value: string): string {
  return isJsonata(value) ? `Timestamp: ${expression(value)}` : `until ${value}`;
}

function summarizeFail(state: JsonObject): string {
  if (typeof state.Error === "string") return state.Error;
  if (typeof state.ErrorPath === "string") return `ErrorPath ${state.ErrorPath}`;
  return "";
}

function summarizeMap(state: JsonObject): string {
  return [mapItems(state), mapConcurrency(state), isDistributed(state) ? "distributed" : ""]
    .filter(Boolean)
    .join(" · ");
}

function mapItems(state: JsonObject): string {
  if (typeof state.ItemsPath === "string") return `items ${state.ItemsPath}`;
  if (typeof state.Items === "string") return `items ${expression(state.Items)}`;
  if (Array.isArray(state.Items)) return `items: ${plural(state.Items.length, "value")}`;
  if (isObject(state.ItemReader)) return `items from ${shortenResource(state.ItemReader.Resource)}`;
  return "";
}

function mapConcurrency(state: JsonObject): string {
  const value = state.MaxConcurrency;
  if (typeof value === "number" && value > 0) return `max concurrency ${value}`;
  if (typeof value === "string") return `max concurrency ${expression(value)}`;
  if (typeof state.MaxConcurrencyPath === "string")
    return `max concurrency ${state.MaxConcurrencyPath}`;
  return "";
}

function isDistributed(state: JsonObject): boolean {
  const processor = isObject(state.ItemProcessor) ? state.ItemProcessor : undefined;
  const config = processor && isObject(processor.ProcessorConfig) ? processor.ProcessorConfig : {};
  return config.Mode === "DISTRIBUTED";
}

function isJsonata(value: string): boolean {
  return /^\s*\{%[\s\S]*%\}\s*$/.test(value);
}

/** A JSONata string keeps its delimiters so it reads as an expression, whitespace collapsed. */
function expression(value: string): string {
  return isJsonata(value) ? `{% ${describeJsonata(value)} %}` : value;
}
