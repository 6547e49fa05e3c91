/** Saving, for Designer.tsx: the workflow's name and version as the page knows them, the
 * save itself, and leaving for an execution page with the draft kept. */

import { useState } from "react";
import { forgetDraft, keepDraft } from "./drafts";
import { saveVersion } from "./saving";
import type { DesignerConfig } from "./types";
import { allowLeaving } from "./usePageEvents";

const NAME_RULE = /^[A-Za-z0-9_-]{1,80}$/;

interface Saved {
  saved: (text: string) => void;
}

export function useSaving(config: DesignerConfig, model: Saved) {
  const [workflow, setWorkflow] = useState(config.workflow);
  const [version, setVersion] = useState(config.version);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const nameError =
    workflow || !name || NAME_RULE.test(name)
      ? ""
      : "Use 1–80 letters, digits, '-' or '_' (it goes into URLs and ARNs).";

  const save = async (text: string, comment: string, alias: string): Promise<boolean> => {
    setBusy(true);
    setError("");
    const result = await saveVersion({
      apiBase: config.urls.api,
      workflow,
      name,
      text,
      comment,
      alias,
    }).catch((problem: unknown) => ({
      ok: false as const,
      message: `The save did not reach the server: ${String(problem)}`,
      diagnostics: [],
    }));
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return false;
    }
    forgetDraft(workflow, version);
    model.saved(text);
    setWorkflow(result.workflow);
    setVersion(result.version);
    if (!workflow) {
      const url = `${config.urls.workflowPage}${encodeURIComponent(result.workflow)}/design/`;
      window.history.replaceState(null, "", url);
    }
    const moved = alias && !result.aliasError ? ` Alias '${alias}' now points to it.` : "";
    setNotice(
      `Saved version ${result.version}.${moved}${result.aliasError ? ` ${result.aliasError}` : ""}`,
    );
    return true;
  };

  /** Opens `url` in this tab, keeping the draft to restore when the designer opens again. */
  const leaveFor = (url: string, text: string) => {
    keepDraft(workflow, version, text);
    allowLeaving();
    window.location.assign(url);
  };

  return { workflow, version, name, setName, nameError, busy, error, notice, save, leaveFor };
}
