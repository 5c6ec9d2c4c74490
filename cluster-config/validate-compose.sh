#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine (CI has none), and the Kubernetes manifests when kubectl is
# there:
#   1. `docker-compose config -q` (Debian's docker-compose, installed with apt-get when missing and possible), or
#      `docker compose config -q`: the file parses, its schema holds, every variable interpolates;
#   2. python3: what the cluster needs from it: PostgreSQL, three nodes with the RESERVATION_* variables, seed nodes
#      that are nodes of the file, distinct HTTP ports, the load balancer's config naming those nodes, the gatling
#      service only under the "load" profile, and the Dockerfile running as a non-root user;
#   3. python3: the "observability" profile: Prometheus and Grafana only under it, Prometheus's config scraping
#      /metrics of exactly the file's nodes, Grafana's provisioned datasource and dashboards, and the dashboard JSON
#      (it parses, every panel queries that datasource with PromQL); `promtool check config` when it is installed;
#   4. `kubectl kustomize cluster-config/kubernetes` renders (skipped without kubectl).
# Exits non-zero on the first failure; fails too when neither 1 nor 2 could run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Interpolation needs the token the file requires; any value of the right length does for validation.
export RESERVATION_ADMIN_TOKEN="${RESERVATION_ADMIN_TOKEN:-validate-only-token-0123456789}"
checked=0

if ! command -v docker-compose > /dev/null && ! docker compose version > /dev/null 2>&1; then
  if command -v apt-get > /dev/null && [[ "$(id -u)" == 0 ]]; then
    echo "== installing Debian's docker-compose (for 'config' only; no engine needed)"
    (apt-get install -y -q docker-compose > /dev/null 2>&1 \
      || { apt-get update -q > /dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker-compose > /dev/null 2>&1; }) \
      || echo "   could not install docker-compose; falling back to the python3 checks alone"
  fi
fi

if command -v docker-compose > /dev/null; then
  echo "== docker-compose config -q ($(docker-compose version --short 2>/dev/null || echo '?'))"
  docker-compose -f docker-compose.yml config -q
  docker-compose -f docker-compose.yml --profile load config -q
  docker-compose -f docker-compose.yml --profile observability config -q
  checked=1
elif docker compose version > /dev/null 2>&1; then
  echo "== docker compose config -q"
  docker compose -f docker-compose.yml config -q
  docker compose -f docker-compose.yml --profile load config -q
  docker compose -f docker-compose.yml --profile observability config -q
  checked=1
fi

if command -v python3 > /dev/null && python3 -c 'import yaml' 2> /dev/null; then
  echo "== python3: services, ports, environment, load balancer, profiles, Dockerfile user"
  python3 - << 'EOF'
import re, sys, yaml

def fail(message):
    print("docker-compose.yml: " + message, file=sys.stderr)
    sys.exit(1)

with open("docker-compose.yml") as f:
    compose = yaml.safe_load(f)
services = compose.get("services") or fail("no services")
for name in ["postgres", "node1", "node2", "node3", "lb", "gatling"]:
    if name not in services:
        fail("service %s is missing" % name)

nodes = [n for n in services if re.fullmatch(r"node\d+", n)]
required = ["RESERVATION_DB_URL", "RESERVATION_DB_USER", "RESERVATION_DB_PASSWORD", "RESERVATION_ADMIN_TOKEN",
            "RESERVATION_HOSTNAME", "RESERVATION_SEED_NODES"]
host_ports = []
for n in nodes:
    node = services[n]
    env = node.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    for key in required:
        if key not in env:
            fail("%s lacks %s" % (n, key))
    if env["RESERVATION_HOSTNAME"] != n:
        fail("%s has RESERVATION_HOSTNAME %s; it must be its own service name" % (n, env["RESERVATION_HOSTNAME"]))
    if not str(env["RESERVATION_DB_URL"]).startswith("jdbc:postgresql://postgres:"):
        fail("%s does not use the postgres service" % n)
    for seed in str(env["RESERVATION_SEED_NODES"]).split(","):
        host = seed.strip().split(":")[0]
        if host not in nodes:
            fail("%s names seed %s, which is not a node of this file" % (n, seed))
    if "build" not in node and "image" not in node:
        fail("%s has neither build nor image" % n)
    for port in node.get("ports") or []:
        host_ports.append(str(port).rsplit(":", 1)[0])
for port in services["lb"].get("ports") or []:
    host_ports.append(str(port).rsplit(":", 1)[0])
if len(host_ports) != len(set(host_ports)):
    fail("a host port is published twice: %s" % host_ports)
if not any(str(p).endswith("8080:8080") for p in services["lb"].get("ports") or []):
    fail("the load balancer must publish 8080")

lb_config = None
for volume in services["lb"].get("volumes") or []:
    source = str(volume).split(":")[0]
    if source.startswith("./cluster-config/docker/"):
        lb_config = source[2:]
if lb_config is None:
    fail("the load balancer mounts no config from cluster-config/docker/")
with open(lb_config) as f:
    text = f.read()
for n in nodes:
    if not re.search(r"\b%s:8080\b" % n, text):
        fail("%s does not send traffic to %s:8080" % (lb_config, n))

if services["gatling"].get("profiles") != ["load"]:
    fail("the gatling service must run only under the 'load' profile")

with open("Dockerfile") as f:
    dockerfile = f.read()
