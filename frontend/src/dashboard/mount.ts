/**
 * The dashboard page's script: reads the page's config (json_script "dashboard-config"),
 * fetches the figures of exactly the window the server rendered, and draws the charts into
 * [data-chart] elements, again on resize and when the colour scheme changes. The figures and
 * tables are the server's; without this script the page shows them and the charts' tables.
 */
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { durationChart, executionsChart } from "./charts";
import { pointsWithData } from "./series";
import { type ChartTheme, onThemeChange, readTheme } from "./theme";
import type { Dashboard, DashboardConfig } from "./types";

type Draw = (data: Dashboard, theme: ChartTheme, width: number, target: HTMLElement) => uPlot;
const CHARTS: Record<string, Draw> = { executions: executionsChart, duration: durationChart };

export async function mountDashboard(root: HTMLElement): Promise<void> {
  const holders = [...root.querySelectorAll<HTMLElement>("[data-chart]")];
  if (holders.length === 0) return; // the empty state: nothing to draw
  const config = readConfig(root);
  let data: Dashboard;
  try {
    data = await fetchFigures(config.dataUrl);
  } catch (error) {
    holders.forEach((holder) => showError(holder, String(error)));
    return;
  }
  const draw = () => holders.forEach((holder) => drawInto(holder, data));
  draw();
  onThemeChange(draw);
  observeWidth(holders, draw);
}

function readConfig(root: HTMLElement): DashboardConfig {
  const script = document.getElementById(root.dataset.config ?? "dashboard-config");
  return JSON.parse(script?.textContent ?? "{}") as DashboardConfig;
}

async function fetchFigures(url: string): Promise<Dashboard> {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`the figures did not load (HTTP ${response.status})`);
  return (await response.json()) as Dashboard;
}

const drawn = new WeakMap<HTMLElement, uPlot>();

function drawInto(holder: HTMLElement, data: Dashboard): void {
  const make = CHARTS[holder.dataset.chart ?? ""];
  if (!make) return;
  drawn.get(holder)?.destroy();
  holder.replaceChildren();
  const width = Math.max(200, Math.floor(holder.getBoundingClientRect().width));
  drawn.set(holder, make(data, readTheme(holder), width, holder));
  holder.dataset.points = String(pointsWithData(data));
  holder.dataset.chartReady = "true";
}

function showError(holder: HTMLElement, message: string): void {
  holder.dataset.chartError = message;
  const note = document.createElement("p");
  note.className = "muted small";
  note.textContent = `The chart could not be drawn: ${message}.`;
  holder.replaceChildren(note);
}

/** Redraw when a chart's box changes width (window resized, sidebar, rotation). */
function observeWidth(holders: HTMLElement[], draw: () => void): void {
  const widths = new Map<Element, number>();
  let pending = 0;
  const observer = new ResizeObserver((entries) => {
    const changed = entries.some((entry) => {
      const width = Math.floor(entry.contentRect.width);
      const before = widths.get(entry.target);
      widths.set(entry.target, width);
      return before !== undefined && before !== width;
    });
    if (!changed) return;
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(draw);
  });
  holders.forEach((holder) => observer.observe(holder));
}
