/**
 * The inspector drawn to static HTML (no DOM, no React Flow): which inputs a state's form has,
 * with the names, labels and error marks the pages' tests and assistive technology rely on.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Definition } from "../src/asl/edits";
import { Inspector, type InspectorProps } from "../src/designer/inspector/Inspector";
import type { Diagnostic } from "../src/designer/types";
import { deepFreeze } from "./editing";

const definition: Definition = deepFreeze({
  Comment: "demo",
  StartAt: "Fetch",
  States: {
    Fetch: {
      Type: "Task",
      Resource: "arn:aws:states:::http:invoke",
      Parameters: {
        Authentication: { ConnectionArn: "arn:aws:events:eu-west-1:1:connection/crm" },
      },
      Retry: [{ ErrorEquals: ["States.Timeout"], MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "Broken" }],
      Next: "Check",
    },
    Check: {
      Type: "Choice",
      Choices: [
        { Variable: "$.n", NumericGreaterThan: 3, Next: "Pause" },
        {
          And: [{ Variable: "$.a", IsPresent: true }, { Not: { Variable: "$.b", IsNull: true } }],
          Next: "Broken",
        },
      ],
      Default: "Broken",
    },
    Pause: { Type: "Wait", SecondsPath: "$.wait", End: true },
    Broken: { Type: "Fail", Error: "Bad" },
  },
});

function render(overrides: Partial<InspectorProps>): string {
  const props: InspectorProps = {
    definition,
    pointer: null,
    readOnly: false,
    diagnostics: [],
    functions: [],
    connections: [{ name: "crm" }],
    workflows: [],
    onEdit: () => {
      throw new Error("drawing edits nothing");
    },
    onSelect: () => undefined,
    ...overrides,
  };
  return renderToStaticMarkup(createElement(Inspector, props));
}

/** The opening tag of the element with `name="…"` (the first one). */
function tagNamed(html: string, name: string): string {
  const match = new RegExp(`<(input|select|textarea)[^>]*name="${name}"[^>]*>`).exec(html);
  if (!match) throw new Error(`no field named ${name}`);
  return match[0];
}

const error = (location: string, message: string): Diagnostic => ({
  code: "x",
  message,
  location,
  severity: "error",
});

describe("the inspector", () => {
  it("with nothing selected edits the machine and counts its states", () => {
    const html = render({});
    expect(html).toContain('data-testid="inspector"');
    for (const name of ["Comment", "QueryLanguage", "TimeoutSeconds", "Version"]) {
      expect(tagNamed(html, name)).toBeTruthy();
    }
    expect(html).toContain("4 states");
  });

  it("shows a Task's name, Resource, connection picker, retriers and catchers", () => {
    const html = render({ pointer: "/States/Fetch" });
    expect(tagNamed(html, "state-name")).toContain('value="Fetch"');
    expect(tagNamed(html, "Resource")).toContain("http:invoke");
    expect(tagNamed(html, "connection")).toBeTruthy();
    expect(html).toContain('data-testid="retry-editor"');
    expect(html).toContain('data-testid="catch-editor"');
    expect(tagNamed(html, "MaxAttempts")).toContain('value="2"');
    expect(tagNamed(html, "Next")).toBeTruthy();
  });

  it("ties every input to a label", () => {
    const html = render({ pointer: "/States/Fetch" });
    const ids = [...html.matchAll(/<(?:input|select|textarea)[^>]* id="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) expect(html).toContain(`for="${id}"`);
  });

  it("puts a diagnostic next to the field its pointer names", () => {
    const html = render({
      pointer: "/States/Fetch",
      diagnostics: [error("/States/Fetch/Retry/0/MaxAttempts", "Too many attempts")],
    });
    expect(tagNamed(html, "MaxAttempts")).toContain('aria-invalid="true"');
    expect(tagNamed(html, "Resource")).not.toContain("aria-invalid");
    expect(html).toMatch(/data-field-error[^>]*><p>Too many attempts<\/p>/);
  });

  it("lists a diagnostic no field shows on the state itself, and not another state's", () => {
    const html = render({
      pointer: "/States/Fetch",
      diagnostics: [
        error("/States/Fetch/Oddity", "Unknown field"),
        error("/States/Check", "Other"),
      ],
    });
    expect(html).toContain("Unknown field");
    expect(html).not.toContain("Other");
  });

  it("builds Choice rules with nested groups, and gives nested ones no Next", () => {
    const html = render({ pointer: "/States/Check" });
    expect(html).toContain('data-testid="choice-rules"');
    expect(html).toContain('data-rule="0"');
    expect(html).toContain('data-rule="1"');
    expect(tagNamed(html, "NumericGreaterThan")).toContain('value="3"');
    expect(html.match(/name="Next"/g)).toHaveLength(2);
    expect(tagNamed(html, "Default")).toBeTruthy();
  });

  it("edits a Wait's one field by kind, and a Fail's Error", () => {
    expect(tagNamed(render({ pointer: "/States/Pause" }), "SecondsPath")).toContain("$.wait");
    expect(tagNamed(render({ pointer: "/States/Broken" }), "Error")).toContain('value="Bad"');
  });

  it("in a viewer leaves nothing editable", () => {
    const html = render({ pointer: "/States/Check", readOnly: true });
    const controls = [...html.matchAll(/<(input|select|textarea|button)\b[^>]*>/g)].map(
      (m) => m[0],
    );
    expect(controls.length).toBeGreaterThan(5);
    for (const tag of controls) expect(tag).toMatch(/ (readOnly|disabled)=""/);
  });

  it("under JSONata shows Arguments and Output instead of Parameters and paths", () => {
    const jsonata = deepFreeze({
      QueryLanguage: "JSONata",
      StartAt: "T",
      States: {
        T: {
          Type: "Task",
          Resource: "arn:aws:states:::http:invoke",
          Arguments: "{% $x %}",
          End: true,
        },
        C: { Type: "Choice", Choices: [{ Condition: "{% $states.input.ok %}", Next: "T" }] },
      },
    });
    const task = render({ definition: jsonata, pointer: "/States/T" });
    expect(tagNamed(task, "Arguments")).toBeTruthy();
    expect(task).toContain("{% $x %}</textarea>");
    expect(task).toContain('name="Output"');
    expect(task).not.toContain('name="Parameters"');
    expect(task).not.toContain('name="InputPath"');
    const choice = render({ definition: jsonata, pointer: "/States/C" });
    expect(tagNamed(choice, "Condition")).toContain("$states.input.ok");
    expect(choice).not.toContain('name="Variable"');
  });

  it("offers a state of an unknown type its JSON to edit", () => {
    const odd = deepFreeze({ StartAt: "X", States: { X: { Type: "Teleport", Where: "Mars" } } });
    const html = render({ definition: odd, pointer: "/States/X" });
    expect(html).toContain("Advanced: edit state as JSON");
    expect(tagNamed(html, "state-json")).toBeTruthy();
    expect(html).toContain("Mars");
  });

  it("says so when the selected state is gone (after an undo)", () => {
    expect(render({ pointer: "/States/Nope" })).toContain("no longer in the definition");
  });
});
