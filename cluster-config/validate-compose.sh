#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine (CI has none), and the Kubernetes manifests when kubectl is
# there:
#   1. `docker-compose config -q` (Debian's docker-compose, installed with apt-get when missing and possible), or
#      `docker compose config -q`: the file parses, its schema holds, every variable interpolates;
#   2. python3: what the cluster needs from it: PostgreSQL, three nodes with the RESERVATION_* variables, seed nodes
#      that are nodes of the file, distinct HTTP ports, the load balancer's config naming those nodes, the gatling
#      service only under the "load" profile, and the Dockerfile running as a non-root user;
#   3. `kubectl kustomize cluster-config/kubernetes` renders (skipped without kubectl).
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
  checked=1
elif docker compose version > /dev/null 2>&1; then
  echo "== docker compose config -q"
  docker compose -f docker-compose.yml config -q
  docker compose -f docker-compose.yml --profile load config -q
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

[[ $checked == 1 ]] || { echo "validate-compose: neither docker-compose nor python3 with PyYAML is available" >&2; exit 1; }

if command -v kubectl > /dev/null; then
  echo "== kubectl kustomize cluster-config/kubernetes"
  kubectl kustomize cluster-config/kubernetes > /dev/null
fi
echo "compose file valid"
