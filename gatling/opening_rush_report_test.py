#!/usr/bin/env python3
"""Unit tests of opening_rush_report.py (standard library only):

    python3 gatling/opening_rush_report_test.py      (also run by RushReportTest in ./mvnw verify when python3 is installed)
"""
import json
import os
import random
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import opening_rush_report as report  # noqa: E402

HEADER = ('arrival,customer,join_sent_ms,join_answered_ms,join_status,join_state,polls,admitted_ms,'
          'seen_admitted_ms,book_status,last_state\n')


class Ranks(unittest.TestCase):
    def test_ties_share_their_average_rank(self):
        self.assertEqual([1.0, 2.5, 2.5, 4.0], report.average_ranks([10, 20, 20, 30]))

    def test_same_order_is_one_and_reversed_minus_one(self):
        self.assertAlmostEqual(1.0, report.spearman([1, 2, 3, 4], [5, 7, 9, 100]))
        self.assertAlmostEqual(-1.0, report.spearman([1, 2, 3, 4], [4, 3, 2, 1]))

    def test_a_shuffle_is_about_zero(self):
        rng = random.Random(7)
        order = list(range(3000))
        rng.shuffle(order)
        self.assertLess(abs(report.spearman(list(range(3000)), order)), 0.1)

    def test_batches_in_arrival_order_stay_about_one(self):
        # One tick admits 50 at one instant: ties, still first come first served.
        instants = [1000 * (i // 50) for i in range(1000)]
        self.assertGreater(report.spearman(list(range(1000)), instants), 0.99)

    def test_too_few_or_constant_is_none(self):
        self.assertIsNone(report.spearman([1, 2], [1, 2]))
        self.assertIsNone(report.spearman([1, 2, 3], [5, 5, 5]))


class Windows(unittest.TestCase):
    def test_the_most_in_any_half_open_window(self):
        self.assertEqual(3, report.max_in_window([0, 100, 59_999, 60_000, 120_500], 60_000))
        self.assertEqual(0, report.max_in_window([], 10_000))

    def test_the_largest_rise_of_a_counter(self):
        samples = [(0, 0), (30_000, 100), (60_000, 500), (90_000, 600), (200_000, 600)]
        self.assertEqual(500, report.max_rise(samples, 60_000))


def write_run(directory, rows, outcomes, rate=600, opens_at=10_000, cost=None, room=None):
    with open(os.path.join(directory, 'arrivals.csv'), 'w') as f:
        f.write(HEADER)
        for r in rows:
            f.write(','.join(str(r[k]) for k in HEADER.strip().split(',')) + '\n')
    with open(os.path.join(directory, 'outcomes.json'), 'w') as f:
        json.dump(outcomes, f)
    with open(os.path.join(directory, 'run.json'), 'w') as f:
        json.dump({'arrivals': len(rows), 'admitPerMinute': rate, 'opensAtMs': opens_at}, f)
    with open(os.path.join(directory, 'cost.json'), 'w') as f:
        json.dump(cost or {}, f)
    with open(os.path.join(directory, 'room.csv'), 'w') as f:
        f.write('at_ms,state,waiting,admitted,active,estimated_wait_s\n')
        for at, admitted in room or []:
            f.write(f'{at},queueing,0,{admitted},0,0\n')


def rush(pre=300, later=300, rate=600, seed=3):
    """A fair room: pre-opening arrivals admitted in a random order, later ones in arrival order, at `rate` a
    minute in ticks of a second."""
    rng = random.Random(seed)
    per_tick = rate // 60
    line = list(range(pre))
    rng.shuffle(line)
    line += list(range(pre, pre + later))
    rows = {}
    for place, arrival in enumerate(line):
        admitted = 10_000 + 1000 * (place // per_tick)
        rows[arrival] = {'arrival': arrival, 'customer': f'c-{arrival}', 'join_sent_ms': arrival * 10,
                         'join_answered_ms': arrival * 10 + 5, 'join_status': 201,
                         'join_state': 'PREQUEUED' if arrival < pre else 'WAITING', 'polls': 3,
                         'admitted_ms': admitted, 'seen_admitted_ms': admitted + 2000, 'book_status': 201,
                         'last_state': 'ADMITTED'}
    return [rows[i] for i in range(pre + later)]


class Report(unittest.TestCase):
    def run_report(self, rows, outcomes, **kwargs):
        with tempfile.TemporaryDirectory() as d:
            write_run(d, rows, outcomes, **kwargs)
            fig = report.figures(report.load(d))
        return fig, report.failures(fig), report.lines(fig)

    def test_a_fair_room_within_its_rate_passes(self):
        rows = rush()
        cost = {'poll': {'engineCpuUsPerOp': 41.5, 'postgresCpuUsPerOp': 0.2, 'opsPerSecond': 9000},
                'join': {'engineCpuUsPerOp': 180.0, 'postgresCpuUsPerOp': 95.0, 'opsPerSecond': 2000}}
        fig, found, out = self.run_report(
            rows, {'join 201': 600, 'poll 200': 1800, 'book 201': 600}, cost=cost,
            room=[(10_000 + 1000 * s, min(600, 10 * (s + 1))) for s in range(70)])
        self.assertEqual([], found)
        self.assertEqual(300, fig['n_pre'])
        self.assertLess(abs(fig['spearman_pre']), 0.2)
        self.assertGreater(fig['spearman_later'], 0.99)
        self.assertGreater(fig['spearman_later_sent'], 0.99)
        self.assertEqual(600, fig['max_60s'])
        self.assertAlmostEqual(600.0, fig['observed_per_minute'])
        self.assertEqual(100, fig['max_10s'])
        self.assertEqual(590, fig['room_max_60s'])  # from 10 at 10 s to 600 at 70 s
        self.assertEqual('token', fig['source'])
        self.assertEqual(0.0, fig['first_admission_after_opening_s'])
        self.assertIn('poll_cpu_us=41.5', out[-1])
        self.assertIn('join_pg_cpu_us=95.0', out[-1])
        self.assertIn('statuses=200:1800,201:1200', out[0])

    def test_a_5xx_an_unanswered_request_and_a_failed_check_fail(self):
        _, found, out = self.run_report(rush(), {'join 201': 600, 'poll 503 KO': 2, 'poll none KO': 1,
                                                 'book 201': 600})
        self.assertTrue(any('2 answers were 5xx' in f for f in found), found)
        self.assertTrue(any('1 requests got no answer' in f for f in found), found)
        self.assertTrue(any('3 answers failed their checks' in f for f in found), found)
        self.assertIn('5xx=2 unanswered=1 failed_checks=3', out[0])

    def test_admitting_faster_than_the_setting_fails(self):
        _, found, _ = self.run_report(rush(pre=600, later=600, rate=1200), {'join 201': 1200}, rate=600)
        self.assertTrue(any('within 60 s, over the setting 600' in f for f in found), found)
        self.assertTrue(any('within 10 s' in f for f in found), found)

    def test_pre_opening_admitted_in_arrival_order_fails(self):
        rows = rush(seed=1)
        for r in rows:  # first come first served for everyone: not the shuffle the contract promises
            r['admitted_ms'] = 10_000 + 1000 * (r['arrival'] // 10)
        _, found, _ = self.run_report(rows, {'join 201': 600})
        self.assertTrue(any('pre-opening admission order follows arrival order' in f for f in found), found)

    def test_people_left_in_line_and_refused_bookings_fail(self):
        rows = rush()
        rows[5]['admitted_ms'] = rows[5]['seen_admitted_ms'] = 0
        rows[7]['book_status'] = 403
        _, found, _ = self.run_report(rows, {'join 201': 600})
        self.assertTrue(any('1 people were still in line' in f for f in found), found)
        self.assertTrue(any('1 admitted people could not book' in f for f in found), found)

    def test_without_token_instants_the_first_poll_that_saw_admitted_counts(self):
        rows = rush()
        for r in rows:
            r['admitted_ms'] = 0
        fig, _, _ = self.run_report(rows, {'join 201': 600})
        self.assertEqual('poll', fig['source'])
        self.assertEqual(600, fig['admitted'])

    def test_later_arrivals_are_ordered_as_the_node_answered_their_joins(self):
        # Joins sent in one order but stored (and answered) in another: the line follows the node's order.
        rows = rush(pre=0, later=600)
        rng = random.Random(5)
        answers = list(range(600))
        rng.shuffle(answers)
        by_line = sorted(rows, key=lambda r: r['admitted_ms'])
        for place, r in enumerate(by_line):
            r['join_answered_ms'] = 100_000 + place
        fig, found, out = self.run_report(rows, {'join 201': 600})
        self.assertGreater(fig['spearman_later'], 0.99)
        self.assertEqual([], found)
        for place, r in enumerate(by_line):
            r['join_answered_ms'] = 100_000 + answers[place]
        fig, found, _ = self.run_report(rows, {'join 201': 600})
        self.assertLess(fig['spearman_later'], 0.2)
        self.assertTrue(any('not admitted first come first served' in f for f in found), found)


if __name__ == '__main__':
    unittest.main()
