/**
 * The "Approval" section of a `baton:approval` Task: its specification (Parameters, or
 * Arguments under JSONata) as a form, with each server diagnostic next to its field. Values
 * given as paths or expressions are shown read-only; the JSON of it all is one click away.
 */

import "./approval.css";
import { useContext, useId } from "react";
import { ON_TIMEOUT, PRIORITIES, SPEC_FIELDS } from "../../asl/approval";
import { FormContext, useMessages } from "./context";
import { Section } from "./controls";
import { FieldErrors, JsonField, NumberField, SelectField, TextField } from "./fields";
import { CheckboxField, Known, NamesField, TextAreaField } from "./approvalControls";
import { specEditor, type SpecEditor } from "./approvalEditor";
import { EscalationFields, ReminderFields } from "./ApprovalTimers";
import { FormFieldsEditor } from "./FormFieldsEditor";
import { unclaimed } from "./model";
import { fieldPointer, patchState, typingKey, type StateContext } from "./shared";

export function ApprovalFields({ ctx }: { ctx: StateContext }) {
  const editor = specEditor(ctx);
  const key = ctx.language === "JSONata" ? "Arguments" : "Parameters";
  return (
    <Section title="Approval" at={fieldPointer(ctx, key)} testId="approval-editor">
      {editor ? (
        <>
          <OtherProblems editor={editor} />
          <Request editor={editor} />
          <Rules editor={editor} />
          <ReminderFields editor={editor} />
          <EscalationFields editor={editor} />
          <FormFieldsEditor editor={editor} />
        </>
      ) : (
        <p className="bt-insp__help">
          {key} is an expression, known when the state runs: edit it in the JSON view.
        </p>
      )}
      <RawSpec ctx={ctx} name={key} open={!editor} />
    </Section>
  );
}

/** Problems inside the specification that no field below shows (an unknown field, say). */
function OtherProblems({ editor }: { editor: SpecEditor }) {
  const { diagnostics } = useContext(FormContext);
  const id = useId();
  const root = editor.at();
  const messages = unclaimed(diagnostics, root, SPEC_FIELDS).filter((d) => d.location !== root);
  return <FieldErrors id={id} messages={messages} />;
}

/** What is asked and of whom. */
function Request({ editor }: { editor: SpecEditor }) {
  const { spec, at, set } = editor;
  const known = (name: string, label: string) => ({ name, label, at: at(name) });
  return (
    <>
      <Known owner={spec} {...known("Title", "Title")}>
        <TextField
          {...known("Title", "Title")}
          value={spec.Title}
          placeholder="the state's name"
          onChange={(value) => set(["Title"], value)}
        />
      </Known>
      <Known owner={spec} {...known("Description", "Description")}>
        <TextAreaField
          {...known("Description", "Description")}
          value={spec.Description}
          help="Markdown, shown on the task page."
          onChange={(value) => set(["Description"], value)}
        />
      </Known>
      <div className="bt-insp__grid">
        <Known owner={spec} {...known("Assignees", "Assignees")}>
          <NamesField
            {...known("Assignees", "Assignees")}
            value={spec.Assignees}
            help="Usernames, comma-separated"
            onChange={(names) => set(["Assignees"], names)}
          />
        </Known>
        <Known owner={spec} {...known("Groups", "Groups")}>
          <NamesField
            {...known("Groups", "Groups")}
            value={spec.Groups}
            help="Group names, comma-separated"
            onChange={(names) => set(["Groups"], names)}
          />
        </Known>
      </div>
    </>
  );
}

/** How many must agree, by when, and what a deadline does. */
function Rules({ editor }: { editor: SpecEditor }) {
  const { spec, at, set } = editor;
  const known = (name: string, label: string) => ({ name, label, at: at(name) });
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return (
    <>
      <div className="bt-insp__grid">
        <Known owner={spec} {...known("RequiredApprovals", "Required approvals")}>
          <NumberField
            {...known("RequiredApprovals", "Required approvals")}
            value={spec.RequiredApprovals}
            placeholder="1"
            help="Different people, 1 or more"
            onChange={(value) => set(["RequiredApprovals"], value)}
          />
        </Known>
        <Known owner={spec} {...known("DueSeconds", "Due after (seconds)")}>
          <NumberField
            {...known("DueSeconds", "Due after (seconds)")}
            value={spec.DueSeconds}
            placeholder="none"
            help="Shown in the inbox; not a deadline"
            onChange={(value) => set(["DueSeconds"], value)}
          />
        </Known>
        <Known owner={spec} {...known("Priority", "Priority")}>
          <SelectField
            {...known("Priority", "Priority")}
            value={text(spec.Priority)}
            help="Default normal; sorts the inbox"
            onChange={(value) => set(["Priority"], value)}
          >
            <option value="">(default)</option>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {priority}
              </option>
            ))}
          </SelectField>
        </Known>
        <Known owner={spec} {...known("OnTimeout", "On timeout")}>
          <SelectField
            {...known("OnTimeout", "On timeout")}
            value={text(spec.OnTimeout)}
            help="Default Fail; when the state's TimeoutSeconds runs out"
            onChange={(value) => set(["OnTimeout"], value)}
          >
            <option value="">(default)</option>
            {ON_TIMEOUT.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </SelectField>
        </Known>
      </div>
      <Known owner={spec} {...known("AllowSelfApproval", "Allow self-approval")}>
        <CheckboxField
          {...known("AllowSelfApproval", "Allow self-approval")}
          value={spec.AllowSelfApproval}
          help="Whoever started the execution may decide too."
          onChange={(value) => set(["AllowSelfApproval"], value)}
        />
      </Known>
    </>
  );
}

/** The specification as JSON: for paths, expressions and anything the form does not edit. */
function RawSpec({ ctx, name, open }: { ctx: StateContext; name: string; open: boolean }) {
  const messages = useMessages(fieldPointer(ctx, name));
  const settings = useContext(FormContext);
  return (
    <details className="bt-insp__advanced" open={open || undefined}>
      <summary>{name} as JSON</summary>
      {/* Its problems are shown at their fields above; here only when nothing above shows them. */}
      <FormContext.Provider value={{ ...settings, diagnostics: open ? messages : [] }}>
        <JsonField
          label={name}
          name={name}
          at={fieldPointer(ctx, name)}
          value={ctx.state[name]}
          expression={ctx.language === "JSONata"}
          rows={4}
          onChange={(value) => patchState(ctx, { [name]: value }, typingKey(ctx, name))}
        />
      </FormContext.Provider>
    </details>
  );
}
