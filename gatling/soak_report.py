#!/usr/bin/env python3
"""The soak's report (gatling/soak.sh): per sample interval, the node's server-side p99 (from the differences of its
reservation_http_request_duration_seconds histogram between samples, over every route), the heap after GC and the live
slot entities; then the verdict. Arguments: samples dir, seconds of load, Gatling's exit code, ERROR lines, strict
minutes."""
import json
import os
import re
import sys

BUCKET = re.compile(r'^reservation_http_request_duration_seconds_bucket\{(.*)\} (\S+)$')
LE = re.compile(r'le="([^"]+)"')


def buckets(path):
    """Cumulative counts by upper bound, summed over every route and status."""
    total = {}
    if not os.path.exists(path):
        return total
    with open(path) as f:
        for line in f:
            m = BUCKET.match(line.strip())
            if not m:
                continue
            le = LE.search(m.group(1)).group(1)
            bound = float('inf') if le == '+Inf' else float(le)
            total[bound] = total.get(bound, 0.0) + float(m.group(2))
    return total


def p99_ms(before, after):
    """The upper bound of the bucket holding the 99th percentile of the requests between two samples."""
    delta = {b: after.get(b, 0.0) - before.get(b, 0.0) for b in after}
    if not delta:
        return None, 0
    count = delta.get(float('inf'), max(delta.values()))
    if count <= 0:
        return None, 0
    for bound in sorted(delta):
        if delta[bound] >= 0.99 * count:
            return (None if bound == float('inf') else bound * 1000), int(count)
    return None, int(count)


def live_slots(path):
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError):
        return None
    regions = (doc.get('sharding') or {}).get('regions') or []
    return sum(r.get('entityCount', 0) for r in regions)


def main():
    samples, seconds, gatling_rc, error_lines, strict_minutes = sys.argv[1:6]
    heaps = []
    with open(os.path.join(samples, 'heap.txt')) as f:
        for line in f:
            n, at, kb = line.split()
            heaps.append((int(n), int(at), int(kb) // 1024))
    rows = []
    for (n0, _, _), (n1, _, heap) in zip(heaps, heaps[1:]):
        p99, count = p99_ms(buckets(os.path.join(samples, f'{n0}.metrics')), buckets(os.path.join(samples, f'{n1}.metrics')))
        live = live_slots(os.path.join(samples, f'{n1}.cluster'))
        rows.append((n1, p99, count, heap, live))
        print(f'SOAK minute={n1} p99_ms={p99 if p99 is not None else "n/a"} requests={count} heap_after_gc_mb={heap} '
              f'live_slots={live if live is not None else "n/a"}')
    minutes = int(seconds) / 60
    failures = []
    if int(gatling_rc) != 0:
        failures.append('failed requests (Gatling exit code %s)' % gatling_rc)
    if int(error_lines) > 0:
        failures.append('%s ERROR lines in the node log' % error_lines)
    # The first full minute is the baseline (the first samples include start-up and warm-up).
    full = [r for r in rows if r[2] > 0]
    heap_first = full[0][3] if full else None
    heap_last = full[-1][3] if full else None
    p99_first = full[0][1] if full else None
    p99_last = full[-1][1] if full else None
    if minutes >= float(strict_minutes) and len(full) >= 3:
        heap_first = full[1][3]
        if heap_last > heap_first * 1.5 + 32:
            failures.append('heap after GC grew from %d MB to %d MB' % (heap_first, heap_last))
        if p99_first is not None and p99_last is not None and p99_last > p99_first * 1.5 + 5:
            failures.append('p99 of the last minute %.0f ms > 1.5x the first %.0f ms' % (p99_last, p99_first))
    verdict = 'FAIL' if failures else 'pass'
    print(f'SOAK result={verdict} minutes={minutes:g} gatling={gatling_rc} error_lines={error_lines} '
          f'heap_first_mb={heap_first} heap_last_mb={heap_last} p99_first_ms={p99_first} p99_last_ms={p99_last}')
    for failure in failures:
        print('SOAK failure: ' + failure)
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
