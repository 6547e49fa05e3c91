import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { coalesced } from "../src/list/coalesce";

describe("coalesced refreshes of the execution list", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs a burst of requests as one", async () => {
    const task = vi.fn(async () => {});
    const request = coalesced(task);
    for (let i = 0; i < 100; i += 1) request(100);
    await vi.advanceTimersByTimeAsync(150);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it("brings a later request forward to the sooner one", async () => {
    const task = vi.fn(async () => {});
    const request = coalesced(task);
    request(1000);
    request(100);
    await vi.advanceTimersByTimeAsync(150);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it("runs once more after a run that requests arrived during", async () => {
    let finish: () => void = () => {};
    const task = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const request = coalesced(task);
    request(0);
    await vi.advanceTimersByTimeAsync(1);
    request(100);
    request(100);
    finish();
    await vi.advanceTimersByTimeAsync(150);
    expect(task).toHaveBeenCalledTimes(2);
  });
});
