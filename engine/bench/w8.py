"""W8: lay out a 200-state definition (nested Parallel and Map) in the browser, p50 of 20 runs.

The committed graph bundle (static/graph) is served from a local HTTP server to headless
Chromium. Each run times the bundle's own measureLayout (definition -> graph -> ELK positions);
a second figure times a whole mount, from the call until the canvas says it is drawn."""

from __future__ import annotations

import json
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from django.conf import settings

from baton.chromium import NoChromium, launch, sync_playwright

from . import harness
from .big_definition import big_definition

NAME = "W8"
TARGET = "layout p50 < 300 ms"
STATES = 200
RUNS, WARMUP = 20, 3
ENTRY = "src/pages/viewer.tsx"

MOUNT = """async (definition) => {
  const data = document.createElement("script");
  data.type = "application/json"; data.id = "d" + Math.random();
  data.textContent = JSON.stringify(definition);
  const el = document.createElement("div");
  el.style.cssText = "width:1200px;height:800px"; el.dataset.definition = data.id;
  document.body.replaceChildren(data, el);
  const began = performance.now();
  window.batonGraph.mount(el);
  while (!el.dataset.graphReady && !el.dataset.graphError) await new Promise(r => setTimeout(r, 2));
  return {ms: performance.now() - began, nodes: el.querySelectorAll("[data-state]").length,
          error: el.dataset.graphError || null};
}"""


def run() -> dict[str, Any]:
    try:
        return _measure(big_definition(STATES))
    except NoChromium as missing:
        return {"not_run": str(missing)}


def _measure(definition: dict[str, Any]) -> dict[str, Any]:
    with ServedBundle() as url, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.wait_for_function("window.batonGraph !== undefined")
        layouts = [_layout(page, definition) for _ in range(WARMUP + RUNS)][WARMUP:]
        mounts = [page.evaluate(MOUNT, definition) for _ in range(WARMUP + RUNS)][WARMUP:]
        browser.close()
    times = [run["ms"] for run in layouts]
    drawn = [mount["ms"] for mount in mounts]
    return {
        "states": STATES,
        "runs": RUNS,
        "nodes_laid_out": layouts[-1]["nodes"],
        "nodes_drawn": mounts[-1]["nodes"],
        "layout_ms": [round(t, 1) for t in times],
        "layout_p50_ms": round(harness.percentile(times, 50), 1),
        "layout_max_ms": round(max(times), 1),
        "mount_p50_ms": round(harness.percentile(drawn, 50), 1),
    }


def summary(figures: dict[str, Any]) -> str:
    if "not_run" in figures:
        return f"not run: {figures['not_run']}"
    return (
        f"layout p50 {figures['layout_p50_ms']} ms, max {figures['layout_max_ms']} ms; "
        f"drawn p50 {figures['mount_p50_ms']} ms ({figures['nodes_drawn']} nodes)"
    )


def _layout(page: Any, definition: dict[str, Any]) -> dict[str, Any]:
    return page.evaluate("(d) => window.batonGraph.measureLayout(d)", definition)


class ServedBundle:
    """An HTTP server on a free port serving an empty page that loads the graph bundle."""

    def __enter__(self) -> str:
        graph = Path(settings.BASE_DIR) / "static" / "graph"
        manifest = json.loads((graph / "manifest.json").read_text())[ENTRY]
        self.root = tempfile.TemporaryDirectory()
        root = Path(self.root.name)
        (root / "graph").symlink_to(graph)
        links = "".join(
            f'<link rel="stylesheet" href="/graph/{css}">' for css in manifest.get("css", [])
        )
        script = f'<script type="module" src="/graph/{manifest["file"]}"></script>'
        (root / "index.html").write_text(
            f"<!doctype html><html><head>{links}</head><body>{script}</body></html>"
        )
        handler = partial(_QuietHandler, directory=str(root))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_port}/index.html"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.root.cleanup()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass
