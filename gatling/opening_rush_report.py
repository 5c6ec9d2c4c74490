#!/usr/bin/env python3
"""The report of gatling/opening-rush.sh (issue 20): reads what the OpeningRush simulation wrote to its result
directory and prints the figures and a verdict (standard library only):

    python3 gatling/opening_rush_report.py gatling/target/opening-rush/results

  RUSH requests=<n> join=<n> poll=<n> book=<n> statuses=<status:count,...> 5xx=<n> unanswered=<n> failed_checks=<n>
  RUSH arrivals=<n> joined=<n> pre_opening=<n> later=<n> admitted=<n> booked=<n> still_waiting=<n> polls_per_person=<x>
  RUSH admissions setting_per_minute=<n> observed_per_minute=<x> max_60s=<n> max_10s=<n> limit_10s=<x> room_max_60s=<n>
       first_admission_after_opening_s=<x> drained_after_opening_s=<x> source=<token|poll>
  RUSH fairness spearman_pre_opening=<r> n_pre=<n> (expected about 0) spearman_later=<r> n_later=<n> (expected about 1)
       spearman_later_by_sending=<r>
  RUSH wait_s pre_opening_p50=<x> pre_opening_max=<x> later_p50=<x> later_max=<x>
  RUSH cost poll_cpu_us=<x> poll_pg_cpu_us=<x> polls_per_s=<x> join_cpu_us=<x> join_pg_cpu_us=<x> joins_per_s=<x>
       rush_cpu_us_per_request=<x> rush_pg_cpu_us_per_request=<x>
  RUSH result=<pass|FAIL>   (then one 'RUSH failure: ...' line per reason)

observed_per_minute is the mean rate from the first admission to the last (those admitted before the last instant
over that time); max_60s and max_10s the most admissions within any 60 s and any 10 s; room_max_60s the largest
rise of the node's own 'admitted' count over 60 s (GET /admin/venues/{id}/waiting-room once a second).

Admission order is the order of the admission instants (each ticket's admissionExpiresAt minus the TTL; the time a
poll first saw ADMITTED when the ticket carried none); ties (one round admits many) get their average rank.
Pre-opening arrivals are those the node answered PREQUEUED; their arrival order is the order the load generator sent
the joins in. Later arrivals' arrival order is the order their joins were answered (the node answers a join once it
has stored it: its own arrival order as the client sees it); spearman_later_by_sending uses the sending order instead.
"""
import csv
import json
import math
import os
import sys

# Slack on the rate bounds, in seconds of the rate: admission instants are read from the tokens' expiry, which the node
# gives to the second (rounded down), so an instant can be up to a second early.
TOLERANCE_SECONDS = 1.0


def average_ranks(values):
    """Ranks 1..n of the values; equal values share the average of their ranks."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        rank = (i + j) / 2.0 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = rank
        i = j + 1
    return ranks


def spearman(xs, ys):
    """Spearman's rank correlation (Pearson's of the average ranks); None below 3 pairs or without variance."""
    if len(xs) != len(ys) or len(xs) < 3:
        return None
    rx, ry = average_ranks(xs), average_ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def max_in_window(times_ms, window_ms):
    """The most instants in any half-open window [t, t + window_ms)."""
    times = sorted(times_ms)
    best = 0
    start = 0
    for end in range(len(times)):
        while times[end] - times[start] >= window_ms:
            start += 1
        best = max(best, end - start + 1)
    return best


def max_rise(samples, window_ms):
    """The largest rise of a counter over any window_ms, from (at_ms, value) samples in time order."""
    best = 0
    j = 0
    for i in range(len(samples)):
        while j + 1 < len(samples) and samples[j + 1][0] - samples[i][0] <= window_ms:
            j += 1
        if j > i:
            best = max(best, samples[j][1] - samples[i][1])
    return best


def percentile(values, percent):
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, int(math.ceil(len(ordered) * percent / 100.0)))
    return ordered[rank - 1]


def load(result_dir):
    def read_json(name, default):
        path = os.path.join(result_dir, name)
        if not os.path.exists(path):
            return default
        with open(path) as f:
            return json.load(f)

    arrivals = []
    path = os.path.join(result_dir, 'arrivals.csv')
    if os.path.exists(path):
        with open(path, newline='') as f:
            for row in csv.DictReader(f):
                arrivals.append({k: (row[k] if k in ('customer', 'join_state', 'last_state') else int(row[k]))
                                 for k in row})
    room = []
    path = os.path.join(result_dir, 'room.csv')
    if os.path.exists(path):
        with open(path, newline='') as f:
            for row in csv.DictReader(f):
                try:
                    room.append((int(row['at_ms']), int(row['admitted'])))
                except (ValueError, TypeError):
                    pass
    return {'run': read_json('run.json', {}), 'outcomes': read_json('outcomes.json', {}),
            'cost': read_json('cost.json', {}), 'arrivals': arrivals, 'room': room}


def figures(data):
    run, outcomes, cost, arrivals = data['run'], data['outcomes'], data['cost'], data['arrivals']
    fig = {}
    statuses = {}
    by_name = {}
    fig['5xx'] = fig['unanswered'] = fig['failed_checks'] = 0
    for key, count in outcomes.items():
        parts = key.split(' ')
        failed = parts[-1] == 'KO'
        if failed:
            parts = parts[:-1]
        status, name = parts[-1], ' '.join(parts[:-1])
        statuses[status] = statuses.get(status, 0) + count
        by_name[name] = by_name.get(name, 0) + count
        if status.startswith('5'):
            fig['5xx'] += count
        if status == 'none':
            fig['unanswered'] += count
        if failed:
            fig['failed_checks'] += count
    fig['requests'] = sum(outcomes.values())
    fig['by_name'] = by_name
    fig['statuses'] = statuses

    joined = [a for a in arrivals if a['join_state']]
    pre = [a for a in joined if a['join_state'] == 'PREQUEUED']
    later = [a for a in joined if a['join_state'] != 'PREQUEUED']

    def instant(a):
        return a['admitted_ms'] if a['admitted_ms'] > 0 else a['seen_admitted_ms']

    admitted = [a for a in joined if instant(a) > 0]
    fig['arrivals'] = run.get('arrivals', len(arrivals))
    fig['started'] = len(arrivals)
    fig['joined'] = len(joined)
    fig['pre_opening'] = len(pre)
    fig['later'] = len(later)
    fig['admitted'] = len(admitted)
    fig['booked'] = sum(1 for a in arrivals if a['book_status'] == 201)
    fig['admitted_not_booked'] = sum(1 for a in admitted if a['book_status'] != 201)
    fig['still_waiting'] = len(joined) - len(admitted)
    fig['polls_per_person'] = (sum(a['polls'] for a in joined) / len(joined)) if joined else None

    rate = run.get('admitPerMinute')
    fig['setting_per_minute'] = rate
    fig['source'] = 'token' if admitted and all(a['admitted_ms'] > 0 for a in admitted) else 'poll'
    times = [instant(a) for a in admitted]
    opens_at = run.get('opensAtMs') or 0
    if times:
        first, last = min(times), max(times)
        span = (last - first) / 1000.0
        # Those admitted before the last instant, over the time from the first to the last: the rate of a line
        # admitted in ticks, whatever the tick's length.
        before_last = sum(1 for t in times if t < last)
        fig['observed_per_minute'] = before_last / span * 60 if span > 0 else None
        fig['max_60s'] = max_in_window(times, 60_000)
        fig['max_10s'] = max_in_window(times, 10_000)
        fig['first_admission_after_opening_s'] = (first - opens_at) / 1000.0 if opens_at else None
        fig['drained_after_opening_s'] = (last - opens_at) / 1000.0 if opens_at else None
    else:
        fig['observed_per_minute'] = fig['max_60s'] = fig['max_10s'] = None
        fig['first_admission_after_opening_s'] = fig['drained_after_opening_s'] = None
    fig['limit_10s'] = rate / 6.0 + 1 if rate else None
    fig['room_max_60s'] = max_rise(data['room'], 60_000) if data['room'] else None

    def fairness(group, arrived):
        pairs = [(arrived(a), instant(a)) for a in group if instant(a) > 0]
        return spearman([p[0] for p in pairs], [p[1] for p in pairs]), len(pairs)

    def sent(a):
        return a['arrival']

    def answered(a):
        return a['join_answered_ms']

    fig['spearman_pre'], fig['n_pre'] = fairness(pre, sent)
    # Later arrivals queue in the order the node stored their joins; a join is answered once stored, so the order of
    # the answers is the node's arrival order as a client can see it. The order the joins were sent in differs from it
    # by as much as the join's latency (seconds on a saturated node): reported beside it.
    fig['spearman_later'], fig['n_later'] = fairness(later, answered)
    fig['spearman_later_sent'], _ = fairness(later, sent)

    def waits(group):
        return [(a['seen_admitted_ms'] - a['join_answered_ms']) / 1000.0
                for a in group if a['seen_admitted_ms'] > 0 and a['join_answered_ms'] > 0]

    for name, group in (('pre_opening', pre), ('later', later)):
        w = waits(group)
        fig['wait_' + name + '_p50'] = percentile(w, 50)
        fig['wait_' + name + '_max'] = max(w) if w else None

    def cost_of(phase, field):
        return (cost.get(phase) or {}).get(field)

    fig['poll_cpu_us'] = cost_of('poll', 'engineCpuUsPerOp')
    fig['poll_pg_cpu_us'] = cost_of('poll', 'postgresCpuUsPerOp')
    fig['polls_per_s'] = cost_of('poll', 'opsPerSecond')
    fig['join_cpu_us'] = cost_of('join', 'engineCpuUsPerOp')
    fig['join_pg_cpu_us'] = cost_of('join', 'postgresCpuUsPerOp')
    fig['joins_per_s'] = cost_of('join', 'opsPerSecond')
    fig['rush_cpu_us_per_request'] = cost_of('rush', 'engineCpuUsPerOp')
    fig['rush_pg_cpu_us_per_request'] = cost_of('rush', 'postgresCpuUsPerOp')
    return fig


def show(value, digits=1):
    if value is None:
        return 'n/a'
    if isinstance(value, float):
        return f'{value:.{digits}f}'
    return str(value)


def lines(fig):
    statuses = ','.join(f'{k}:{v}' for k, v in sorted(fig['statuses'].items()))
    n = fig['by_name']
    out = [
        f"RUSH requests={fig['requests']} join={n.get('join', 0)} poll={n.get('poll', 0)} book={n.get('book', 0)} "
        f"cost_join={n.get('cost join', 0)} cost_poll={n.get('cost poll', 0)} statuses={statuses or 'none'} "
        f"5xx={fig['5xx']} unanswered={fig['unanswered']} failed_checks={fig['failed_checks']}",
        f"RUSH arrivals={fig['started']}/{fig['arrivals']} joined={fig['joined']} pre_opening={fig['pre_opening']} "
        f"later={fig['later']} admitted={fig['admitted']} booked={fig['booked']} still_waiting={fig['still_waiting']} "
        f"polls_per_person={show(fig['polls_per_person'])}",
        f"RUSH admissions setting_per_minute={show(fig['setting_per_minute'])} "
        f"observed_per_minute={show(fig['observed_per_minute'], 0)} max_60s={show(fig['max_60s'])} "
        f"max_10s={show(fig['max_10s'])} limit_10s={show(fig['limit_10s'])} room_max_60s={show(fig['room_max_60s'])} "
        f"first_admission_after_opening_s={show(fig['first_admission_after_opening_s'])} "
        f"drained_after_opening_s={show(fig['drained_after_opening_s'])} source={fig['source']}",
        f"RUSH fairness spearman_pre_opening={show(fig['spearman_pre'], 3)} n_pre={fig['n_pre']} "
        f"spearman_later={show(fig['spearman_later'], 3)} n_later={fig['n_later']} "
        f"spearman_later_by_sending={show(fig['spearman_later_sent'], 3)}",
        f"RUSH wait_s pre_opening_p50={show(fig['wait_pre_opening_p50'])} pre_opening_max={show(fig['wait_pre_opening_max'])} "
        f"later_p50={show(fig['wait_later_p50'])} later_max={show(fig['wait_later_max'])}",
        f"RUSH cost poll_cpu_us={show(fig['poll_cpu_us'])} poll_pg_cpu_us={show(fig['poll_pg_cpu_us'])} "
        f"polls_per_s={show(fig['polls_per_s'], 0)} join_cpu_us={show(fig['join_cpu_us'])} "
        f"join_pg_cpu_us={show(fig['join_pg_cpu_us'])} joins_per_s={show(fig['joins_per_s'], 0)} "
        f"rush_cpu_us_per_request={show(fig['rush_cpu_us_per_request'])} "
        f"rush_pg_cpu_us_per_request={show(fig['rush_pg_cpu_us_per_request'])}",
    ]
    return out


def failures(fig):
    found = []
    if fig['requests'] == 0:
        found.append('no request was answered')
    if fig['5xx']:
        found.append(f"{fig['5xx']} answers were 5xx")
    if fig['unanswered']:
        found.append(f"{fig['unanswered']} requests got no answer (timeout or connection)")
    if fig['failed_checks']:
        found.append(f"{fig['failed_checks']} answers failed their checks (unexpected status or body)")
    if fig['joined'] < fig['arrivals']:
        found.append(f"only {fig['joined']} of {fig['arrivals']} arrivals joined the line")
    if fig['still_waiting']:
        found.append(f"{fig['still_waiting']} people were still in line when the run ended")
    if fig['admitted_not_booked']:
        found.append(f"{fig['admitted_not_booked']} admitted people could not book")
    rate = fig['setting_per_minute']
    if rate and fig['max_60s'] is not None:
        slack = rate / 60.0 * TOLERANCE_SECONDS
        if fig['max_60s'] > rate + slack:
            found.append(f"{fig['max_60s']} admissions within 60 s, over the setting {rate}")
        if fig['max_10s'] > fig['limit_10s'] + slack:
            found.append(f"{fig['max_10s']} admissions within 10 s, over a sixth of the setting plus one "
                         f"({fig['limit_10s']:.1f})")
    # Fairness, only where there are enough people to tell: a uniform shuffle's correlation has a standard
    # deviation of 1/sqrt(n - 1).
    if fig['spearman_pre'] is not None and fig['n_pre'] >= 100:
        bound = max(0.2, 5 / math.sqrt(fig['n_pre'] - 1))
        if abs(fig['spearman_pre']) > bound:
            found.append(f"pre-opening admission order follows arrival order (Spearman {fig['spearman_pre']:.3f}, "
                         f"|r| should stay below {bound:.2f})")
    if fig['spearman_later'] is not None and fig['n_later'] >= 100 and fig['spearman_later'] < 0.9:
        found.append(f"later arrivals were not admitted first come first served (Spearman "
                     f"{fig['spearman_later']:.3f} < 0.9)")
    return found


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    fig = figures(load(argv[1]))
    for line in lines(fig):
        print(line)
    found = failures(fig)
    print('RUSH result=' + ('FAIL' if found else 'pass'))
    for reason in found:
        print('RUSH failure: ' + reason)
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
