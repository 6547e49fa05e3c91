"""Observability: Prometheus metrics, OpenTelemetry traces and what the dashboard reads.

The engine reports what each transaction did (runner observations, engine/telemetry/observe.py)
after it commits; nothing here runs inside an engine transaction but the rollup upsert.
"""
