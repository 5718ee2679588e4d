#!/bin/bash
# Start MariaDB as the official image does: as root, own the data folder and step down to
# `mysql`; on first start (no system tables in the data folder) create them, then the root
# password, the database and the app user from the MARIADB_* variables (MYSQL_* as
# fallbacks, each also as a *_FILE secret), run /docker-entrypoint-initdb.d, and leave a
# `healthcheck` user whose credentials healthcheck.sh reads from .my-healthcheck.cnf.
set -euo pipefail
shopt -s nullglob

log() { printf '%s entrypoint: %s\n' "$(date -u +%FT%TZ)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# `command: --character-set-server=utf8mb4` means the server with those options
first=${1:-}
if [ "${first:0:1}" = - ]; then
  set -- mariadbd "$@"
fi
case "${1:-}" in
  mariadbd | mysqld) ;;
  *) exec "$@" ;;
esac
for arg in "$@"; do
  case "$arg" in
    --help | --version | -V | '-?') exec "$@" ;;
  esac
done

# The data folder and the socket the server will use, its options on the command line included.
if ! options=$("$@" --verbose --help 2>/dev/null); then
  "$@" --verbose --help 2>&1 >/dev/null | grep -F '[ERROR]' >&2 || true
  die "the server does not start with these options: $*"
fi
option() { awk -v name="$1" '$1 == name && NF == 2 { print $2; exit }' <<<"$options"; }
datadir=$(option datadir)
datadir=${datadir%/}
socket=$(option socket)
port=$(option port)

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$datadir" "$(dirname "$socket")"
  find "$datadir" "$(dirname "$socket")" \! -user mysql -exec chown mysql:mysql '{}' +
  exec setpriv --reuid=mysql --regid=mysql --init-groups "$0" "$@"
fi

if [ -d "$datadir/mysql" ]; then
  log "$datadir holds a database already: the MARIADB_*/MYSQL_* variables are not applied"
  exec "$@"
fi

# read_setting NAME: $MARIADB_NAME, else $MYSQL_NAME, each possibly read from the file its
# *_FILE variable names (a Docker secret); into the variable `name` (lower case).
read_setting() {
  local var file value=
  for var in "MARIADB_$1" "MYSQL_$1"; do
    file=${var}_FILE
    if [ -n "${!var:-}" ] && [ -n "${!file:-}" ]; then
      die "both $var and $file are set, which exclude each other"
    fi
    if [ -n "${!file:-}" ]; then
      [ -r "${!file}" ] || die "$file names ${!file}, which cannot be read"
      value=$(<"${!file}")
    else
      value=${!var:-}
    fi
    if [ -n "$value" ]; then
      break
    fi
  done
  printf -v "${1,,}" '%s' "$value"
  # initdb.d scripts see the settings under both names, as with the official image
  export "MARIADB_$1=$value" "MYSQL_$1=$value"
}
for name in ROOT_PASSWORD ROOT_HOST DATABASE USER PASSWORD ALLOW_EMPTY_ROOT_PASSWORD \
    RANDOM_ROOT_PASSWORD; do
  read_setting "$name"
done
# the official image spells this one MYSQL_ALLOW_EMPTY_PASSWORD
allow_empty_root_password=${allow_empty_root_password:-${MYSQL_ALLOW_EMPTY_PASSWORD:-}}
root_host=${root_host:-%}

if [ -z "$root_password" ] && [ -z "$allow_empty_root_password" ] && [ -z "$random_root_password" ]; then
  die "the database is uninitialized and no root password is given: set one of
  MARIADB_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD or MARIADB_RANDOM_ROOT_PASSWORD
  (or MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD)"
fi
if [ -n "$user" ] && [ -z "$password" ]; then
  die "MARIADB_USER ($user) is set without MARIADB_PASSWORD"
fi
if [ "$user" = root ]; then
  die "MARIADB_USER=root: the root user exists already; set MARIADB_ROOT_PASSWORD instead"
fi

random_password() { tr -dc 'A-Za-z0-9' </dev/urandom 2>/dev/null | head -c 32 || true; }
if [ -n "$random_root_password" ]; then
  root_password=$(random_password)
  log "GENERATED ROOT PASSWORD: $root_password"
fi

