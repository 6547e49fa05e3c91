/** SVG path text for an orthogonal route: straight runs joined by small rounded corners. */

import type { Point } from "../../layout/elk";

const RADIUS = 6;
const ARROW = 7;

/** The route as a path, stopping short of the target so the arrowhead sits on the end. */
export function routePath(points: Point[]): string {
  const trimmed = [
    ...points.slice(0, -1),
    shorten(points[points.length - 2], points[points.length - 1], ARROW),
  ];
  let path = `M ${trimmed[0].x} ${trimmed[0].y}`;
  for (let i = 1; i < trimmed.length - 1; i++)
    path += corner(trimmed[i - 1], trimmed[i], trimmed[i + 1]);
  const last = trimmed[trimmed.length - 1];
  return `${path} L ${last.x} ${last.y}`;
}

/** A closed triangle pointing along the last segment, tip on the target. */
export function arrowPath(points: Point[]): string {
  const tip = points[points.length - 1];
  const [dx, dy] = direction(points[points.length - 2], tip);
  const baseX = tip.x - dx * ARROW;
  const baseY = tip.y - dy * ARROW;
  const half = ARROW / 2;
  return `M ${tip.x} ${tip.y} L ${baseX - dy * half} ${baseY + dx * half} L ${baseX + dy * half} ${baseY - dx * half} Z`;
}

function corner(before: Point, at: Point, after: Point): string {
  const radius = Math.min(RADIUS, distance(before, at) / 2, distance(at, after) / 2);
  const [inX, inY] = direction(before, at);
  const [outX, outY] = direction(at, after);
  const start = { x: at.x - inX * radius, y: at.y - inY * radius };
  const end = { x: at.x + outX * radius, y: at.y + outY * radius };
  return ` L ${start.x} ${start.y} Q ${at.x} ${at.y} ${end.x} ${end.y}`;
}

function shorten(from: Point, to: Point, by: number): Point {
  const [dx, dy] = direction(from, to);
  const length = Math.max(0, distance(from, to) - by);
  return { x: from.x + dx * length, y: from.y + dy * length };
}

function direction(from: Point, to: Point): [number, number] {
  const length = distance(from, to) || 1;
  return [(to.x - from.x) / length, (to.y - from.y) / length];
}

function distance(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}
