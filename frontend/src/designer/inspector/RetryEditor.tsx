/** A Task, Parallel or Map's retriers: add, remove, reorder, and each one's fields. */

import { isObject, type JsonObject } from "../../asl/types";
import { Button, ItemControls, Section } from "./controls";
import { NameListField, NumberField, SelectField } from "./fields";
import { listOf, moveAt, removeAt, replaceAt, withField } from "./model";
import { fieldPointer, patchState, typingKey, type StateContext } from "./shared";

const NUMBERS = ["IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds"];
const HINTS: Record<string, string> = {
  IntervalSeconds: "1",
  MaxAttempts: "3",
  BackoffRate: "2.0",
  MaxDelaySeconds: "none",
};

export function RetryEditor({ ctx }: { ctx: StateContext }) {
  const retriers = listOf(ctx.state.Retry);
  const save = (next: readonly unknown[], key?: string) =>
    patchState(ctx, { Retry: next.length > 0 ? next : undefined }, key);
  const add = () => save([...retriers, { ErrorEquals: ["States.ALL"] }]);
  return (
    <Section
      title="Retry"
      at={fieldPointer(ctx, "Retry")}
      testId="retry-editor"
      actions={<Button onClick={add}>Add retrier</Button>}
    >
      {retriers.length === 0 ? (
        <p className="bt-insp__muted">No retriers: errors are not retried.</p>
      ) : null}
      <ol className="bt-insp__list">
        {retriers.map((retrier, index) => (
          <li key={index} className="bt-insp__item" data-retrier={index}>
            <div className="bt-insp__item-head">
              <span>Retrier {index + 1}</span>
              <ItemControls
                what={`retrier ${index + 1}`}
                index={index}
                count={retriers.length}
                onMove={(by) => save(moveAt(retriers, index, by))}
                onRemove={() => save(removeAt(retriers, index))}
              />
            </div>
            <Retrier
              ctx={ctx}
              index={index}
              retrier={isObject(retrier) ? retrier : {}}
              onChange={(next, field) =>
                save(replaceAt(retriers, index, next), typingKey(ctx, "Retry", index, field))
              }
            />
          </li>
        ))}
      </ol>
    </Section>
  );
}

interface RetrierProps {
  ctx: StateContext;
  index: number;
  retrier: JsonObject;
  onChange: (next: JsonObject, field: string) => void;
}

function Retrier({ ctx, index, retrier, onChange }: RetrierProps) {
  const at = (field: string) => fieldPointer(ctx, "Retry", index, field);
  const set = (field: string, value: unknown) => onChange(withField(retrier, field, value), field);
  const jitter = retrier.JitterStrategy;
  return (
    <div className="bt-insp__grid">
      <div className="bt-insp__wide">
        <NameListField
          label="ErrorEquals"
          name="ErrorEquals"
          at={at("ErrorEquals")}
          value={retrier.ErrorEquals}
          onChange={(names) => set("ErrorEquals", names)}
        />
      </div>
      {NUMBERS.map((field) => (
        <NumberField
          key={field}
          label={field}
          name={field}
          at={at(field)}
          value={retrier[field]}
          placeholder={HINTS[field]}
          onChange={(value) => set(field, value)}
        />
      ))}
      <SelectField
        label="JitterStrategy"
        name="JitterStrategy"
        at={at("JitterStrategy")}
        value={typeof jitter === "string" ? jitter : ""}
        onChange={(value) => set("JitterStrategy", value || undefined)}
      >
        <option value="">(default: NONE)</option>
        <option value="FULL">FULL</option>
        <option value="NONE">NONE</option>
      </SelectField>
    </div>
  );
}
