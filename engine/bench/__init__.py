"""`manage.py bench`: workloads run against the configured database with engines started here.

Each workload module has `NAME`, `TARGET` (text for the table), `run() -> dict` of figures
and `summary(figures) -> str` for the table. `BENCH_PROFILE=DIR` records every engine with py-spy.
"""

from __future__ import annotations

from . import w1a, w1b, w2, w3, w4, w5, w5b, w5c, w6, w7, w8, w9, w10, w11, w12

WORKLOADS = {
    module.NAME: module
    for module in (w1a, w1b, w2, w3, w4, w5, w5b, w5c, w6, w7, w8, w9, w10, w11, w12)
}
