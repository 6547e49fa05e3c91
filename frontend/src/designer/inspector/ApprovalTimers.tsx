/** An approval's Reminder (AfterSeconds, EverySeconds, MaxCount) and Escalation (AfterSeconds,
 * To Users / Groups): each a small group of fields, removed from the definition when emptied. */

import { useContext, useId, type ReactNode } from "react";
import type { JsonObject } from "../../asl/types";
import { FormContext } from "./context";
import { FieldErrors, NumberField } from "./fields";
import { Known, NamesField } from "./approvalControls";
import { objectAt, type SpecEditor } from "./approvalEditor";
import { diagnosticsAt } from "./model";

const REMINDER: [string, string, string][] = [
  ["AfterSeconds", "First after (s)", "none"],
  ["EverySeconds", "Then every (s)", "once"],
  ["MaxCount", "At most", "1"],
];

export function ReminderFields({ editor }: { editor: SpecEditor }) {
  const { spec, at, set } = editor;
  const reminder = objectAt(spec, "Reminder");
  return (
    <Group title="Reminder" at={[at("Reminder")]} owner={spec} name="Reminder" editor={editor}>
      <div className="bt-insp__grid bt-insp__triple">
        {REMINDER.map(([name, label, placeholder]) => (
          <Known key={name} owner={reminder} name={name} label={label} at={at("Reminder", name)}>
            <NumberField
              label={label}
              name={`Reminder.${name}`}
              at={at("Reminder", name)}
              value={reminder[name]}
              placeholder={placeholder}
              onChange={(value) => set(["Reminder", name], value)}
            />
          </Known>
        ))}
      </div>
    </Group>
  );
}

export function EscalationFields({ editor }: { editor: SpecEditor }) {
  const { spec, at, set } = editor;
  const escalation = objectAt(spec, "Escalation");
  const to = objectAt(spec, "Escalation", "To");
  const targets = [at("Escalation"), at("Escalation", "To")];
  return (
    <Group title="Escalation" at={targets} owner={spec} name="Escalation" editor={editor}>
      <Known
        owner={escalation}
        name="AfterSeconds"
        label="After (s)"
        at={at("Escalation", "AfterSeconds")}
      >
        <NumberField
          label="After (s)"
          name="Escalation.AfterSeconds"
          at={at("Escalation", "AfterSeconds")}
          value={escalation.AfterSeconds}
          placeholder="none"
          help="Still open this long after it opened: hand it to more people"
          onChange={(value) => set(["Escalation", "AfterSeconds"], value)}
        />
      </Known>
      <div className="bt-insp__grid">
        {(["Users", "Groups"] as const).map((name) => (
          <Known
            key={name}
            owner={to}
            name={name}
            label={`To ${name.toLowerCase()}`}
            at={at("Escalation", "To", name)}
          >
            <NamesField
              label={`To ${name.toLowerCase()}`}
              name={`Escalation.To.${name}`}
              at={at("Escalation", "To", name)}
              value={to[name]}
              onChange={(names) => set(["Escalation", "To", name], names)}
            />
          </Known>
        ))}
      </div>
    </Group>
  );
}

interface GroupProps {
  title: string;
  /** Pointers whose own diagnostics (not their fields') show under the title. */
  at: string[];
  owner: JsonObject;
  name: string;
  editor: SpecEditor;
  children: ReactNode;
}

/** A titled group; the whole group read-only when its object is a path or an expression. */
function Group({ title, at, owner, name, editor, children }: GroupProps) {
  const { diagnostics } = useContext(FormContext);
  const id = useId();
  const messages = at.flatMap((pointer) => diagnosticsAt(diagnostics, pointer));
  return (
    <fieldset className="bt-insp__fieldset" data-group={name}>
      <legend>{title}</legend>
      <FieldErrors id={id} messages={messages} />
      <Known owner={owner} name={name} label={title} at={editor.at(name)}>
        {children}
      </Known>
    </fieldset>
  );
}
