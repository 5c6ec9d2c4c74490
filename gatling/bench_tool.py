#!/usr/bin/env python3
"""Helpers of gatling/bench.sh (standard library only).

  settle SECONDS PID...        wait until these processes (and their children) use < 10% of a core, at most SECONDS
  window LOG WARMUP DURATION OUT NAME=PID... [--jfr PID FILE]
                               when Gatling's LOG says the run started, wait WARMUP, then record the CPU seconds of
                               each named process (with its children) and of the machine over DURATION into OUT;
                               with --jfr, also a JFR recording of PID over that window
  profile FILE.jfr             what the sampled threads were doing: top frames, packages, threads
  report OUT WORKLOADS SETTINGS...
                               the table, the targets and the RESULT lines (of the space-separated WORKLOADS) from
                               OUT/results; also OUT/summary.txt
"""
import collections
import json
import os
import re
import subprocess
import sys
import time

WORKLOADS = ["hot-slot", "spread", "full-slot", "calendar"]
WHAT = {
    "hot-slot": ("bookings/s", "confirmed bookings per second, 64 clients on one slot (moving on when it fills)"),
    "spread": ("bookings/s", "confirmed bookings per second over 10,000 slots"),
    "full-slot": ("rejections/s", "409 slot-full answers per second on a full slot"),
    "calendar": ("reads/s", "calendar and timetable answers per second"),
}
TARGETS = {"hot-slot": "ratio >= 5, engine p99 < 50 ms", "spread": "ratio >= 1.5, engine p99 < 50 ms",
           "full-slot": "engine >= 30,000/s", "calendar": "engine >= 20,000/s"}


TICK = os.sysconf("SC_CLK_TCK")


def with_children(pids):
    """The given pids and their direct children (PostgreSQL's backends are children of the postmaster)."""
    result = set(pids)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = f.read().rsplit(")", 1)[1].split()[1]
        except (OSError, IndexError):
            continue
        if ppid in pids:
            result.add(entry)
    return result


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError):
            pass
    return total / TICK


def machine_busy_seconds():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / TICK


def settle(limit, pids):
    start = time.time()
    while True:
        group = with_children([p for p in pids if p])
        before = cpu_seconds(group)
        time.sleep(1)
        used = cpu_seconds(group) - before
        if used < 0.10 or time.time() - start > limit:
            print(f"{used:.2f} cores busy after {time.time() - start:.0f}s")
            return


def window(log, warmup, duration, out, named, jfr):
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            with open(log) as f:
                if re.search(r"Simulation com\.reservation\.gatling\.\S+ started", f.read()):
                    break
        except OSError:
            pass
        time.sleep(0.2)
    else:
        return
    time.sleep(warmup)
    groups = {name: with_children([pid]) for name, pid in named.items()}
    before = {name: cpu_seconds(g) for name, g in groups.items()}
    machine_before = machine_busy_seconds()
    started = time.time()
    if jfr:
        subprocess.run(["jcmd", jfr[0], "JFR.start", "name=bench", "settings=profile",
                        f"duration={int(duration)}s", f"filename={jfr[1]}"], capture_output=True, timeout=30)
    time.sleep(duration)
    seconds = time.time() - started
    cores = {name: cpu_seconds(g) - before[name] for name, g in groups.items()}
    machine = machine_busy_seconds() - machine_before
    cores["others (load generator, rest of the machine)"] = max(0.0, machine - sum(cores.values()))
    with open(out, "w") as f:
        json.dump({"seconds": seconds, "cores": cores, "cpus": os.cpu_count()}, f, indent=2)


FRAME = re.compile(r"^\s+([\w$.<>/]+)\(")


def profile(path):
    """Aggregates the execution samples (threads on CPU) and native samples (threads waiting in native code)."""
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample",
                           "--stack-depth", "40", path], capture_output=True, text=True, timeout=300).stdout
    kinds = {"jdk.ExecutionSample": "on CPU", "jdk.NativeMethodSample": "in native code (waiting)"}
    for event, title in kinds.items():
        tops, packages, threads, ours = (collections.Counter() for _ in range(4))
        count = 0
        for block in text.split(event + " {")[1:]:
            block = block.split("\n}", 1)[0]
            thread = re.search(r'sampledThread = "([^"]*)"', block)
            frames = [m.group(1) for line in block.splitlines() if (m := FRAME.match(line))]
            if not frames:
                continue
            count += 1
            tops[frames[0]] += 1
            packages[".".join(frames[0].split(".")[:2])] += 1
            if thread:
                threads[re.sub(r"[-#]?\d+$", "", thread.group(1))] += 1
            mine = next((f for f in frames if f.startswith("com.reservation.")), None)
            if mine:
                ours[mine] += 1
        print(f"== {count} samples {title}")
        for label, counter in (("top frames", tops), ("top-frame packages", packages), ("threads", threads),
                               ("first engine frame on the stack", ours)):
            print(f"-- {label}")
            for name, n in counter.most_common(12):
                print(f"  {100.0 * n / max(count, 1):5.1f}%  {name}")
        print()


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def rate(result, workload):
    """Operations per second of the measured phase: what the workload counts (see WHAT)."""
    if not result or not result.get("seconds"):
        return None
    outcomes = result.get("outcomes", {})
    if workload in ("hot-slot", "spread"):
        count = outcomes.get("201", 0)
    else:
        count = result.get("ok", 0)
    return count / result["seconds"]


