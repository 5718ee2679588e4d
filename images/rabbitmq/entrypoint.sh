#!/bin/bash
# Start RabbitMQ as the official image does: as root, own /var/lib/rabbitmq and step down to
# `rabbitmq`, then exec the broker (which stops cleanly on SIGTERM as PID 1). The broker
# itself reads RABBITMQ_DEFAULT_USER, RABBITMQ_DEFAULT_PASS and RABBITMQ_DEFAULT_VHOST.
set -euo pipefail

# the official image refuses these since 3.9: a compose file must not rely on them
refused=0
for var in RABBITMQ_DEFAULT_USER_FILE RABBITMQ_DEFAULT_PASS_FILE RABBITMQ_VM_MEMORY_HIGH_WATERMARK; do
  if [ -n "${!var:-}" ]; then
    echo "error: $var is set but deprecated (rabbitmq:3 refuses it too); use a configuration file" >&2
    refused=1
  fi
done
[ "$refused" = 0 ] || exit 1

if [[ "${1:-}" == rabbitmq* ]] && [ "$(id -u)" = 0 ]; then
  if [ "$1" = rabbitmq-server ]; then
    find /var/lib/rabbitmq \! -user rabbitmq -exec chown rabbitmq:rabbitmq '{}' +
  fi
  exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$0" "$@"
fi

if [ "${1:-}" = rabbitmq-server ] && [ ! -e "$HOME/.erlang.cookie" ]; then
  # made before the broker starts, so a CLI tool run early cannot make one the broker can't read
  cookie=$(LC_ALL=C tr -dc '[:upper:]' </dev/urandom 2>/dev/null | head -c 20 || true)
  (umask 077 && printf '%s' "$cookie" >"$HOME/.erlang.cookie")
  chmod 400 "$HOME/.erlang.cookie"
fi

# a long hostname (a compose `domainname`, say) needs long node names
if [ -z "${RABBITMQ_USE_LONGNAME:-}" ] && [ "$(hostname)" != "$(hostname -s)" ]; then
  export RABBITMQ_USE_LONGNAME=true
fi

exec "$@"
