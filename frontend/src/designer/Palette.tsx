/** The palette: the eight state types and the Task templates. Drag one onto the canvas, or
 * click it (Enter) to add it after the selected state. */

import type { DragEvent } from "react";
import { ApprovalIcon, TypeIcon } from "../canvas/nodes/icons";
import { PALETTE_MIME } from "./DesignerCanvas";

interface Entry {
  id: string;
  type: string;
  label: string;
  hint: string;
  /** Its own icon instead of its type's. */
  icon?: "approval";
}

const STATES: Entry[] = [
  { id: "Task", type: "Task", label: "Task", hint: "Do work: a function, HTTP call, worker" },
  { id: "Pass", type: "Pass", label: "Pass", hint: "Shape data, or do nothing" },
  { id: "Choice", type: "Choice", label: "Choice", hint: "Branch on the input" },
  { id: "Wait", type: "Wait", label: "Wait", hint: "Pause for a time or until a moment" },
  { id: "Parallel", type: "Parallel", label: "Parallel", hint: "Run branches side by side" },
  { id: "Map", type: "Map", label: "Map", hint: "Run steps for each item" },
  { id: "Succeed", type: "Succeed", label: "Succeed", hint: "End successfully" },
  { id: "Fail", type: "Fail", label: "Fail", hint: "End with an error" },
];

const TEMPLATES: Entry[] = [
  {
    id: "template:python-function",
    type: "Task",
    label: "Python function",
    hint: "A registered function",
  },
  { id: "template:http", type: "Task", label: "HTTP call", hint: "A request through a connection" },
  {
    id: "template:subworkflow",
    type: "Task",
    label: "Sub-workflow",
    hint: "Start a workflow, wait for it",
  },
  {
    id: "template:activity",
    type: "Task",
    label: "Activity",
    hint: "An external worker polls for it",
  },
  { id: "template:callback", type: "Task", label: "Callback", hint: "Wait for a task token" },
  {
    id: "template:approval",
    type: "Task",
    label: "Approval",
    hint: "A person approves or rejects",
    icon: "approval",
  },
];

interface Props {
  onAdd: (id: string) => void;
}

function Item({ entry, onAdd }: { entry: Entry; onAdd: (id: string) => void }) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(PALETTE_MIME, entry.id);
    event.dataTransfer.effectAllowed = "copy";
  };
  return (
    <li>
      <button
        type="button"
        className={`bt-palette__item bt-node--${entry.type.toLowerCase()}`}
        data-palette={entry.id}
        draggable
        onDragStart={onDragStart}
        onClick={() => onAdd(entry.id)}
        title={`${entry.hint}. Drag onto the canvas, or click to add after the selected state.`}
      >
        <span className="bt-palette__icon">
          {entry.icon === "approval" ? <ApprovalIcon /> : <TypeIcon type={entry.type} />}
        </span>
        <span className="bt-palette__text">
          <span className="bt-palette__label">{entry.label}</span>
          <span className="bt-palette__hint">{entry.hint}</span>
        </span>
      </button>
    </li>
  );
}

export function Palette({ onAdd }: Props) {
  return (
    <nav className="bt-palette" aria-label="Palette">
      <h2 className="bt-panel-title">States</h2>
      <ul>
        {STATES.map((entry) => (
          <Item key={entry.id} entry={entry} onAdd={onAdd} />
        ))}
      </ul>
      <h2 className="bt-panel-title">Templates</h2>
      <ul>
        {TEMPLATES.map((entry) => (
          <Item key={entry.id} entry={entry} onAdd={onAdd} />
        ))}
      </ul>
    </nav>
  );
}
