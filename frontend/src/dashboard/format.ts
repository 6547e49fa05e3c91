/**
 * Figures as a person says them, the same way the server writes them
 * (engine/dashboard/text.py): 420 ms, 4.2 s, 12 s, 3 min 12 s, 2 h 5 min, 3 d 4 h; 87.5%.
 */
const UNITS: readonly [number, string][] = [
  [86400, "d"],
  [3600, "h"],
  [60, "min"],
  [1, "s"],
];

export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : twoUnits(whole);
}

function twoUnits(seconds: number): string {
  const index = UNITS.findIndex(([size]) => seconds >= size);
  const [size, name] = UNITS[index];
  const [smaller, smallName] = UNITS[index + 1];
  const whole = Math.floor(seconds / size);
  const part = Math.floor((seconds % size) / smaller);
  return part ? `${whole} ${name} ${part} ${smallName}` : `${whole} ${name}`;
}

export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "—";
  return `${Number((rate * 100).toFixed(1))}%`;
}

const AXIS_UNITS: readonly [limit: number, size: number, name: string][] = [
  [1, 0.001, "ms"],
  [120, 1, "s"],
  [7200, 60, "min"],
  [172800, 3600, "h"],
  [Infinity, 86400, "d"],
];

/** A duration axis' labels, all in one unit chosen by the largest: 0, 30 s, 60 s, 90 s. */
export function axisSeconds(splits: number[]): string[] {
  const largest = Math.max(0, ...splits);
  const [, size, name] = AXIS_UNITS.find(([limit]) => largest < limit) ?? AXIS_UNITS[4];
  return splits.map((value) =>
    value === 0 ? "0" : `${Number((value / size).toFixed(1))} ${name}`,
  );
}
