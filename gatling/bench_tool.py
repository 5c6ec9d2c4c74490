#!/usr/bin/env python3
"""Helpers of gatling/bench.sh (standard library only).

  settle SECONDS PID...        wait until these processes (and their children) use < 10% of a core, at most SECONDS
  profile FILE.jfr             what the sampled threads were doing: top frames, packages, threads
  big-slot-complete OUT        exit 0 when the big-slot phase reached its last mark (its recovery can be measured)
  recovery OUT URL             after a restart: time the first GET /slots/{id} of a third slot, then of the small
                               and of the big slot of the big-slot phase; appends the round to OUT/results/recovery.json
  report OUT WORKLOADS RIVALS EVERYSEC SETTINGS...
                               the table, the targets and the RESULT lines (of the space-separated WORKLOADS) from
                               OUT/results/*.json (written by the Bench simulation); RIVALS: the rivals that were
                               started (lock-naive lock-best redis-always redis-everysec), EVERYSEC: the workloads
                               redis-everysec runs; also OUT/summary.txt
"""
import collections
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

WORKLOADS = ["ceiling", "hot-slot", "hot-slot-limit", "spread", "citizen", "full-slot", "calendar", "big-slot"]
# The targets of a compared workload, in the order they run; each rival's JVM and store as CpuSample names them.
RIVALS = ["lock-naive", "lock-best", "redis-always", "redis-everysec"]
TARGETS = ["engine"] + RIVALS
JVM = {"engine": "engine", "lock-naive": "baseline", "lock-best": "baseline", "redis-always": "baseline",
       "redis-everysec": "baseline"}
STORE = {"engine": "postgres", "lock-naive": "postgres", "lock-best": "postgres", "redis-always": "redis_always",
         "redis-everysec": "redis_everysec"}
COMPARED = ("hot-slot", "spread", "citizen", "full-slot", "calendar")
NO_CALENDAR = "the redis rival keeps no per-day aggregate (a calendar would scan a venue's slots per request)"
WHAT = {
    "ceiling": "GET /health/live answers per second (engine only, measured first and last, mean of both): what "
               "this box, this load generator and the engine's HTTP layer serve at all",
    "hot-slot": "confirmed bookings per second, every client on one slot of 100,000 seats (moving on when it fills)",
    "hot-slot-limit": "hot-slot at a venue with maxActiveBookingsPerCustomer set, so every booking goes through the "
                      "customer's allowance (engine only)",
    "spread": "confirmed bookings per second over 10,000 slots",
    "citizen": "confirmed bookings per second, one appointment per person (a new customer with name and phone each "
               "time) over a month of 48 slots a day, maxActiveBookingsPerCustomer 1, days and times Zipf-skewed "
               "towards early days and mornings",
    "full-slot": "409 slot-full answers per second on a full slot",
    "calendar": "calendar and timetable answers per second",
    "big-slot": "confirmed bookings per second on one slot, from empty and once it holds 90,000 bookings (engine)",
}
# Workloads whose RESULT line has of_ceiling.
OF_CEILING = ("hot-slot", "citizen", "full-slot", "calendar")


def planned(workload, everysec):
    """The rivals that run a workload by design (whether or not they could be started)."""
    if workload not in COMPARED:
        return []
    rivals = ["lock-naive", "lock-best"]
    if workload != "calendar":
        rivals.append("redis-always")
        if workload in everysec:
            rivals.append("redis-everysec")
    return rivals


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def fmt(value, digits=1):
    return "n/a" if value is None else f"{value:.{digits}f}"


def per_op(cpu_seconds, operations):
    """CPU microseconds per operation; None when either is unknown."""
    if cpu_seconds is None or not operations:
        return None
    return cpu_seconds * 1e6 / operations


# ---------------------------------------------------------------------------------------------------- processes

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


# ---------------------------------------------------------------------------------------------------- profile

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


# ---------------------------------------------------------------------------------------------------- recovery

