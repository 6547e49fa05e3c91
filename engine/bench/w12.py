"""W12: what telemetry costs the engine (issue 16). W1b's latency (40 quick Tasks, end to end)
and W2's throughput (1,000 executions × 10 Tasks, one engine), each with telemetry off
(BATON_METRICS=false, no OTEL_*), with metrics (the default), and with metrics and tracing
(OTLP/HTTP to a local sink that discards). Modes alternate, PAIRS rounds, so that the machine's
drift hits each alike; the means are compared with "off"."""

from __future__ import annotations

from typing import Any

from . import harness, otlp_sink, w1b, w2

NAME = "W12"
TARGET = "tracing off: free; on: reported"
PAIRS = 2
W1B_RUNS = 20
WORKFLOW_W1B, WORKFLOW_W2 = "bench-w12-latency", "bench-w12-throughput"


def modes(sink_url: str) -> dict[str, dict[str, str]]:
    return {
        "off": {"BATON_METRICS": "false"},
        "metrics": {"BATON_METRICS": "true"},
        "tracing": {
            "BATON_METRICS": "true",
            "OTEL_EXPORTER_OTLP_ENDPOINT": sink_url,
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
        },
    }


def run() -> dict[str, Any]:
    harness.purge(WORKFLOW_W1B, WORKFLOW_W2)
    latency = harness.publish(WORKFLOW_W1B, w1b.definition())
    throughput = harness.publish(WORKFLOW_W2, w1b.definition(w2.STATES))
    p50: dict[str, list[float]] = {}
    rates: dict[str, list[int]] = {}
    with otlp_sink.sink() as sink:
        for _ in range(PAIRS):
            for mode, env in modes(sink.url).items():
                p50.setdefault(mode, []).append(_w1b_p50(latency, env))
                figures = w2.measure(throughput, 1, env=env)
                rates.setdefault(mode, []).append(figures["transitions_per_s"])
        exported = {"exports": sink.exports, "bytes": sink.bytes}
    harness.purge(WORKFLOW_W1B, WORKFLOW_W2)
    return {"w1b_p50_ms": p50, "w2_per_s": rates, "otlp": exported, "load": harness.load()}


def _w1b_p50(version: Any, env: dict[str, str]) -> float:
    waiter = harness.Waiter()
    try:
        with harness.engines(1, env={**harness.FUNCTIONS_ENV, **env}):
            return w1b.measure(waiter, version, W1B_RUNS)["p50_ms"]
    finally:
        waiter.close()


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def summary(figures: dict[str, Any]) -> str:
    p50, rates = figures["w1b_p50_ms"], figures["w2_per_s"]
    parts = []
    for mode in ("off", "metrics", "tracing"):
        rate_change = 100 * (_mean(rates[mode]) - _mean(rates["off"])) / _mean(rates["off"])
        parts.append(
            f"{mode}: W1b p50 {_mean(p50[mode]):.1f} ms, W2 {_mean(rates[mode]):.0f}/s"
            + ("" if mode == "off" else f" ({rate_change:+.1f} %)")
        )
    otlp = figures["otlp"]
    return "; ".join(parts) + f"; {otlp['exports']} OTLP exports, {otlp['bytes'] // 1024} KiB"
