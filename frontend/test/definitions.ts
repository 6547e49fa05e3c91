/** Small ASL definitions shared by the tests. */

export const simple = {
  Comment: "five states",
  StartAt: "Fetch",
  States: {
    Fetch: { Type: "Task", Resource: "baton:function:fetch", Next: "Check" },
    Check: {
      Type: "Choice",
      Choices: [{ Variable: "$.ok", BooleanEquals: true, Next: "Wait" }],
      Default: "Broken",
    },
    Wait: { Type: "Wait", Seconds: 5, Next: "Done" },
    Done: { Type: "Succeed" },
    Broken: { Type: "Fail", Error: "Bad.Input" },
  },
};

/** A Parallel inside a Map inside a Parallel. */
export const nested = {
  StartAt: "Outer",
  States: {
    Outer: {
      Type: "Parallel",
      Branches: [
        {
          StartAt: "Each",
          States: {
            Each: {
              Type: "Map",
              ItemsPath: "$.items",
              ItemProcessor: {
                StartAt: "Inner",
                States: {
                  Inner: {
                    Type: "Parallel",
                    Branches: [
                      { StartAt: "A", States: { A: { Type: "Pass", End: true } } },
                      { StartAt: "B", States: { B: { Type: "Pass", End: true } } },
                    ],
                    End: true,
                  },
                },
              },
              End: true,
            },
          },
        },
        { StartAt: "Side", States: { Side: { Type: "Pass", End: true } } },
      ],
      Next: "Finish",
    },
    Finish: { Type: "Succeed" },
  },
};

/**
 * About `count` states at every depth: a chain of Pass, Task (with Catch) and Choice states, every
 * tenth one a Parallel (holding a Map) or a Map, six states each with their children.
 */
export function large(count: number): Record<string, unknown> {
  const states: Record<string, Record<string, unknown>> = {};
  let made = 0;
  for (let i = 0; made < count; i++) {
    const isContainer = i % 10 === 5 && count - made >= 6;
    states[`S${i}`] = isContainer ? container(i) : leaf(i);
    made += isContainer ? 6 : 1;
  }
  const names = Object.keys(states);
  names.forEach((name, i) => link(states[name], names[i + 1], names[i + 2] ?? names[i + 1]));
  return { Comment: `${count} states`, StartAt: names[0], States: states };
}

function leaf(i: number): Record<string, unknown> {
  if (i % 10 === 2)
    return { Type: "Choice", Choices: [{ Variable: "$.n", NumericGreaterThan: i }] };
  if (i % 10 === 7)
    return {
      Type: "Task",
      Resource: "baton:function:work",
      Catch: [{ ErrorEquals: ["States.ALL"] }],
    };
  return { Type: "Pass" };
}

function link(state: Record<string, unknown>, next?: string, skip?: string): void {
  if (next === undefined && (state.Type === "Parallel" || state.Type === "Map")) {
    state.End = true;
  } else if (next === undefined) {
    state.Type = "Succeed";
    delete state.Choices;
    delete state.Catch;
  } else if (state.Type === "Choice") {
    (state.Choices as Record<string, unknown>[])[0].Next = skip;
    state.Default = next;
  } else {
    state.Next = next;
    for (const catcher of (state.Catch ?? []) as Record<string, unknown>[]) catcher.Next = skip;
  }
}

function chain(names: string[]): Record<string, unknown> {
  const entries = names.map((name, i) => [
    name,
    i < names.length - 1 ? { Type: "Pass", Next: names[i + 1] } : { Type: "Pass", End: true },
  ]);
  return { StartAt: names[0], States: Object.fromEntries(entries) };
}

function container(i: number): Record<string, unknown> {
  if (i % 20 === 5) {
    const map = { Type: "Map", ItemProcessor: chain([`P${i}x`, `P${i}y`]), End: true };
    return {
      Type: "Parallel",
      Branches: [chain([`P${i}a`, `P${i}b`]), { StartAt: `P${i}m`, States: { [`P${i}m`]: map } }],
    };
  }
  return {
    Type: "Map",
    ItemsPath: "$.items",
    MaxConcurrency: 4,
    ItemProcessor: chain(["a", "b", "c", "d", "e"].map((s) => `M${i}${s}`)),
  };
}

/** Number of states at every depth, counted independently of the code under test. */
export function countStates(body: unknown): number {
  if (typeof body !== "object" || body === null) return 0;
  const states = (body as { States?: unknown }).States;
  if (typeof states !== "object" || states === null) return 0;
  return Object.values(states).reduce((total: number, state: unknown) => {
    const s = (state ?? {}) as Record<string, unknown>;
    const nested =
      s.Type === "Parallel" && Array.isArray(s.Branches)
        ? s.Branches.reduce((sum: number, branch: unknown) => sum + countStates(branch), 0)
        : s.Type === "Map"
          ? countStates(s.ItemProcessor ?? s.Iterator)
          : 0;
    return total + 1 + nested;
  }, 0);
}