def timed_get(url, timeout=60):
    """(milliseconds, status, parsed JSON or None) of one GET on a new connection."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body, status = response.read(), response.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    millis = (time.perf_counter() - start) * 1000
    try:
        return millis, status, json.loads(body)
    except ValueError:
        return millis, status, None


def big_slot_complete(out):
    big = load(os.path.join(out, "results", "big-slot-engine.json"))
    sys.exit(0 if big and big.get("complete") else 1)


def recovery(out, url):
    big = load(os.path.join(out, "results", "big-slot-engine.json"))
    if not big:
        sys.exit("no big-slot result to take the slots from")
    deadline = time.time() + 120
    while timed_get(url + "/health/ready", timeout=5)[1] != 200:
        if time.time() > deadline:
            sys.exit("the node did not become ready within 120 s")
        time.sleep(0.2)
    first = timed_get(f"{url}/slots/{big['firstSlot']}")
    small = timed_get(f"{url}/slots/{big['smallSlot']}")
    large = timed_get(f"{url}/slots/{big['bigSlot']}")
    if any(status != 200 for _, status, _ in (first, small, large)):
        sys.exit(f"a first read failed: {first[1]} {small[1]} {large[1]}")
    rounds_file = os.path.join(out, "results", "recovery.json")
    rounds = load(rounds_file) or []
    rounds.append({"firstMs": round(first[0], 1), "smallMs": round(small[0], 1), "bigMs": round(large[0], 1),
                   "smallBooked": small[2].get("booked"), "bigBooked": large[2].get("booked")})
    with open(rounds_file, "w") as f:
        json.dump(rounds, f, indent=2)
    print(f"first read after the restart: a small slot {small[0]:.0f} ms, the big slot ({large[2].get('booked')} "
          f"bookings) {large[0]:.0f} ms (a third slot before them: {first[0]:.0f} ms)")


# ---------------------------------------------------------------------------------------------------- report

class Phase:
    """One measured phase as the Bench simulation wrote it (results/<workload>-<target>.json)."""

    def __init__(self, data):
        self.data = data or {}

    @property
    def measured(self):
        return bool(self.data.get("seconds"))

    @property
    def rate(self):
        return self.data.get("rate") if self.measured else None

    @property
    def p99(self):
        value = self.data.get("p99Ms")
        return None if value is None or value < 0 else value

    def cpu(self, process):
        return (self.data.get("cpu") or {}).get(process)

    def cpu_us(self, process):
        return per_op(self.cpu(process), self.data.get("counted"))

    def cores(self, process):
        seconds = (self.data.get("cpu") or {}).get("seconds")
        used = self.cpu(process)
        return None if used is None or not seconds else used / seconds


def report(out, workloads, settings, started=None, everysec=("hot-slot", "citizen")):
    results = os.path.join(out, "results")
    started = RIVALS if started is None else started
    phases = {}
    names = list(workloads) + (["ceiling-end"] if "ceiling" in workloads else [])
    for workload in names:
        for target in TARGETS:
            data = load(os.path.join(results, f"{workload}-{target}.json"))
            if data is not None:
                phases[(workload, target)] = Phase(data)

    lines = [f"reservation-engine benchmark: {settings}", ""]
    header = (f"{'workload':<14} {'target':<14} {'ops/s':>9} {'p50 ms':>6} {'p99 ms':>6} {'server':>7} {'store':>6} "
              f"{'gen':>6}  {'warm-up':<24} outcomes")
    lines += [header, f"{'':<46} {'(CPU µs per operation)':^22}", "-" * len(header)]
    for workload in names:
        if workload == "big-slot":
            continue
        for target in ["engine"] + [r for r in planned(workload, everysec) if r in started]:
            phase = phases.get((workload, target))
            if workload == "ceiling-end" and phase is None:
                continue
            if phase is None or not phase.measured:
                lines.append(f"{workload:<14} {target:<14} {'n/a':>9}  (no measurement: see logs/gatling.log)")
                continue
            d = phase.data
            warm = d.get("warmup") or {}
            warm_text = f"{fmt(warm.get('seconds'), 0)} s, {'steady' if warm.get('steady') else 'NOT steady'}"
            outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(d.get("outcomes", {}).items()))
            lines.append(
                f"{workload:<14} {target:<14} {fmt(phase.rate):>9} {d.get('p50Ms', -1):>6} {d.get('p99Ms', -1):>6} "
                f"{fmt(phase.cpu_us(JVM[target]), 0):>7} {fmt(phase.cpu_us(STORE[target]), 0):>6} "
                f"{fmt(phase.cpu_us('generator'), 0):>6}  {warm_text:<24} {outcomes}"
                + (f", {d['unanswered']} unanswered" if d.get("unanswered") else ""))
    lines.append("")
    lines.append("server/store/gen: CPU microseconds per counted operation, over the measured window, of the target's "
                 "JVM (the engine's, or the one JVM of all rivals), of its store (PostgreSQL: postmaster and "
                 "backends; or that rival's redis-server) and of the load generator (the Gatling JVM).")
    sweeps = [(w, phases[(w, "lock-best")].data.get("poolSweep")) for w in names if (w, "lock-best") in phases]
    if any(sweep for _, sweep in sweeps):
        lines.append("lock-best's pool sweep (bookings or answers per second at each pool size, the best kept):")
        for workload, sweep in sweeps:
            if sweep:
                rates = ", ".join(f"{size}: {fmt(rate, 0)}" for size, rate in (sweep.get("rates") or {}).items())
                lines.append(f"  {workload:<10} {rates} -> {sweep.get('chosen')} connections"
                             + (f" ({sweep['error']})" if sweep.get("error") else ""))
    omitted = []
    if "calendar" in workloads:
        omitted.append(f"calendar has no redis rival: {NO_CALENDAR}")
    no_everysec = [w for w in workloads if w in COMPARED and w != "calendar" and w not in everysec]
    if no_everysec and not everysec:
        omitted.append("redis-everysec does not run (BENCH_REDIS_EVERYSEC_WORKLOADS is empty)")
    elif no_everysec:
        omitted.append("redis-everysec runs only " + ", ".join(everysec) + " (where durability decides the rate; "
                       "BENCH_REDIS_EVERYSEC_WORKLOADS), not " + ", ".join(no_everysec))
    missing = [r for r in RIVALS if r not in started and any(r in planned(w, everysec) for w in workloads)]
    if missing:
        omitted.append("not started: " + ", ".join(missing) + " (their fields say n/a)")
    try:
        with open(os.path.join(results, "notes.txt")) as f:
            omitted += [line.strip() for line in f if line.strip()]
    except OSError:
        pass
    if omitted:
        lines.append("Rivals left out: " + "; ".join(omitted) + ".")
    lines.append("What each workload counts: " + "; ".join(f"{w}: {WHAT[w]}" for w in workloads) + ".")

    measured = [(name, phase) for name, phase in phases.items() if phase.measured]
    if measured:
        lines.append("")
        lines.append("Cores busy in each measured window (of " + str(os.cpu_count()) + "; machine - the rest = others):")
        for (workload, target), phase in measured:
            parts = [f"{p} {fmt(phase.cores(p), 2)}" for p in ("engine", "baseline", "postgres", "redis_always",
                                                                 "redis_everysec", "generator", "machine")
                     if phase.cpu(p) is not None]
            lines.append(f"  {workload + ' ' + target:<26} " + ", ".join(parts))
        lines.append("")
        lines.append("Warm-up windows (rate per window until steady), and what the servers did after the load stopped:")
        for (workload, target), phase in measured:
            rates = (phase.data.get("warmup") or {}).get("rates") or []
            tail = phase.data.get("tail") or {}
            tail_cpu = tail.get("cpu") or {}
            busy = sum(v for k, v in tail_cpu.items()
                       if k in ("engine", "baseline", "postgres", "redis_always", "redis_everysec") and v)
            lines.append(f"  {workload + ' ' + target:<26} " + " -> ".join(f"{r:,.0f}" for r in rates)
                         + f"; idle {fmt(tail.get('seconds'), 0)} s after (servers {busy:.1f} CPU-s)")

    if "big-slot" in workloads:
        lines.append("")
        lines += big_slot_details(results)

    pgbench = None
    try:
        with open(os.path.join(results, "pgbench.txt")) as f:
            pgbench = f.read().strip()
    except OSError:
        pass
    lines.append("")
    if pgbench:
        lines.append(f"pgbench, the hot-slot transaction as raw SQL (UPDATE ... booked < capacity + INSERT, one slot): "
                     f"{pgbench} tps: the database's own ceiling for the lock-based design.")
    elif "hot-slot" in workloads:
        lines.append("pgbench: not run (not on PATH, or it failed).")

    ceilings = [p for p in (phases.get(("ceiling", "engine")), phases.get(("ceiling-end", "engine")))
                if p is not None and p.measured]
    ceiling_rate = statistics.mean(p.rate for p in ceilings) if ceilings else None
    if len(ceilings) == 2:
        lines.append("")
        lines.append(f"Ceiling: {ceilings[0].rate:,.0f}/s first, {ceilings[1].rate:,.0f}/s last; "
                     f"the RESULT line and of_ceiling use their mean, {ceiling_rate:,.0f}/s.")

    def ceiling_cpu_us(process):
        used = [p.cpu(process) for p in ceilings]
        if not ceilings or any(u is None for u in used):
            return None
        return per_op(sum(used), sum(p.data.get("counted", 0) for p in ceilings))

    result_lines, targets = [], []
    for workload in workloads:
        if workload == "ceiling":
            result_lines.append(f"RESULT workload=ceiling engine={fmt(ceiling_rate)} "
                                f"engine_cpu_us={fmt(ceiling_cpu_us('engine'))} "
                                f"engine_pg_cpu_us={fmt(ceiling_cpu_us('postgres'))}")
            continue
        if workload == "hot-slot-limit":
            limited = phases.get((workload, "engine"), Phase(None))
            hot = phases.get(("hot-slot", "engine"), Phase(None))
            of_hot = limited.rate / hot.rate if limited.rate is not None and hot.rate else None
            result_lines.append(
                f"RESULT workload=hot-slot-limit engine={fmt(limited.rate)} of_hot_slot={fmt(of_hot, 3)} "
                f"engine_p99_ms={fmt(limited.p99, 0)} engine_cpu_us={fmt(limited.cpu_us('engine'))} "
                f"engine_pg_cpu_us={fmt(limited.cpu_us('postgres'))}")
            continue
        if workload == "big-slot":
            line, checks = big_slot_line(results)
            result_lines.append(line)
            targets.append(("big-slot", checks))
            continue
        line, engine, ratio, of_ceiling = compared_line(workload, phases, ceiling_rate, everysec)
        result_lines.append(line)
        checks = []
        if workload == "hot-slot":
            checks = [("ratio >= 5", ratio, ratio is not None and ratio >= 5),
                      ("engine p99 < 50 ms", engine.p99, engine.p99 is not None and engine.p99 < 50),
                      ("of_ceiling >= 0.25", of_ceiling, of_ceiling is not None and of_ceiling >= 0.25),
                      ("engine_cpu_us <= 100", engine.cpu_us("engine"),
                       engine.cpu_us("engine") is not None and engine.cpu_us("engine") <= 100),
                      ("engine_pg_cpu_us <= 50", engine.cpu_us("postgres"),
                       engine.cpu_us("postgres") is not None and engine.cpu_us("postgres") <= 50)]
        elif workload == "spread":
            checks = [("ratio >= 1.5", ratio, ratio is not None and ratio >= 1.5)]
        elif workload in ("full-slot", "calendar"):
            checks = [("of_ceiling >= 0.5", of_ceiling, of_ceiling is not None and of_ceiling >= 0.5)]
        targets.append((workload, checks))

    lines.append("")
    lines.append("Targets (issue #8):")
    for workload, checks in targets:
        if not checks:
            continue
        text = "; ".join(f"{name}: {fmt(value, 2)} {'met' if ok else 'NOT met'}" for name, value, ok in checks)
        lines.append(f"  {workload:<10} {text}")
    lines.append("")
    lines += result_lines
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "summary.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)


def compared_line(workload, phases, ceiling_rate, everysec):
    """The RESULT line of a workload the rivals run too, and (engine phase, ratio to lock-naive, of_ceiling).

    The fields of the first benchmark come first and keep their meaning (baseline= and ratio= are lock-naive's); the
    rivals' fields follow. A rival that does not run this workload by design leaves its fields out; one that should have
    run and was not measured says n/a."""
    none = Phase(None)
    engine = phases.get((workload, "engine"), none)
    naive = phases.get((workload, "lock-naive"), none)
    e, b = engine.rate, naive.rate

    def over(rival):
        r = phases.get((workload, rival), none).rate
        return e / r if e is not None and r else None

    ratio = over("lock-naive")
    of_ceiling = e / ceiling_rate if e is not None and ceiling_rate else None
    fields = [f"RESULT workload={workload}", f"engine={fmt(e)}", f"baseline={fmt(b)}", f"ratio={fmt(ratio, 2)}",
              f"engine_p99_ms={fmt(engine.p99, 0)}", f"baseline_p99_ms={fmt(naive.p99, 0)}",
              f"engine_cpu_us={fmt(engine.cpu_us('engine'))}", f"engine_pg_cpu_us={fmt(engine.cpu_us('postgres'))}",
              f"baseline_cpu_us={fmt(naive.cpu_us('baseline'))}",
              f"baseline_pg_cpu_us={fmt(naive.cpu_us('postgres'))}"]
    if workload in OF_CEILING:
        fields.append(f"of_ceiling={fmt(of_ceiling, 3)}")
    rivals = planned(workload, everysec)
    for rival in rivals:
        fields.append(f"{rival.replace('-', '_')}={fmt(phases.get((workload, rival), none).rate)}")
    fields.append(f"ratio_best={fmt(over('lock-best'), 2)}")
    if "redis-always" in rivals:
        fields.append(f"ratio_redis={fmt(over('redis-always'), 2)}")
    best = phases.get((workload, "lock-best"), none)
    fields.append(f"lock_best_pool={(best.data.get('poolSweep') or {}).get('chosen', 'n/a')}")
    for rival in rivals[1:]:
        phase = phases.get((workload, rival), none)
        key = rival.replace("-", "_")
        store = "pg" if STORE[rival] == "postgres" else "redis"
        fields.append(f"{key}_cpu_us={fmt(phase.cpu_us(JVM[rival]))}")
        fields.append(f"{key}_{store}_cpu_us={fmt(phase.cpu_us(STORE[rival]))}")
    if workload == "citizen":
        hot = phases.get(("hot-slot", "engine"), none)
        fields.append(f"of_hot_slot={fmt(e / hot.rate if e is not None and hot.rate else None, 3)}")
    return " ".join(fields), engine, ratio, of_ceiling


def big_slot_details(results):
    big = load(os.path.join(results, "big-slot-engine.json"))
    if not big:
        return ["Big slot: no measurement (see logs/gatling.log)."]
    lines = [f"Big slot {big.get('bigSlot')} ({'complete' if big.get('complete') else 'INCOMPLETE'}):"]
    for key, label in (("empty", "empty slot"), ("held", "slot holding")):
        w = big.get(key)
        if not w:
            continue
        cpu = w.get("cpu") or {}
        lines.append(f"  {label:<13} bookings {w['fromBooking']:,}-{w['toBooking']:,}: {fmt(w.get('rate'))}/s, "
                     f"p50 {w.get('p50Ms')} ms, p99 {w.get('p99Ms')} ms, CPU per booking: engine "
                     f"{fmt(per_op(cpu.get('engine'), w.get('counted')), 0)} µs, PostgreSQL "
                     f"{fmt(per_op(cpu.get('postgres'), w.get('counted')), 0)} µs")
    for i, r in enumerate(load(os.path.join(results, "recovery.json")) or [], 1):
        lines.append(f"  restart {i}: first read of the big slot ({r.get('bigBooked')} bookings) {r['bigMs']:.0f} ms, "
                     f"of a small slot {r['smallMs']:.0f} ms (a third slot before them {r['firstMs']:.0f} ms)")
    return lines


def big_slot_line(results):
    big = load(os.path.join(results, "big-slot-engine.json")) or {}
    rounds = load(os.path.join(results, "recovery.json")) or []
    empty, held = big.get("empty") or {}, big.get("held") or {}
    e, h = empty.get("rate"), held.get("rate")
    ratio = h / e if e and h is not None else None
    big_ms = statistics.median(r["bigMs"] for r in rounds) if rounds else None
    small_ms = statistics.median(r["smallMs"] for r in rounds) if rounds else None
    recovery_ms = statistics.median(r["bigMs"] - r["smallMs"] for r in rounds) if rounds else None
    cpu = held.get("cpu") or {}
    line = (f"RESULT workload=big-slot empty={fmt(e)} held={fmt(h)} ratio={fmt(ratio, 2)} "
            f"recovery_ms={fmt(recovery_ms, 0)} big_first_get_ms={fmt(big_ms, 0)} "
            f"small_first_get_ms={fmt(small_ms, 0)} held_bookings={held.get('fromBooking', 'n/a')} "
            f"engine_cpu_us={fmt(per_op(cpu.get('engine'), held.get('counted')))} "
            f"engine_pg_cpu_us={fmt(per_op(cpu.get('postgres'), held.get('counted')))}")
    checks = [("ratio >= 0.8", ratio, ratio is not None and ratio >= 0.8),
              ("recovery_ms < 1000", recovery_ms, recovery_ms is not None and recovery_ms < 1000)]
    return line, checks


def cli(args):
    command = args[0] if args else ""
    if command == "settle":
        settle(float(args[1]), args[2:])
    elif command == "profile":
        profile(args[1])
    elif command == "big-slot-complete":
        big_slot_complete(args[1])
    elif command == "recovery":
        recovery(args[1], args[2])
    elif command == "report":
        report(args[1], [w for w in args[2].split() if w in WORKLOADS], " ".join(args[5:]),
               started=args[3].split(), everysec=args[4].split())
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    cli(sys.argv[1:])
