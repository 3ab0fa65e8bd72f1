#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: installs Debian's postgresql when
# missing, creates a cluster in a temporary folder, starts it on a free port of 127.0.0.1,
# runs the command with DATABASE_URL set, and always stops the cluster and removes the
# folder afterwards, also when the command fails.
#
# Usage: bash .ci/postgres.sh <command...>
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: bash .ci/postgres.sh <command...>" >&2
  exit 2
fi

find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

if ! bindir="$(find_bindir)"; then
  echo "postgres.sh: installing postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bindir="$(find_bindir)"
fi

# initdb and postgres refuse to run as root: run them as the postgres user when we are root.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

tmpdir="$(mktemp -d -t partnero-pg.XXXXXX)"
started=0
cleanup() {
  local status=$?
  if [ "$started" -eq 1 ]; then
    as_postgres "$bindir/pg_ctl" -D "$tmpdir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmpdir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --user-group --no-create-home postgres
  chown postgres:postgres "$tmpdir"
fi
chmod 700 "$tmpdir"

port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"

as_postgres "$bindir/initdb" -D "$tmpdir/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
started=1
# Starts and stops this cluster, as its owner. Tests that restart the server in the middle
# of a run (the sandbox's recovery test) call it too, through PARTNERO_PG_CTL.
cat > "$tmpdir/pg_ctl.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
case "\$1" in
  stop) args=(stop -m fast -w) ;;
  start) args=(start -w -t 30 -l "$tmpdir/server.log" -o "-p $port -k $tmpdir -c listen_addresses=127.0.0.1 -c fsync=off") ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
if [ "\$(id -u)" -eq 0 ]; then
  exec runuser -u postgres -- "$bindir/pg_ctl" -D "$tmpdir/data" "\${args[@]}"
fi
exec "$bindir/pg_ctl" -D "$tmpdir/data" "\${args[@]}"
EOF
chmod 755 "$tmpdir/pg_ctl.sh"
export PARTNERO_PG_CTL="$tmpdir/pg_ctl.sh"
"$PARTNERO_PG_CTL" start >/dev/null || { cat "$tmpdir/server.log" >&2; exit 1; }
as_postgres "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres partnero_test

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/partnero_test"
echo "postgres.sh: PostgreSQL on 127.0.0.1:$port" >&2
"$@"