# SQL string literals and identifiers
literal() {
  local s=${1//\\/\\\\}
  s=${s//$'\n'/\\n}
  printf "'%s'" "${s//\'/\\\'}"
}
identifier() { local q='`'; printf '%s%s%s' "$q" "${1//$q/$q$q}" "$q"; }

log "initialising $datadir"
started=$SECONDS
mariadb-install-db --datadir="$datadir" --auth-root-authentication-method=normal \
  --skip-test-db --skip-name-resolve --skip-log-bin "${@:2}" >/dev/null \
  || die "mariadb-install-db failed"

# a server for the setup that only the socket reaches: nothing outside sees it half-made
"$@" --skip-networking --socket="$socket" --skip-log-bin &
setup_pid=$!
client=(mariadb --protocol=socket --socket="$socket" -uroot --database=mysql --batch)
for _ in $(seq 300); do
  if "${client[@]}" -e 'SELECT 1' >/dev/null 2>&1; then
    break
  fi
  kill -0 "$setup_pid" 2>/dev/null || die "the server stopped while starting for the setup"
  sleep 0.1
done
"${client[@]}" -e 'SELECT 1' >/dev/null || die "the server started for the setup does not answer"

if [ -z "${MARIADB_INITDB_SKIP_TZINFO:-${MYSQL_INITDB_SKIP_TZINFO:-}}" ] && [ -d /usr/share/zoneinfo ]; then
  # time zone names in CONVERT_TZ and time_zone, as in the official image
  { echo "SET @@SESSION.SQL_LOG_BIN=0;"; mariadb-tzinfo-to-sql /usr/share/zoneinfo 2>/dev/null; } \
    | "${client[@]}"
fi

healthcheck_password=$(random_password)
{
  echo "SET @@SESSION.SQL_LOG_BIN=0;"
  # only root and MariaDB's own accounts stay: no anonymous users
  echo "DELETE FROM mysql.global_priv WHERE user NOT IN ('mysql.sys', 'mariadb.sys', 'root') OR host NOT IN ('localhost');"
  echo "DELETE FROM mysql.proxies_priv WHERE host NOT IN ('localhost');"
  echo "SET PASSWORD FOR 'root'@'localhost' = PASSWORD($(literal "$root_password"));"
  if [ "$root_host" != localhost ]; then
    echo "CREATE USER 'root'@$(literal "$root_host") IDENTIFIED BY $(literal "$root_password");"
    echo "GRANT ALL ON *.* TO 'root'@$(literal "$root_host") WITH GRANT OPTION;"
    echo "GRANT PROXY ON ''@'%' TO 'root'@$(literal "$root_host") WITH GRANT OPTION;"
  fi
  for host in 127.0.0.1 ::1 localhost; do
    echo "CREATE USER 'healthcheck'@'$host' IDENTIFIED BY $(literal "$healthcheck_password");"
    echo "GRANT USAGE ON *.* TO 'healthcheck'@'$host';"
  done
  if [ -n "$database" ]; then
    echo "CREATE DATABASE IF NOT EXISTS $(identifier "$database");"
  fi
  if [ -n "$user" ]; then
    echo "CREATE USER $(literal "$user")@'%' IDENTIFIED BY $(literal "$password");"
    if [ -n "$database" ]; then
      # _ and % are wildcards in a grant's database name
      escaped=${database//_/\\_}
      echo "GRANT ALL ON $(identifier "${escaped//%/\\%}").* TO $(literal "$user")@'%';"
    fi
  fi
  echo "FLUSH PRIVILEGES;"
} | "${client[@]}" || die "creating the users and the database failed"

umask_was=$(umask)
umask 077
printf '[mariadb-client]\nport=%s\nsocket=%s\nuser=healthcheck\npassword=%s\n' \
  "$port" "$socket" "$healthcheck_password" >"$datadir/.my-healthcheck.cnf"
umask "$umask_was"

client+=(--password="$root_password")
for f in /docker-entrypoint-initdb.d/*; do
  case "$f" in
    *.sh)
      log "running $f"
      if [ -x "$f" ]; then "$f"; else
        # shellcheck disable=SC1090 # the user's script
        . "$f"
      fi
      ;;
    *.sql) log "running $f"; "${client[@]}" --database="${database:-mysql}" <"$f" ;;
    *.sql.gz) log "running $f"; gzip -dc "$f" | "${client[@]}" --database="${database:-mysql}" ;;
    *) log "ignoring $f" ;;
  esac
done

kill -TERM "$setup_pid"
wait "$setup_pid" || die "the server started for the setup did not stop cleanly"
log "initialised in $((SECONDS - started))s${database:+: database $database}${user:+, user $user}"

exec "$@"
