/** Whether the canvas is being edited (the designer) or only read (the viewer, the default). */

import { createContext, useContext } from "react";

export const EditingContext = createContext(false);

export function useEditing(): boolean {
  return useContext(EditingContext);
}
