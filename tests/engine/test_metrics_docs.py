"""The example Prometheus rules (docs/prometheus/*.yml) parse and name only metrics Baton
exposes, and docs/observability.md describes every metric: a renamed metric cannot leave an
alert that silently never fires."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client.metrics import MetricWrapperBase

from engine.telemetry import metrics
from engine.telemetry.gauges import DatabaseGauges

DOCS = Path(__file__).resolve().parents[2] / "docs"
RULE_FILES = sorted((DOCS / "prometheus").glob("*.yml"))
NAME = re.compile(r"(?<![\w:])baton_[a-z_]+\b(?!:)")  # not recording rules' level:name:ops
SUFFIXES = {"counter": ["_total"], "histogram": ["_bucket", "_count", "_sum"], "gauge": [""]}


def process_metrics() -> dict[str, str]:
    """Each metric object of engine/telemetry/metrics.py: name -> type."""
    found = {}
    for item in vars(metrics).values():
        if isinstance(item, MetricWrapperBase):
            for family in item.describe():
                found[family.name] = family.type
    return found


@pytest.fixture
def exposed(db: None) -> set[str]:
    """Every sample name a scrape can hold."""
    names = {name + suffix for name, kind in process_metrics().items() for suffix in SUFFIXES[kind]}
    return names | {family.name for family in DatabaseGauges().collect()}


def rules() -> list[dict[str, Any]]:
    return [
        rule
        for path in RULE_FILES
        for group in yaml.safe_load(path.read_text())["groups"]
        for rule in group["rules"]
    ]


def test_the_rule_files_parse_into_named_rules_with_an_expression() -> None:
    assert [path.name for path in RULE_FILES] == ["alerts.yml", "slo.yml"]
    for rule in rules():
        assert (rule.get("alert") or rule.get("record")) and rule["expr"].strip(), rule


def test_the_rules_name_only_metrics_that_a_scrape_holds(exposed: set[str]) -> None:
    used = {name for rule in rules() for name in NAME.findall(rule["expr"])}

    assert used - exposed == set()


def test_the_observability_guide_describes_every_metric(exposed: set[str]) -> None:
    guide = (DOCS / "observability.md").read_text()
    families = set(process_metrics()) | {n for n in exposed if n.startswith("baton_")}
    families = {n.removesuffix("_total") for n in families if not n.endswith(("_bucket", "_sum"))}
    documented = {n.removesuffix("_total") for n in NAME.findall(guide)}

    assert {n for n in families if not n.endswith("_count")} - documented == set()
