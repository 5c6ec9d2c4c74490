#!/usr/bin/env python3
"""Unit tests of bench_tool.py's report: the RESULT lines from phase results (standard library only).

    python3 gatling/bench_tool_test.py      (also run by BenchToolTest in ./mvnw verify when python3 is installed)
"""
import json
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import bench_tool  # noqa: E402


def phase(rate, counted, target, cpu, p99=10, sweep=None):
    data = {"workload": "w", "target": target, "seconds": counted / rate, "rate": rate, "counted": counted,
            "p50Ms": 2, "p99Ms": p99, "outcomes": {"201": counted}, "warmup": {"seconds": 20, "steady": True},
            "cpu": dict(cpu, seconds=counted / rate)}
    if sweep:
        data["poolSweep"] = sweep
    return data


def fields(line):
    return dict(part.split("=", 1) for part in line.split()[1:])


class CompareLine(unittest.TestCase):
    def phases(self, workload):
        return {
            (workload, "engine"): bench_tool.Phase(phase(1000, 20000, "engine", {"engine": 2.0, "postgres": 0.6})),
            (workload, "lock-naive"): bench_tool.Phase(phase(250, 5000, "lock-naive",
                                                              {"baseline": 1.0, "postgres": 2.0})),
            (workload, "lock-best"): bench_tool.Phase(phase(500, 10000, "lock-best", {"baseline": 3.0, "postgres": 4.0},
                                                             sweep={"rates": {"4": 300, "8": 500}, "chosen": 8})),
            (workload, "redis-always"): bench_tool.Phase(phase(2000, 40000, "redis-always",
                                                                {"baseline": 8.0, "redis_always": 2.0})),
            (workload, "redis-everysec"): bench_tool.Phase(phase(4000, 80000, "redis-everysec",
                                                                  {"baseline": 8.0, "redis_everysec": 1.0})),
            ("hot-slot", "engine"): bench_tool.Phase(phase(4000, 80000, "engine", {"engine": 1.0, "postgres": 1.0})),
        }

    def test_citizen_has_every_rival_ratio_cpu_and_of_hot_slot(self):
        line, _, ratio, of_ceiling = bench_tool.compared_line("citizen", self.phases("citizen"), 10000.0,
                                                              ["hot-slot", "citizen"])
        f = fields(line)
        self.assertTrue(line.startswith("RESULT workload=citizen engine=1000.0 baseline=250.0 ratio=4.00 "))
        self.assertEqual(f["lock_naive"], "250.0")
        self.assertEqual(f["lock_best"], "500.0")
        self.assertEqual(f["redis_always"], "2000.0")
        self.assertEqual(f["redis_everysec"], "4000.0")
        self.assertEqual(f["ratio_best"], "2.00")
        self.assertEqual(f["ratio_redis"], "0.50")
        self.assertEqual(f["lock_best_pool"], "8")
        self.assertEqual(f["lock_best_cpu_us"], "300.0")
        self.assertEqual(f["lock_best_pg_cpu_us"], "400.0")
        self.assertEqual(f["redis_always_cpu_us"], "200.0")
        self.assertEqual(f["redis_always_redis_cpu_us"], "50.0")
        self.assertEqual(f["redis_everysec_redis_cpu_us"], "12.5")
        self.assertEqual(f["of_ceiling"], "0.100")
        self.assertEqual(f["of_hot_slot"], "0.250")
        self.assertEqual(f["engine_cpu_us"], "100.0")
        self.assertEqual(f["baseline_cpu_us"], "200.0")
        self.assertEqual((ratio, of_ceiling), (4.0, 0.1))
        # The first benchmark's fields keep their place; the rivals' come after them.
        keys = list(f)
        self.assertEqual(keys[:12], ["workload", "engine", "baseline", "ratio", "engine_p99_ms", "baseline_p99_ms",
                                     "engine_cpu_us", "engine_pg_cpu_us", "baseline_cpu_us", "baseline_pg_cpu_us",
                                     "of_ceiling", "lock_naive"])

    def test_calendar_leaves_redis_out_and_spread_has_no_of_ceiling(self):
        f = fields(bench_tool.compared_line("calendar", self.phases("calendar"), 10000.0, ["hot-slot"])[0])
        for key in ("redis_always", "redis_everysec", "ratio_redis", "redis_always_cpu_us", "of_hot_slot"):
            self.assertNotIn(key, f)
        self.assertEqual(f["ratio_best"], "2.00")
        f = fields(bench_tool.compared_line("spread", self.phases("spread"), 10000.0, ["hot-slot"])[0])
        self.assertNotIn("of_ceiling", f)
        self.assertNotIn("redis_everysec", f)
        self.assertEqual(f["redis_always"], "2000.0")

    def test_a_rival_that_should_have_run_says_n_a(self):
        phases = self.phases("full-slot")
        del phases[("full-slot", "lock-best")]
        f = fields(bench_tool.compared_line("full-slot", phases, None, ["full-slot"])[0])
        self.assertEqual(f["lock_best"], "n/a")
        self.assertEqual(f["ratio_best"], "n/a")
        self.assertEqual(f["lock_best_pool"], "n/a")
        self.assertEqual(f["of_ceiling"], "n/a")
        self.assertEqual(f["redis_everysec"], "4000.0")


class Report(unittest.TestCase):
    def test_report_writes_the_summary_with_the_rivals_and_what_was_left_out(self):
        with tempfile.TemporaryDirectory() as out:
            results = os.path.join(out, "results")
            os.makedirs(results)
            for target, rate, cpu in (("engine", 1000, {"engine": 2.0, "postgres": 0.6}),
                                      ("lock-naive", 250, {"baseline": 1.0, "postgres": 2.0}),
                                      ("lock-best", 500, {"baseline": 3.0, "postgres": 4.0})):
                with open(os.path.join(results, f"calendar-{target}.json"), "w") as f:
                    json.dump(phase(rate, rate * 20, target, cpu), f)
            bench_tool.report(out, ["calendar"], "test", started=["lock-naive", "lock-best"],
                              everysec=["hot-slot", "citizen"])
            with open(os.path.join(out, "summary.txt")) as f:
                summary = f.read()
        self.assertIn("calendar has no redis rival", summary)
        self.assertIn("calendar       lock-best", summary)
        result = [line for line in summary.splitlines() if line.startswith("RESULT")]
        self.assertEqual(1, len(result))
        self.assertIn(" lock_best=500.0 ", result[0])


if __name__ == "__main__":
    unittest.main()
