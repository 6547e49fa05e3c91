/**
 * An approval's Form: the fields the person deciding fills in. Add, remove, reorder; each
 * field's name, type, label, required, and its choices or bounds as its type takes them.
 */

import { useContext, useId } from "react";
import { BOUNDED_TYPES, CHOICE_TYPES, FIELD_TYPES, dynamicValue } from "../../asl/approval";
import { addFormField, moveFormField, removeFormField, setFormFieldType } from "../../asl/edits";
import { isObject, type JsonObject } from "../../asl/types";
import { FormContext } from "./context";
import { Button, ItemControls, Section } from "./controls";
import { FieldErrors, NumberField, SelectField, TextField } from "./fields";
import { CheckboxField, Known, NamesField } from "./approvalControls";
import type { SpecEditor } from "./approvalEditor";
import { listOf, unclaimed } from "./model";

export function FormFieldsEditor({ editor }: { editor: SpecEditor }) {
  const { ctx, spec, at } = editor;
  const form = listOf(spec.Form);
  const dynamic =
    dynamicValue(spec, "Form") !== undefined ||
    (spec.Form !== undefined && !Array.isArray(spec.Form));
  const apply = (next: typeof ctx.definition) => ctx.edit(next);
  const add = () => apply(addFormField(ctx.definition, ctx.pointer));
  return (
    <Section
      title="Form"
      at={at("Form")}
      testId="form-fields"
      actions={dynamic ? undefined : <Button onClick={add}>Add field</Button>}
    >
      {dynamic ? (
        <p className="bt-insp__help">
          The Form is given as a path or an expression: edit it in the JSON view.
        </p>
      ) : form.length === 0 ? (
        <p className="bt-insp__muted">No form: the person decides with a comment only.</p>
      ) : null}
      <ol className="bt-insp__list">
        {dynamic
          ? null
          : form.map((item, index) => (
              <li key={index} className="bt-insp__item" data-form-field={index}>
                <div className="bt-insp__item-head">
                  <span>
                    Field {index + 1}
                    {isObject(item) && typeof item.name === "string" ? `: ${item.name}` : ""}
                  </span>
                  <ItemControls
                    what={`field ${index + 1}`}
                    index={index}
                    count={form.length}
                    onMove={(by) => apply(moveFormField(ctx.definition, ctx.pointer, index, by))}
                    onRemove={() => apply(removeFormField(ctx.definition, ctx.pointer, index))}
                  />
                </div>
                <FormFieldItem editor={editor} index={index} item={item} />
              </li>
            ))}
      </ol>
    </Section>
  );
}

interface ItemProps {
  editor: SpecEditor;
  index: number;
  item: unknown;
}

function FormFieldItem({ editor, index, item }: ItemProps) {
  const { diagnostics } = useContext(FormContext);
  const id = useId();
  const here = editor.at("Form", index);
  const others = unclaimed(diagnostics, here, shownKeys(item));
  if (!isObject(item)) {
    return (
      <>
        <FieldErrors id={id} messages={others} />
        <p className="bt-insp__help">Not a field object: edit it in the JSON view.</p>
      </>
    );
  }
  return (
    <>
      <FieldErrors id={id} messages={others} />
      <FieldBody editor={editor} index={index} item={item} />
    </>
  );
}

function FieldBody({ editor, index, item }: ItemProps & { item: JsonObject }) {
  const { ctx, at, set } = editor;
  const type = typeof item.type === "string" ? item.type : "";
  const prop = (name: string, label: string) => ({ name, label, at: at("Form", index, name) });
  const setProp = (name: string) => (value: unknown) => set(["Form", index, name], value);
  return (
    <div className="bt-insp__grid">
      <Known owner={item} {...prop("name", "Name")}>
        <TextField {...prop("name", "Name")} value={item.name} onChange={setProp("name")} />
      </Known>
      <Known owner={item} {...prop("type", "Type")}>
        <SelectField
          {...prop("type", "Type")}
          value={type}
          onChange={(next) => ctx.edit(setFormFieldType(ctx.definition, ctx.pointer, index, next))}
        >
          {FIELD_TYPES.includes(type as never) ? null : <option value={type}>{type || "—"}</option>}
          {FIELD_TYPES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
      </Known>
      <div className="bt-insp__wide">
        <Known owner={item} {...prop("label", "Label")}>
          <TextField
            {...prop("label", "Label")}
            value={item.label}
            placeholder={typeof item.name === "string" ? item.name : undefined}
            onChange={setProp("label")}
          />
        </Known>
      </div>
      {CHOICE_TYPES.includes(type) ? (
        <div className="bt-insp__wide">
          <Known owner={item} {...prop("choices", "Choices")}>
            <NamesField
              {...prop("choices", "Choices")}
              value={item.choices}
              onChange={setProp("choices")}
            />
          </Known>
        </div>
      ) : null}
      {BOUNDED_TYPES.includes(type) ? <Bounds {...{ editor, index, item, type }} /> : null}
      <div className="bt-insp__wide">
        <Known owner={item} {...prop("required", "Required")}>
          <CheckboxField
            {...prop("required", "Required")}
            value={item.required}
            onChange={setProp("required")}
          />
        </Known>
      </div>
    </div>
  );
}

/** The keys of a field that have an input here (the rest's problems show on the item). */
function shownKeys(item: unknown): string[] {
  const type = isObject(item) && typeof item.type === "string" ? item.type : "";
  const keys = ["name", "type", "label", "required"];
  if (CHOICE_TYPES.includes(type)) keys.push("choices");
  if (BOUNDED_TYPES.includes(type)) keys.push("min", "max");
  return keys;
}

const BOUND_LABELS: Record<string, [string, string]> = {
  number: ["Min", "Max"],
  date: ["Earliest", "Latest"],
};

/** min/max: values for numbers, YYYY-MM-DD for dates, lengths for text. */
function Bounds({ editor, index, item, type }: ItemProps & { item: JsonObject; type: string }) {
  const labels = BOUND_LABELS[type] ?? ["Min length", "Max length"];
  return (
    <>
      {(["min", "max"] as const).map((name, at) => {
        const common = { name, label: labels[at], at: editor.at("Form", index, name) };
        const set = (value: unknown) => editor.set(["Form", index, name], value);
        return (
          <Known key={name} owner={item} {...common}>
            {type === "date" ? (
              <TextField {...common} value={item[name]} placeholder="YYYY-MM-DD" onChange={set} />
            ) : (
              <NumberField {...common} value={item[name]} placeholder="none" onChange={set} />
            )}
          </Known>
        );
      })}
    </>
  );
}
