"""W7: how fast the live pages move, with the engine and daphne each in their own process.

Paint: one execution of Tasks that each take 20 ms, watched on its page /executions/<id>/ in
headless Chromium. Each change of a state's `data-status` (running, then succeeded) is timed
from the engine's commit that caused it (`committed_at` in the pushed change) to the browser
frame that draws it; p50 and p95 over CHANGES such changes. Target p95 ≤ 100 ms.

Fan-out: SOCKETS WebSockets on /ws/executions/ (in one page) while RATE executions a second
start and finish for SECONDS. Every socket must get every change: per execution, event ranges
from the first event to the last with no gap, and the final status. The delay of each delivery
is measured from the commit, p50 and p95.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.models import Max

from baton.chromium import NoChromium, launch, sync_playwright
from engine.models import HistoryEvent

from . import harness, served

NAME = "W7"
TARGET = "paint p95 ≤ 100 ms"
TASKS = 100  # each one: running, then succeeded: 200 changes
CHANGES = 2 * TASKS
SOCKETS, RATE, SECONDS = 200, 100, 5
CONCURRENCY = 4
PAINT_WORKFLOW, FANOUT_WORKFLOW = "bench-w7-paint", "bench-w7-fanout"
ENV = {**harness.FUNCTIONS_ENV, "BATON_LIVE_UPDATES": "true"}

# Records each state's data-status change at the frame after it (the one that paints it), and
# every pushed change as it arrives.
RECORDER = """
window.__paints = []; window.__pushed = [];
const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (m) => {
      const at = performance.timeOrigin + performance.now();
      const data = JSON.parse(m.data);
      if (data.type === "changes") window.__pushed.push({at, changes: data.changes});
    });
  }
};
new MutationObserver((records) => {
  const seen = records.filter((r) => r.target.dataset && r.target.dataset.state)
    .map((r) => ({state: r.target.dataset.state, status: r.target.dataset.status}));
  if (seen.length) requestAnimationFrame(() => {
    const at = performance.timeOrigin + performance.now();
    for (const s of seen) window.__paints.push({...s, at});
  });
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-status"]});
"""

SOCKET_FLEET = """([count]) => new Promise((resolve) => {
  window.__fleet = [];
  let subscribed = 0;
  for (let i = 0; i < count; i++) {
    const log = {changes: []};
    window.__fleet.push(log);
    const ws = new WebSocket(`ws://${location.host}/ws/executions/`);
    ws.onmessage = (m) => {
      const at = performance.timeOrigin + performance.now();
      const data = JSON.parse(m.data);
      if (data.type === "subscribed" && ++subscribed === count) resolve(subscribed);
      if (data.type === "changes") for (const c of data.changes) log.changes.push([at, c]);
    };
  }
})"""

FLEET_REPORT = """(expected) => {
  // expected: {execution id: last event id}; a socket is complete when, for each, its ranges
  // join up from event 1 to the last and its last status is the final one.
  const delays = []; let complete = 0;
  for (const log of window.__fleet) {
    const upto = {}; const status = {}; let gapless = true;
    for (const [at, c] of log.changes) {
      if (!(c.execution in expected)) continue;
      delays.push(at - c.committed_at * 1000);
      status[c.execution] = c.status;
      if (c.last_event === null) continue;
      if (c.first_event !== (upto[c.execution] || 0) + 1) gapless = false;
      upto[c.execution] = c.last_event;
    }
    const all = Object.entries(expected).every(([id, last]) =>
      upto[id] === last && status[id] === "SUCCEEDED");
    if (gapless && all) complete += 1;
  }
  delays.sort((a, b) => a - b);
  const pick = (q) => delays.length
    ? delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] : null;
  return {complete, deliveries: delays.length, p50: pick(0.5), p95: pick(0.95), max: pick(1)};
}"""


def run() -> dict[str, Any]:
    harness.purge(PAINT_WORKFLOW, FANOUT_WORKFLOW)
    try:
        with served.daphne() as url, harness.engines(1, CONCURRENCY, env=ENV):
            with served.orm_beside_playwright(), sync_playwright() as playwright:
                browser = launch(playwright)
                try:
                    paint = _paint(browser, url)
                    fanout = _fanout(browser, url)
                finally:
                    browser.close()
    except NoChromium as missing:
        return {"not_run": str(missing)}
    finally:
        harness.purge(PAINT_WORKFLOW, FANOUT_WORKFLOW)
        served.forget_viewer()
    return {"paint": paint, "fanout": fanout}


def _context(browser: Any, url: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([served.viewer_cookie(url)])
    return context


def _paint(browser: Any, url: str) -> dict[str, Any]:
    version = harness.publish(PAINT_WORKFLOW, paint_definition(TASKS))
    execution_id = harness.start(version, {})
    context = _context(browser, url)
    page = context.new_page()
    page.add_init_script(RECORDER)
    page.goto(f"{url}/executions/{execution_id}/")
    page.wait_for_selector('[data-testid="live"][data-connected="true"]', timeout=20_000)
    waiter = harness.Waiter()
    try:
        waiter.wait_for(execution_id, timeout=120)
    finally:
        waiter.close()
    last = f'[data-state="T{TASKS}"][data-status="succeeded"]'
    page.wait_for_selector(last, timeout=20_000)
    page.wait_for_timeout(200)  # the last frame
    paints, pushed = page.evaluate("[window.__paints, window.__pushed]")
    context.close()
    delays = paint_delays(paints, pushed)
    return {
        "changes": len(delays),
        "p50_ms": round(harness.percentile(delays, 50), 1) if delays else None,
        "p95_ms": round(harness.percentile(delays, 95), 1) if delays else None,
    }


def paint_delays(paints: list[dict[str, Any]], pushed: list[dict[str, Any]]) -> list[float]:
    """For each state's first paint as running and as succeeded: the time since the commit of
    the first pushed change that entered (running) or left (succeeded) that state."""
    committed: dict[tuple[str, str], float] = {}
    for message in pushed:
        for change in message["changes"]:
            for name in change["entered"]:
                committed.setdefault((name, "running"), change["committed_at"] * 1000)
            for name in change["exited"]:
                committed.setdefault((name, "succeeded"), change["committed_at"] * 1000)
    delays, seen = [], set()
    for paint in paints:
        key = (paint["state"], paint["status"])
        if key in committed and key not in seen and paint["state"].startswith("T"):
            seen.add(key)
            delays.append(paint["at"] - committed[key])
    return delays


def paint_definition(tasks: int) -> dict[str, Any]:
    """A short Wait (the page connects meanwhile), then `tasks` Tasks of 20 ms in a row."""
    states: dict[str, Any] = {"Connect": {"Type": "Wait", "Seconds": 3, "Next": "T1"}}
    for n in range(1, tasks + 1):
        states[f"T{n}"] = {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:000000000000:function:bench-sleep",
            "Parameters": {"sleep": 0.02},
            "ResultPath": None,
            **({"Next": f"T{n + 1}"} if n < tasks else {"End": True}),
        }
    return {"StartAt": "Connect", "States": states}


def _fanout(browser: Any, url: str) -> dict[str, Any]:
    version = harness.publish(FANOUT_WORKFLOW, fanout_definition())
    context = _context(browser, url)
    page = context.new_page()
    page.goto(f"{url}/accounts/password_change/")  # any page of the site: same origin
    page.evaluate(SOCKET_FLEET, [SOCKETS])
    waiter = harness.Waiter()
    ids: list[str] = []
    try:
        began = time.perf_counter()
        for tick in range(RATE * SECONDS // 10):  # ten at a time, every 100 ms
            ids += harness.start_many(version, [{"n": tick * 10 + i} for i in range(10)])
            time.sleep(max(0.0, began + (tick + 1) * 0.1 - time.perf_counter()))
        started_per_s = len(ids) / (time.perf_counter() - began)
        waiter.wait_all(ids, timeout=120)
    finally:
        waiter.close()
    page.wait_for_timeout(3000)  # deliveries still on their way
    report = page.evaluate(FLEET_REPORT, last_events(ids))
    context.close()
    return {
        "sockets": SOCKETS,
        "executions": len(ids),
        "started_per_s": round(started_per_s),
        "complete_sockets": report["complete"],
        "deliveries": report["deliveries"],
        "p50_ms": round(report["p50"], 1) if report["p50"] is not None else None,
        "p95_ms": round(report["p95"], 1) if report["p95"] is not None else None,
    }


def fanout_definition() -> dict[str, Any]:
    task = "arn:aws:lambda:us-east-1:000000000000:function:bench-noop"
    return {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Task", "Resource": task, "Next": "B"},
            "B": {"Type": "Task", "Resource": task, "End": True},
        },
    }


def last_events(ids: list[str]) -> dict[str, int]:
    rows = (
        HistoryEvent.objects.filter(execution_id__in=ids)
        .values("execution_id")
        .annotate(last=Max("event_id"))
    )
    return {str(row["execution_id"]): row["last"] for row in rows}


def summary(figures: dict[str, Any]) -> str:
    if "not_run" in figures:
        return f"not run: {figures['not_run']}"
    paint, fan = figures["paint"], figures["fanout"]
    return (
        f"paint p50 {paint['p50_ms']} ms, p95 {paint['p95_ms']} ms over {paint['changes']} "
        f"changes; fan-out {fan['complete_sockets']}/{fan['sockets']} sockets got every change "
        f"of {fan['executions']} executions ({fan['started_per_s']}/s), "
        f"delay p50 {fan['p50_ms']} ms, p95 {fan['p95_ms']} ms"
    )
