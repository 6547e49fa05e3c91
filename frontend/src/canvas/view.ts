/** The first viewport: fit the whole graph when it stays readable, else show its top, centred. */

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

const READABLE_ZOOM = 0.45;
const MAX_ZOOM = 1;
/** A graph too tall to fit readably opens at its top, at this zoom (or less, to fit its width). */
const TALL_ZOOM = 0.8;
const MARGIN = 24;

export function initialViewport(bounds: Bounds, width: number, height: number): Viewport {
  const room = { width: Math.max(1, width - 2 * MARGIN), height: Math.max(1, height - 2 * MARGIN) };
  const fit = Math.min(room.width / bounds.width, room.height / bounds.height, MAX_ZOOM);
  if (fit >= READABLE_ZOOM) return centre(bounds, width, height, fit);
  const zoom = Math.max(READABLE_ZOOM, Math.min(room.width / bounds.width, TALL_ZOOM));
  const x = (width - bounds.width * zoom) / 2 - bounds.x * zoom;
  return { x, y: MARGIN - bounds.y * zoom, zoom };
}

function centre(bounds: Bounds, width: number, height: number, zoom: number): Viewport {
  return {
    x: (width - bounds.width * zoom) / 2 - bounds.x * zoom,
    y: (height - bounds.height * zoom) / 2 - bounds.y * zoom,
    zoom,
  };
}
