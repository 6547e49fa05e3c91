"""Where a load's CPU goes: CPU seconds per group of processes over a window, from /proc.

W5 divides them by the starts answered: CPU milliseconds per start in the web processes, the
engine, Postgres and the load generator, against the machine's cores. On a machine where they
all share the cores, that (not any one process) bounds the starts per second.
"""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def process_seconds(pid: int) -> tuple[float, float]:
    """(user, system) CPU seconds of one process so far; 0 for one that is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0, 0.0
    return int(fields[11]) / TICKS, int(fields[12]) / TICKS  # utime, stime (fields 14, 15)


def postgres_pids() -> list[int]:
    """Every process named postgres on this machine: backends, WAL writer, checkpointer…"""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    found.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError):
                continue
    return found


def machine_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, all cores."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values) - idle) / TICKS, sum(values) / TICKS


class Meter:
    """CPU seconds each group used between start() and stop(); Postgres's processes are found
    at each reading, so backends that come and go in the window are counted while they live."""

    def __init__(self, groups: dict[str, list[int]]):
        self.groups = groups
        self.used: dict[str, float] = {}
        self.system: dict[str, float] = {}  # the kernel's share of `used`
        self.busy = 0.0
        self.elapsed = 0.0

    def _reading(self) -> dict[str, dict[int, tuple[float, float]]]:
        groups = {**self.groups, "postgres": postgres_pids()}
        return {name: {pid: process_seconds(pid) for pid in pids} for name, pids in groups.items()}

    def start(self) -> None:
        self._before = self._reading()
        self._machine_before = machine_seconds()

    def stop(self) -> None:
        after = self._reading()
        busy, total = machine_seconds()
        self.busy = busy - self._machine_before[0]
        self.elapsed = total - self._machine_before[1]
        for name, pids in after.items():
            before = self._before.get(name, {})
            user = sum(u - before.get(pid, (0.0, 0.0))[0] for pid, (u, _) in pids.items())
            system = sum(k - before.get(pid, (0.0, 0.0))[1] for pid, (_, k) in pids.items())
            self.used[name], self.system[name] = user + system, system

    def per_item_ms(self, count: int) -> dict[str, float]:
        """CPU ms per item (e.g. per start) of each group, and of the whole machine."""
        if not count:
            return {}
        shares = {name: round(seconds * 1000 / count, 2) for name, seconds in self.used.items()}
        shares["machine"] = round(self.busy * 1000 / count, 2)
        return shares

    def system_share(self) -> dict[str, float]:
        """Of each group's CPU, the share spent in the kernel (0–1)."""
        return {
            name: round(self.system[name] / used, 2) if used else 0.0
            for name, used in self.used.items()
        }

    def utilisation(self) -> float:
        """The machine's busy share of all its cores in the window, 0–1."""
        return round(self.busy / self.elapsed, 3) if self.elapsed else 0.0
