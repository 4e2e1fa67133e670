#!/usr/bin/env python3
"""Estimates how long a command would take on an idle machine with N cores,
from its threads' CPU time sampled while it runs on a busy one.

Every INTERVAL seconds it reads the time on a CPU of each of the
command's threads (/proc/PID/task/*/schedstat, in nanoseconds). Work done in an interval cannot
finish faster than its busiest thread's share, nor faster than the whole
share spread over N cores, so the idle-machine time is estimated as the sum
over intervals of max(busiest thread, total / N). On a loaded machine wall
times say little; this says what the program's own structure allows (its
serial parts and imbalance), which is what a speed-up on an idle machine
would show. It prints JSON: total CPU seconds, the estimate, the wall time
measured, and the number of samples.

Usage: parallelism.py [--cores N] [--interval S] -- COMMAND...
"""

import argparse
import json
import os
import subprocess
import sys
import time


def thread_times(pid: int) -> dict[int, int]:
    """Nanoseconds on a CPU of each thread of a process (schedstat)."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                out[int(tid)] = int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cores", type=int, default=2)
    p.add_argument("--interval", type=float, default=0.1)
    p.add_argument("--segments", type=int, default=10,
                   help="also print the parallelism (CPU / estimate) of this many equal slices of the estimate")
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        p.error("give a command after --")
    tick = 1e9
    started = time.monotonic()
    child = subprocess.Popen(cmd)
    last: dict[int, int] = {}
    estimate = 0.0
    total = 0
    samples = 0
    trace = []
    while True:
        done = child.poll() is not None
        now = thread_times(child.pid)
        deltas = [t - last.get(tid, 0) for tid, t in now.items()]
        if deltas:
            busiest = max(deltas)
            spent = sum(deltas)
            estimate += max(busiest, spent / args.cores)
            total += spent
            trace.append((max(busiest, spent / args.cores), spent))
            samples += 1
        last.update(now)
        if done:
            break
        time.sleep(args.interval)
    wall = time.monotonic() - started
    slices = [[0.0, 0.0] for _ in range(max(args.segments, 1))]
    done_est = 0.0
    for est, spent in trace:
        i = min(int(done_est / estimate * len(slices)), len(slices) - 1) if estimate else 0
        slices[i][0] += est
        slices[i][1] += spent
        done_est += est
    print(json.dumps({
        "cpu_seconds": round(total / tick, 2),
        "idle_estimate_seconds": round(estimate / tick, 2),
        "cores": args.cores,
        "wall_seconds": round(wall, 2),
        "samples": samples,
        "returncode": child.returncode,
        "parallelism_by_slice": [round(b / a, 2) if a else 0 for a, b in slices],
    }))
    return child.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
