/** The form of a state: every field of its type in the language in force, in order. */

import { JsonField, NumberField, TextField } from "./fields";
import { BranchesField, DefaultField, NextField, ProcessorField, WaitFields } from "./flow";
import { sectionsForState, type FieldSpec, type Section, type Special } from "./layout";
import { ResourceFields } from "./pickers";
import { ApprovalFields } from "./ApprovalFields";
import { CatchEditor } from "./CatchEditor";
import { ChoiceRules } from "./ChoiceRules";
import { RetryEditor } from "./RetryEditor";
import { fieldPointer, patchState, typingKey, type StateContext } from "./shared";

export function StateFields({ ctx }: { ctx: StateContext }) {
  return (
    <>
      {rows(sectionsForState(ctx.state, ctx.language)).map((row) =>
        "special" in row ? (
          <SpecialSection key={row.special} ctx={ctx} kind={row.special} />
        ) : row.pair ? (
          <div key={row.name} className="bt-insp__grid bt-insp__pair">
            <PlainField ctx={ctx} spec={row} />
            <PlainField ctx={ctx} spec={row.pair} />
          </div>
        ) : (
          <PlainField key={row.name} ctx={ctx} spec={row} />
        ),
      )}
    </>
  );
}

type Row = { special: Special } | (FieldSpec & { pair?: FieldSpec });

/** A field followed by its `…Path` twin (TimeoutSeconds, TimeoutSecondsPath) shares a row. */
function rows(sections: readonly Section[]): Row[] {
  const result: Row[] = [];
  for (const section of sections) {
    const last = result[result.length - 1];
    const pairs =
      last &&
      !("special" in last) &&
      !last.pair &&
      !("special" in section) &&
      section.name === `${last.name}Path`;
    if (pairs) result[result.length - 1] = { ...last, pair: section };
    else result.push(section);
  }
  return result;
}

function PlainField({ ctx, spec }: { ctx: StateContext; spec: FieldSpec }) {
  const common = {
    label: spec.name,
    name: spec.name,
    at: fieldPointer(ctx, spec.name),
    value: ctx.state[spec.name],
  };
  const set = (value: unknown) =>
    patchState(ctx, { [spec.name]: value }, typingKey(ctx, spec.name));
  switch (spec.kind) {
    case "number":
      return (
        <NumberField
          {...common}
          expression={spec.expression}
          placeholder={spec.expression ? "number or {% … %}" : undefined}
          onChange={set}
        />
      );
    case "json":
      return <JsonField {...common} expression={spec.expression} onChange={set} />;
    default:
      return <TextField {...common} placeholder={spec.placeholder} onChange={set} />;
  }
}

function SpecialSection({ ctx, kind }: { ctx: StateContext; kind: Special }) {
  switch (kind) {
    case "resource":
      return <ResourceFields ctx={ctx} />;
    case "wait":
      return <WaitFields ctx={ctx} />;
    case "choices":
      return <ChoiceRules ctx={ctx} />;
    case "default":
      return <DefaultField ctx={ctx} />;
    case "branches":
      return <BranchesField ctx={ctx} />;
    case "processor":
      return <ProcessorField ctx={ctx} />;
    case "retry":
      return <RetryEditor ctx={ctx} />;
    case "catch":
      return <CatchEditor ctx={ctx} />;
    case "next":
      return <NextField ctx={ctx} />;
    case "approval":
      return <ApprovalFields ctx={ctx} />;
  }
}