def fmt(value, digits=1):
    return "n/a" if value is None else f"{value:.{digits}f}"


def target_met(workload, engine_rate, ratio, engine_p99):
    if workload == "hot-slot":
        return ratio is not None and ratio >= 5 and engine_p99 is not None and engine_p99 < 50
    if workload == "spread":
        return ratio is not None and ratio >= 1.5 and engine_p99 is not None and engine_p99 < 50
    if workload == "full-slot":
        return engine_rate is not None and engine_rate >= 30_000
    return engine_rate is not None and engine_rate >= 20_000


def cpu_line(cpu):
    if not cpu:
        return ""
    s = cpu["seconds"]
    parts = [f"{k} {v / s:.2f}" for k, v in cpu["cores"].items()]
    return "cores busy: " + ", ".join(parts)


def report(out, workloads, settings):
    lines = [f"reservation-engine benchmark: {settings}", ""]
    header = f"{'workload':<10} {'target':<9} {'ops/s':>10} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'ok':>9} {'ko':>6}  outcomes"
    lines += [header, "-" * len(header)]
    results = []
    for workload in workloads:
        row = {"workload": workload}
        for target in ("engine", "baseline"):
            r = load(os.path.join(out, "results", f"{workload}-{target}.json"))
            row[target] = r
            row[target + "_rate"] = rate(r, workload)
            if r is None:
                lines.append(f"{workload:<10} {target:<9} {'n/a':>10}  (no measurement: see logs/{workload}-{target}.log)")
                continue
            outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(r.get("outcomes", {}).items()))
            lines.append(
                f"{workload:<10} {target:<9} {fmt(row[target + '_rate']):>10} {r['p50Ms']:>7} {r['p95Ms']:>7} "
                f"{r['p99Ms']:>7} {r['ok']:>9} {r['ko']:>6}  {outcomes}")
            cpu = load(os.path.join(out, "results", f"cpu-{workload}-{target}.json"))
            if cpu:
                lines.append(f"{'':<20} {cpu_line(cpu)}")
        results.append(row)
    lines.append("")
    lines.append("What each workload counts: " + "; ".join(f"{w}: {WHAT[w][1]}" for w in workloads) + ".")

    pgbench = None
    try:
        with open(os.path.join(out, "results", "pgbench.txt")) as f:
            pgbench = f.read().strip()
    except OSError:
        pass
    if pgbench:
        lines.append(f"pgbench, the hot-slot transaction as raw SQL (UPDATE ... booked < capacity + INSERT, 64 clients, "
                     f"one slot): {pgbench} tps: the database's own ceiling for the lock-based design.")
    else:
        lines.append("pgbench: not run (not on PATH, or it failed).")

    lines.append("")
    lines.append("Targets (issue #5):")
    result_lines = []
    for row in results:
        w = row["workload"]
        e, b = row["engine_rate"], row["baseline_rate"]
        ratio = e / b if e is not None and b else None
        e99 = row["engine"]["p99Ms"] if row["engine"] else None
        b99 = row["baseline"]["p99Ms"] if row["baseline"] else None
        met = "met" if target_met(w, e, ratio, e99) else "NOT met"
        lines.append(f"  {w:<10} {TARGETS[w]:<32} engine {fmt(e)} {WHAT[w][0]}, ratio {fmt(ratio, 2)}, "
                     f"engine p99 {e99 if e99 is not None else 'n/a'} ms: {met}")
        result_lines.append(
            f"RESULT workload={w} engine={fmt(e)} baseline={fmt(b)} ratio={fmt(ratio, 2)} "
            f"engine_p99_ms={e99 if e99 is not None else 'n/a'} baseline_p99_ms={b99 if b99 is not None else 'n/a'}")
    lines.append("")
    lines += result_lines
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "summary.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)


def cli(args):
    command = args[0]
    if command == "settle":
        settle(float(args[1]), args[2:])
    elif command == "window":
        log, warmup, duration, out = args[1], float(args[2]), float(args[3]), args[4]
        rest, jfr = args[5:], None
        if "--jfr" in rest:
            i = rest.index("--jfr")
            jfr, rest = rest[i + 1:i + 3], rest[:i] + rest[i + 3:]
        window(log, warmup, duration, out, dict(a.split("=", 1) for a in rest if a.split("=", 1)[1]), jfr)
    elif command == "profile":
        profile(args[1])
    elif command == "report":
        report(args[1], [w for w in args[2].split() if w in WORKLOADS], " ".join(args[3:]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    cli(sys.argv[1:])
