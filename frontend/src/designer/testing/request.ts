/** One POST at a time, abandoned when a newer one starts or the component goes away. */

import { useCallback, useEffect, useRef, useState } from "react";
import { call, type ApiAnswer } from "../api";
import { unreachable, type Problem } from "./fields";

export type Sent<T> = { answer: ApiAnswer<T> } | { problem: Problem } | null;

export function usePost<T>() {
  const [busy, setBusy] = useState(false);
  const pending = useRef<AbortController | null>(null);
  useEffect(() => () => pending.current?.abort(), []);

  const cancel = useCallback(() => {
    pending.current?.abort();
    pending.current = null;
    setBusy(false);
  }, []);

  /** The answer, a problem when Baton was not reached, or null when the request was abandoned. */
  const post = useCallback(async (url: string, body: unknown): Promise<Sent<T>> => {
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    setBusy(true);
    try {
      const answer = await call<T>("POST", url, body, controller.signal);
      return controller.signal.aborted ? null : { answer };
    } catch (error) {
      return controller.signal.aborted ? null : { problem: unreachable(error) };
    } finally {
      if (pending.current === controller) {
        pending.current = null;
        setBusy(false);
      }
    }
  }, []);

  return { busy, post, cancel };
}
