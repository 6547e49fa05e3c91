/**
 * One refresh at a time, however many changes ask for it: requests that arrive while one waits
 * or runs fold into a single next run, so a burst of messages costs one or two fetches.
 */
export type Request = (delayMs: number) => void;

export function coalesced(task: () => Promise<void>): Request {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueAt = Infinity;
  let running = false;
  let againIn: number | null = null;

  const run = async () => {
    timer = undefined;
    dueAt = Infinity;
    running = true;
    try {
      await task();
    } finally {
      running = false;
      if (againIn !== null) {
        const delay = againIn;
        againIn = null;
        request(delay);
      }
    }
  };

  const request: Request = (delayMs) => {
    if (running) {
      againIn = againIn === null ? delayMs : Math.min(againIn, delayMs);
      return;
    }
    const at = performance.now() + delayMs;
    if (at >= dueAt) return; // an earlier run is already on its way
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(run, delayMs);
  };
  return request;
}
