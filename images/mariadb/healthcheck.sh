#!/bin/bash
# healthcheck.sh [OPTION...] --TEST...: exit 0 when every test named passes, with the same
# arguments as the official mariadb image's healthcheck.sh (`--connect --innodb_initialized`).
#
# Tests, run in the order given:
#   --connect                    the server accepts TCP connections: not while the entrypoint
#                                sets the database up (socket only), nor before it listens
#   --innodb_initialized         InnoDB has finished starting (crash recovery included)
#   --innodb_buffer_pool_loaded  the buffer pool dump has been loaded back
#   --mariadbupgrade             no mariadb-upgrade holds the data folder's upgrade lock
#   --galera_online, --galera_ready, --replication*: unsupported here (exit 1)
# Unless --connect passed (or --no-connect was given), it is run last.
# Options, which apply to the tests after them:
#   --datadir=DIR                where .my-healthcheck.cnf is (default /var/lib/mysql)
#   --defaults-file=F, --defaults-extra-file=F, --defaults-group-suffix=S, --no-defaults
#                                the mariadb client's configuration; by default the
#                                credentials the entrypoint left in DIR/.my-healthcheck.cnf
#   --su=USER, --su-mysql        run as another unix user (then takes no earlier options)
set -uo pipefail

datadir=/var/lib/mysql
defaults=()
own_defaults=1
connected=

fail() { echo "healthcheck: $*" >&2; exit 1; }

client() {
  local config=("${defaults[@]}")
  if [ -n "$own_defaults" ] && [ -r "$datadir/.my-healthcheck.cnf" ]; then
    config=(--defaults-extra-file="$datadir/.my-healthcheck.cnf")
  fi
  mariadb "${config[@]}" --batch --skip-column-names "$@"
}

# Over the socket, the server says whether it listens on TCP; if the socket does not answer,
# a TCP connection that gets as far as authentication counts too.
connect() {
  local answer
  answer=$(client --protocol=socket -e 'SELECT @@skip_networking' 2>/dev/null)
  case "$answer" in
    0) return 0 ;;
    1) return 1 ;;  # the entrypoint's setup server
  esac
  answer=$(client --protocol=tcp -h localhost -e 'SELECT @@skip_networking' 2>&1)
  case "$answer" in
    0) return 0 ;;
    # refused for the account (wrong password, expired, locked, over a limit): it listens
    "ERROR 1045 "* | "ERROR 1820 "* | "ERROR 4151 "* | "ERROR 1226 "* | "ERROR 1"???" (28000)"*) return 0 ;;
    *) echo "healthcheck: $answer" >&2; return 1 ;;
  esac
}

innodb_initialized() {
  [ "$(client --protocol=socket -e "SELECT 1 FROM information_schema.ENGINES
    WHERE engine = 'InnoDB' AND support IN ('YES', 'DEFAULT', 'ENABLED')")" = 1 ]
}

innodb_buffer_pool_loaded() {
  [[ "$(client --protocol=socket -e "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
    WHERE VARIABLE_NAME = 'Innodb_buffer_pool_load_status'")" == *"load completed"* ]]
}

mariadbupgrade() {
  local info=$datadir/mysql_upgrade_info
  [ ! -r "$info" ] || flock --exclusive --nonblock 9 9<"$info"
}

[ $# -gt 0 ] || fail "name at least one test, e.g. --connect --innodb_initialized"
while [ $# -gt 0 ]; do
  arg=$1
  shift
  case "$arg" in
    --su=*) exec setpriv --reuid="${arg#*=}" --regid="${arg#*=}" --init-groups "$0" "$@" ;;
    --su) exec setpriv --reuid="$1" --regid="$1" --init-groups "$0" "${@:2}" ;;
    --su-mysql) exec setpriv --reuid=mysql --regid=mysql --init-groups "$0" "$@" ;;
    --datadir=*) datadir=${arg#*=} ;;
    --datadir) datadir=$1; shift ;;
    --no-defaults) defaults=(--no-defaults); own_defaults= ;;
    --defaults-file=* | --defaults-extra-file=* | --defaults-group-suffix=*)
      defaults+=("$arg"); own_defaults= ;;
    --defaults-file | --defaults-extra-file | --defaults-group-suffix)
      defaults+=("$arg=$1"); own_defaults=; shift ;;
    --no-connect) connected=1 ;;
    --connect) connect || fail "connect failed"; connected=1 ;;
    --innodb_initialized) innodb_initialized || fail "innodb_initialized failed" ;;
    --innodb_buffer_pool_loaded) innodb_buffer_pool_loaded || fail "innodb_buffer_pool_loaded failed" ;;
    --mariadbupgrade) mariadbupgrade || fail "mariadbupgrade failed" ;;
    --galera_online | --galera_ready | --replication*)
      fail "${arg#--} is not supported by this image" ;;
    *) fail "unknown option or test $arg" ;;
  esac
done
if [ -z "$connected" ]; then
  connect || fail "connect failed"
fi
