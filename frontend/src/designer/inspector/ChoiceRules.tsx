/**
 * A Choice's rules, in order (the first that matches wins): each a condition and a `Next`.
 * JSONPath rules are built from comparisons and And / Or / Not groups; JSONata rules are one
 * `Condition` expression.
 */

import { connect, statePointer } from "../../asl/edits";
import { join } from "../../asl/pointer";
import { isObject, type JsonObject } from "../../asl/types";
import { ConditionEditor } from "./Condition";
import { Button, ItemControls, Section, StateOptions, targetName, targetValue } from "./controls";
import { SelectField, TextField } from "./fields";
import { listOf, moveAt, removeAt, replaceAt } from "./model";
import { newComparison } from "./rules";
import { fieldPointer, patchState, type StateContext } from "./shared";

export function ChoiceRules({ ctx }: { ctx: StateContext }) {
  const rules = listOf(ctx.state.Choices);
  const save = (next: readonly unknown[], key?: string) => patchState(ctx, { Choices: next }, key);
  const fresh = () => (ctx.language === "JSONata" ? { Condition: "{% true %}" } : newComparison());
  return (
    <Section
      title="Rules"
      at={fieldPointer(ctx, "Choices")}
      testId="choice-rules"
      actions={<Button onClick={() => save([...rules, fresh()])}>Add rule</Button>}
    >
      <p className="bt-insp__help">The first rule that matches decides where to go.</p>
      <ol className="bt-insp__list">
        {rules.map((rule, index) => (
          <li key={index} className="bt-insp__item" data-rule={index}>
            <div className="bt-insp__item-head">
              <span>Rule {index + 1}</span>
              <ItemControls
                what={`rule ${index + 1}`}
                index={index}
                count={rules.length}
                onMove={(by) => save(moveAt(rules, index, by))}
                onRemove={() => save(removeAt(rules, index))}
              />
            </div>
            <Rule
              ctx={ctx}
              index={index}
              rule={isObject(rule) ? rule : {}}
              onChange={(next, key) => save(replaceAt(rules, index, next), key)}
            />
          </li>
        ))}
      </ol>
    </Section>
  );
}

interface RuleProps {
  ctx: StateContext;
  index: number;
  rule: JsonObject;
  onChange: (next: JsonObject, key?: string) => void;
}

function Rule({ ctx, index, rule, onChange }: RuleProps) {
  const at = fieldPointer(ctx, "Choices", index);
  const jsonata = ctx.language === "JSONata" || "Condition" in rule;
  const goTo = (choice: string) => {
    const name = targetName(choice);
    if (name === undefined) return;
    const to = statePointer(ctx.level, name);
    ctx.edit(connect(ctx.definition, { from: ctx.pointer, edge: { kind: "choice", index }, to }));
  };
  return (
    <>
      {jsonata ? (
        <TextField
          label="Condition"
          name="Condition"
          at={join(at, "Condition")}
          value={rule.Condition}
          placeholder="{% $states.input.ok %}"
          onChange={(text) => onChange({ ...rule, Condition: text ?? "" }, join(at, "Condition"))}
        />
      ) : (
        <ConditionEditor rule={rule} at={at} onChange={onChange} />
      )}
      <SelectField
        label="Next"
        name="Next"
        at={join(at, "Next")}
        value={targetValue(rule.Next)}
        onChange={goTo}
      >
        {typeof rule.Next === "string" ? null : <option value="">— choose —</option>}
        <StateOptions names={ctx.names} current={rule.Next} />
      </SelectField>
    </>
  );
}
