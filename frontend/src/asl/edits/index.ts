/**
 * The designer's edits: pure functions of a definition, each returning the same object when
 * nothing changed and sharing every untouched part with its input. React-free.
 */

export type {
  Definition,
  Edge,
  EdgeRef,
  Edit,
  LevelPointer,
  Position,
  QueryLanguage,
  StatePointer,
  StateType,
} from "./types";
export { addState, insertBetween, nameForNew, type AddArgs, type NewState } from "./add";
export { addBranch, removeBranch } from "./branches";
export {
  CLIPBOARD_FORMAT,
  copyStates,
  isClipboard,
  pastedNames,
  pasteStates,
  type Clipboard,
} from "./clipboard";
export { canConnect, connect, disconnect, edgeRefOf, reconnect, type Connection } from "./connect";
export { levelBody, locate, parseStatePointer, statePointer, type Located } from "./core";
export { deleteStates } from "./delete";
export { languageAt, MACHINE, setQueryLanguage } from "./language";
export { moveState } from "./move";
export {
  checkName,
  freeName,
  MAX_NAME_LENGTH,
  renameState,
  type NameError,
  type NameProblem,
  type Renamed,
} from "./names";
export { referencesOf, type Reference } from "./refs";
export { TEMPLATES, type TemplateId, type TemplateOptions } from "./templates";
export { updateState, type Patch } from "./update";
export {
  addFormField,
  moveFormField,
  removeFormField,
  setApprovalValue,
  setFormFieldType,
  type SpecPath,
} from "./approval";