users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
if not users or users[-1].split(":")[0] in ("root", "0"):
    fail("the Dockerfile's image must run as a non-root USER")
print("   %d nodes, load balancer %s, profiles and Dockerfile user checked" % (len(nodes), lb_config))
EOF
  checked=1
fi

command -v python3 > /dev/null || { echo "validate-compose: python3 is needed for the observability checks" >&2; exit 1; }
echo "== python3: observability profile, Prometheus config, Grafana provisioning, dashboard JSON"
python3 - << 'EOF'
import json, os, re, sys

def fail(message):
    print("observability: " + message, file=sys.stderr)
    sys.exit(1)

dashboard_file = "cluster-config/grafana/dashboards/reservation-engine.json"
try:
    with open(dashboard_file) as f:
        dashboard = json.load(f)
except ValueError as e:
    fail("%s is not valid JSON: %s" % (dashboard_file, e))
if not dashboard.get("uid") or not dashboard.get("title"):
    fail("%s needs a uid and a title" % dashboard_file)
panels = [p for p in dashboard.get("panels", []) if p.get("type") != "row"]
if not panels:
    fail("%s has no panels" % dashboard_file)
ids = [p.get("id") for p in dashboard["panels"]]
if len(ids) != len(set(ids)):
    fail("%s has duplicate panel ids" % dashboard_file)
uids = set()
for p in panels:
    targets = p.get("targets") or fail("panel %r has no queries" % p.get("title"))
    for t in targets:
        expr = t.get("expr", "")
        if not expr.strip():
            fail("panel %r has a query without PromQL" % p.get("title"))
        for open_, close in ["()", "{}", "[]"]:
            if expr.count(open_) != expr.count(close):
                fail("panel %r: unbalanced %s in %s" % (p.get("title"), open_ + close, expr))
        uids.add((t.get("datasource") or p.get("datasource") or {}).get("uid"))

try:
    import yaml
except ImportError:
    print("   dashboard JSON checked (%d panels); without PyYAML the YAML files were not" % len(panels))
    sys.exit(0)
with open("docker-compose.yml") as f:
    services = yaml.safe_load(f)["services"]
for name in ["prometheus", "grafana"]:
    if name not in services:
        fail("docker-compose.yml has no %s service" % name)
    if services[name].get("profiles") != ["observability"]:
        fail("the %s service must run only under the 'observability' profile" % name)

def mounts(service):
    found = {}
    for volume in services[service].get("volumes") or []:
        parts = str(volume).split(":")
        if parts[0].startswith("./"):
            if not os.path.exists(parts[0][2:]):
                fail("%s mounts %s, which does not exist" % (service, parts[0]))
            found[parts[1]] = parts[0][2:]
    return found

prometheus_config = mounts("prometheus").get("/etc/prometheus/prometheus.yml") or fail("prometheus mounts no config")
with open(prometheus_config) as f:
    config = yaml.safe_load(f)
nodes = sorted(n for n in services if re.fullmatch(r"node\d+", n))
targets = []
for job in config.get("scrape_configs") or fail("%s has no scrape_configs" % prometheus_config):
    if job.get("metrics_path", "/metrics") != "/metrics":
        fail("job %s scrapes %s, not /metrics" % (job.get("job_name"), job.get("metrics_path")))
    for static in job.get("static_configs") or []:
        targets += static.get("targets") or []
if sorted(targets) != ["%s:8080" % n for n in nodes]:
    fail("%s scrapes %s; it must scrape every node of docker-compose.yml on 8080" % (prometheus_config, targets))

grafana = mounts("grafana")
provisioning = grafana.get("/etc/grafana/provisioning") or fail("grafana mounts no provisioning directory")
if grafana.get("/var/lib/grafana/dashboards") != os.path.dirname(dashboard_file):
    fail("grafana must mount %s at /var/lib/grafana/dashboards" % os.path.dirname(dashboard_file))

def provisioned(kind, key):
    entries = []
    for name in sorted(os.listdir(os.path.join(provisioning, kind))):
        with open(os.path.join(provisioning, kind, name)) as f:
            entries += yaml.safe_load(f).get(key) or []
    return entries

prom = [d for d in provisioned("datasources", "datasources") if d.get("type") == "prometheus"]
if not prom or not str(prom[0].get("url", "")).startswith("http://prometheus:9090"):
    fail("grafana's provisioned datasources lack the prometheus service")
if uids != {prom[0].get("uid")}:
    fail("the dashboard's queries use datasources %s; provisioned is %s" % (sorted(map(str, uids)), prom[0].get("uid")))
if not any((p.get("options") or {}).get("path") == "/var/lib/grafana/dashboards" for p in provisioned("dashboards", "providers")):
    fail("no dashboard provider loads /var/lib/grafana/dashboards")
print("   dashboard (%d panels), Prometheus scraping %d nodes, Grafana provisioning checked" % (len(panels), len(nodes)))
EOF
if command -v promtool > /dev/null; then
  echo "== promtool check config"
  promtool check config cluster-config/prometheus/prometheus.yml
fi

[[ $checked == 1 ]] || { echo "validate-compose: neither docker-compose nor python3 with PyYAML is available" >&2; exit 1; }

if command -v kubectl > /dev/null; then
  echo "== kubectl kustomize cluster-config/kubernetes"
  kubectl kustomize cluster-config/kubernetes > /dev/null
fi
echo "compose file valid"
