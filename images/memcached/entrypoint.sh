#!/bin/sh
# Options alone (`-m 64`) are memcached's; anything else is run as it is.
set -e
case "${1:-}" in
  -*) set -- memcached "$@" ;;
esac
exec "$@"
