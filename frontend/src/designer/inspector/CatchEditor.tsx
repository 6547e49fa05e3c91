/** A Task, Parallel or Map's catchers: errors caught, where they go, and what they keep. */

import { connect, statePointer } from "../../asl/edits";
import { isObject, type JsonObject } from "../../asl/types";
import { Button, ItemControls, Section, StateOptions, targetName, targetValue } from "./controls";
import { JsonField, NameListField, SelectField, TextField } from "./fields";
import { listOf, moveAt, removeAt, replaceAt, withField } from "./model";
import { fieldPointer, patchState, typingKey, type StateContext } from "./shared";

export function CatchEditor({ ctx }: { ctx: StateContext }) {
  const catchers = listOf(ctx.state.Catch);
  const save = (next: readonly unknown[], key?: string) =>
    patchState(ctx, { Catch: next.length > 0 ? next : undefined }, key);
  const add = () => save([...catchers, { ErrorEquals: ["States.ALL"] }]);
  return (
    <Section
      title="Catch"
      at={fieldPointer(ctx, "Catch")}
      testId="catch-editor"
      actions={<Button onClick={add}>Add catcher</Button>}
    >
      {catchers.length === 0 ? (
        <p className="bt-insp__muted">No catchers: an error that is not retried fails the state.</p>
      ) : null}
      <ol className="bt-insp__list">
        {catchers.map((catcher, index) => (
          <li key={index} className="bt-insp__item" data-catcher={index}>
            <div className="bt-insp__item-head">
              <span>Catcher {index + 1}</span>
              <ItemControls
                what={`catcher ${index + 1}`}
                index={index}
                count={catchers.length}
                onMove={(by) => save(moveAt(catchers, index, by))}
                onRemove={() => save(removeAt(catchers, index))}
              />
            </div>
            <Catcher
              ctx={ctx}
              index={index}
              catcher={isObject(catcher) ? catcher : {}}
              onChange={(next, field) =>
                save(replaceAt(catchers, index, next), typingKey(ctx, "Catch", index, field))
              }
            />
          </li>
        ))}
      </ol>
    </Section>
  );
}

interface CatcherProps {
  ctx: StateContext;
  index: number;
  catcher: JsonObject;
  onChange: (next: JsonObject, field: string) => void;
}

function Catcher({ ctx, index, catcher, onChange }: CatcherProps) {
  const at = (field: string) => fieldPointer(ctx, "Catch", index, field);
  const set = (field: string) => (value: unknown) =>
    onChange(withField(catcher, field, value), field);
  const goTo = (choice: string) => {
    const name = targetName(choice);
    if (name === undefined) return;
    const to = statePointer(ctx.level, name);
    ctx.edit(connect(ctx.definition, { from: ctx.pointer, edge: { kind: "catch", index }, to }));
  };
  return (
    <>
      <NameListField
        label="ErrorEquals"
        name="ErrorEquals"
        at={at("ErrorEquals")}
        value={catcher.ErrorEquals}
        onChange={set("ErrorEquals")}
      />
      <SelectField
        label="Next"
        name="Next"
        at={at("Next")}
        value={targetValue(catcher.Next)}
        onChange={goTo}
      >
        {typeof catcher.Next === "string" ? null : <option value="">— choose —</option>}
        <StateOptions names={ctx.names} current={catcher.Next} />
      </SelectField>
      {ctx.language === "JSONata" ? (
        <JsonField
          label="Output"
          name="Output"
          at={at("Output")}
          value={catcher.Output}
          expression
          onChange={set("Output")}
        />
      ) : (
        <TextField
          label="ResultPath"
          name="ResultPath"
          at={at("ResultPath")}
          value={catcher.ResultPath}
          placeholder="$ (the error replaces the input)"
          onChange={set("ResultPath")}
        />
      )}
      <JsonField
        label="Assign"
        name="Assign"
        at={at("Assign")}
        value={catcher.Assign}
        onChange={set("Assign")}
      />
    </>
  );
}
