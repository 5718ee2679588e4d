#!/usr/bin/env bash
# Make a Docker engine answer on this machine, idempotently: install Debian's docker.io
# (and busybox-static, which the tests turn into an image) when missing, start dockerd
# in the background when its socket does not answer, then wait until `docker info` works.
set -euo pipefail

log=${DOCKERD_LOG:-/var/log/scaffold-dockerd.log}
wait_seconds=${DOCKERD_WAIT:-60}

engine_answers() {
  docker info >/dev/null 2>&1
}

if engine_answers; then
  exit 0
fi

need_apt=()
command -v dockerd >/dev/null 2>&1 || [ -x /usr/sbin/dockerd ] || need_apt+=(docker.io)
dpkg -s busybox-static >/dev/null 2>&1 || need_apt+=(busybox-static)
command -v iptables >/dev/null 2>&1 || [ -x /usr/sbin/iptables ] || need_apt+=(iptables)
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "docker-engine: please install: ${need_apt[*]} (Debian packages)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ "$(id -u)" != 0 ]; then
  echo "docker-engine: no Docker engine answers, and starting dockerd needs root" >&2
  exit 1
fi

dockerd_bin=$(command -v dockerd || echo /usr/sbin/dockerd)
# A leftover pid file from an engine that died would stop a new one from starting.
if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
  rm -f /var/run/docker.pid
fi
if ! pgrep -x dockerd >/dev/null 2>&1; then
  mkdir -p "$(dirname "$log")"
  # setsid: the engine outlives this script and the shell that ran it
  setsid "$dockerd_bin" >>"$log" 2>&1 </dev/null &
fi

for _ in $(seq $((wait_seconds * 5))); do
  if engine_answers; then
    exit 0
  fi
  sleep 0.2
done
echo "docker-engine: dockerd did not answer within ${wait_seconds}s; its log ($log) ends with:" >&2
tail -n 20 "$log" >&2 || true
exit 1
