/**
 * The page's colours for canvas drawing. Tokens such as --bt-ok hold light-dark() values that
 * a canvas cannot take, so each is resolved through a probe element's computed colour, for the
 * colour scheme in force now (the charts redraw when it changes).
 */
import type { Status } from "./types";

export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  status: Record<Status, string>;
  p50: string;
  p95: string;
  font: string;
}

const STATUS_TOKENS: Record<Status, string> = {
  RUNNING: "var(--bt-info, #1f5fa8)",
  SUCCEEDED: "var(--bt-ok, #1f7a3f)",
  FAILED: "var(--bt-danger, #b42318)",
  TIMED_OUT: "var(--bt-dash-timed-out, #7e22ce)",
  ABORTED: "var(--bt-warn, #9a5b00)",
};

export function readTheme(host: HTMLElement): ChartTheme {
  const probe = document.createElement("span");
  probe.hidden = true;
  host.append(probe);
  const color = (value: string) => {
    probe.style.color = value;
    return getComputedStyle(probe).color;
  };
  const status = Object.fromEntries(
    Object.entries(STATUS_TOKENS).map(([name, token]) => [name, color(token)]),
  ) as Record<Status, string>;
  const theme = {
    text: color("var(--bt-text, #1b2330)"),
    muted: color("var(--bt-muted, #5d6878)"),
    grid: color("var(--bt-border, #d8dde5)"),
    surface: color("var(--bt-surface, #ffffff)"),
    status,
    p50: color("var(--bt-accent, #3457d5)"),
    p95: color("var(--bt-danger, #b42318)"),
    font: `12px ${getComputedStyle(host).fontFamily || "system-ui"}`,
  };
  probe.remove();
  return theme;
}

/** Calls `redraw` whenever the system's colour scheme or <html data-theme> changes. */
export function onThemeChange(redraw: () => void): void {
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", redraw);
  new MutationObserver(redraw).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["data-theme"],
  });
}
