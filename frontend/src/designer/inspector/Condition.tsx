/**
 * One JSONPath condition of the rule builder: a comparison (Variable, operator, typed value) or
 * an And / Or / Not group of conditions, nested as deep as the author likes. Nested conditions
 * carry no `Next` (ASL gives a transition to top-level rules only).
 */

import { isObject, type JsonObject } from "../../asl/types";
import { join } from "../../asl/pointer";
import { Button } from "./controls";
import { NumberField, SelectField, TextField } from "./fields";
import { removeAt, replaceAt } from "./model";
import {
  conditionKind,
  groupMembers,
  newComparison,
  OPERATOR_GROUPS,
  operatorOf,
  setComparisonValue,
  setConditionKind,
  setGroupMembers,
  setOperator,
  valueKind,
  type GroupKind,
} from "./rules";

export interface ConditionProps {
  rule: JsonObject;
  /** JSON pointer of the condition (its fields' diagnostics and coalescing keys hang off it). */
  at: string;
  /** The next condition; `key` coalesces typing into one field. */
  onChange: (next: JsonObject, key?: string) => void;
}

const KIND_LABELS: Array<[GroupKind | "comparison", string]> = [
  ["comparison", "Comparison"],
  ["And", "All of (And)"],
  ["Or", "Any of (Or)"],
  ["Not", "Not"],
];

export function ConditionEditor({ rule, at, onChange }: ConditionProps) {
  const kind = conditionKind(rule);
  const shown = kind === "And" || kind === "Or" || kind === "Not" ? kind : "comparison";
  return (
    <div className="bt-insp__condition" data-condition={shown}>
      <SelectField
        label="Condition"
        name="condition-kind"
        value={shown}
        onChange={(value) => onChange(setConditionKind(rule, value as GroupKind | "comparison"))}
      >
        {KIND_LABELS.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      {shown === "comparison" ? (
        <Comparison rule={rule} at={at} onChange={onChange} />
      ) : (
        <Group rule={rule} kind={shown} at={at} onChange={onChange} />
      )}
    </div>
  );
}

function Comparison({ rule, at, onChange }: ConditionProps) {
  const operator = operatorOf(rule);
  const variableAt = join(at, "Variable");
  return (
    <>
      <TextField
        label="Variable"
        name="Variable"
        at={variableAt}
        value={rule.Variable}
        placeholder="$.field"
        onChange={(value) => onChange({ ...rule, Variable: value ?? "" }, variableAt)}
      />
      <SelectField
        label="Operator"
        name="operator"
        at={operator === undefined ? undefined : join(at, operator)}
        value={operator ?? ""}
        onChange={(value) => value && onChange(setOperator(rule, value))}
      >
        {operator === undefined ? <option value="">— choose —</option> : null}
        {OPERATOR_GROUPS.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.operators.map((op) => (
              <option key={op} value={op}>
                {op}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
      {operator === undefined ? null : (
        <ComparisonValue
          rule={rule}
          operator={operator}
          at={join(at, operator)}
          onChange={onChange}
        />
      )}
    </>
  );
}

function ComparisonValue(props: ConditionProps & { operator: string }) {
  const { rule, operator, at, onChange } = props;
  const value = rule[operator];
  const kind = valueKind(operator);
  const common = { label: "Value", name: operator, at, value };
  if (kind === "number") {
    return (
      <NumberField
        {...common}
        required
        onChange={(next) => onChange({ ...rule, [operator]: next }, at)}
      />
    );
  }
  if (kind === "boolean") {
    return (
      <SelectField
        {...common}
        value={String(value === true)}
        onChange={(text) => onChange(setComparisonValue(rule, text))}
      >
        <option value="true">true</option>
        <option value="false">false</option>
      </SelectField>
    );
  }
  const placeholder =
    kind === "path" ? "$.other" : kind === "timestamp" ? "2030-01-01T00:00:00Z" : undefined;
  return (
    <TextField
      {...common}
      placeholder={placeholder}
      onChange={(text) => onChange(setComparisonValue(rule, text ?? ""), at)}
    />
  );
}

function Group(props: ConditionProps & { kind: GroupKind }) {
  const { rule, kind, at, onChange } = props;
  const members = groupMembers(rule);
  const memberAt = (index: number) => (kind === "Not" ? join(at, "Not") : join(at, kind, index));
  const setMembers = (next: unknown[], key?: string) => onChange(setGroupMembers(rule, next), key);
  return (
    <div className="bt-insp__group">
      <ol className="bt-insp__list">
        {members.map((member, index) => (
          <li key={index} className="bt-insp__member">
            <ConditionEditor
              rule={isObject(member) ? member : {}}
              at={memberAt(index)}
              onChange={(next, key) => setMembers(replaceAt(members, index, next), key)}
            />
            {kind === "Not" ? null : (
              <Button
                label={`Remove condition ${index + 1}`}
                variant="danger"
                disabled={members.length < 2}
                onClick={() => setMembers(removeAt(members, index))}
              >
                Remove condition
              </Button>
            )}
          </li>
        ))}
      </ol>
      {kind === "Not" ? null : (
        <div className="bt-insp__actions">
          <Button onClick={() => setMembers([...members, newComparison()])}>Add condition</Button>
          <Button onClick={() => setMembers([...members, { And: [newComparison()] }])}>
            Add group
          </Button>
        </div>
      )}
    </div>
  );
}
