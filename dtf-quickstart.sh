#!/usr/bin/env bash
# DTF quick start: builds DTF, starts the DTF Karaf distribution, runs the example plan and shows
# how to go on.
#
#   ./dtf-quickstart.sh              build, (re)start, submit docs/examples/quickstart.yaml
#   ./dtf-quickstart.sh --no-build   the same with the distribution already built
#
# Environment: DTF_READY_TIMEOUT (seconds to wait for the dtf commands, default 120),
# DTF_KEEP_DATA=1 with --no-build to keep data/ (the H2 store with earlier runs, the bundle cache);
# a build always makes a fresh distribution.
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)
KARAF_REL=karaf-distribution/target/assembly
KARAF="$ROOT/$KARAF_REL"
PLAN="$ROOT/docs/examples/quickstart.yaml"
BUILD_LOG="$ROOT/target/quickstart-build.log"
READY_TIMEOUT=${DTF_READY_TIMEOUT:-120}
SSH_PORT=8101

build=1
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
    esac
done

say() { printf '\n== %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
now_ms() {
    if [ -n "${EPOCHREALTIME:-}" ]; then local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); else echo $(($(date +%s) * 1000)); fi
}
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

# One Karaf command through the SSH client. `bin/client "cmd"` without a terminal prints only
# "Closed" (a Karaf bug): the command goes on standard input with -b instead.
karaf_cmd() { printf '%s\n' "$1" | "$KARAF/bin/client" -b; }

karaf_running() { [ -x "$KARAF/bin/status" ] && "$KARAF/bin/status" >/dev/null 2>&1; }

# bin/status says "Not Running" as soon as the shutdown begins; the JVM still holds data/ (and the
# Karaf lock) a little longer: a new instance started then waits for the lock and never comes up.
karaf_jvm_alive() {
    local pid
    pid=$(cat "$KARAF/karaf.pid" 2>/dev/null) || return 1
    [ -n "$pid" ] && ps -p "$pid" -o args= 2>/dev/null | grep -qF "$KARAF"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Karaf's scripts warn on every call without JAVA_HOME.
if [ -z "${JAVA_HOME:-}" ]; then
    command -v java >/dev/null || die "java not found: DTF needs Java 17"
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    export JAVA_HOME
fi
java_major=$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
[ "${java_major:-0}" -ge 17 ] || die "Java ${java_major:-?} at $JAVA_HOME: DTF needs Java 17"
[ "$java_major" -le 21 ] || echo "warning: Java $java_major; Karaf 4.4.10 is known to work on Java 17 (not on 25)" >&2

# 1. Stop an older instance first: the build rewrites the distribution it runs from.
if karaf_running || karaf_jvm_alive; then
    say "Stopping the running DTF Karaf"
    "$KARAF/bin/stop" >/dev/null 2>&1 || true
    for _ in $(seq 1 120); do karaf_jvm_alive || break; sleep 0.5; done
    karaf_jvm_alive && die "Karaf in $KARAF_REL did not stop within 60s (pid $(cat "$KARAF/karaf.pid"))"
fi
if port_open "$SSH_PORT"; then
    die "port $SSH_PORT is taken by another process (another Karaf?); stop it first"
fi

# 2. Build.
if [ "$build" = 1 ]; then
    command -v mvn >/dev/null || die "mvn not found: DTF builds with Maven 3.8+"
    say "Building DTF: mvn -B -ntp -DskipTests install (full log: ${BUILD_LOG#"$ROOT"/})"
    mkdir -p "$(dirname "$BUILD_LOG")"
    t0=$(now_ms)
    if ! mvn -B -ntp -DskipTests install 2>&1 | tee "$BUILD_LOG" \
            | sed -unE 's/^\[INFO\] Building (.*[^ ]) +\[([0-9]+\/[0-9]+)\]$/  [\2] \1/p'; then
        grep -E '^\[ERROR\]' "$BUILD_LOG" | head -40 >&2
        die "the build failed; see $BUILD_LOG"
    fi
    echo "  built in $(seconds_since "$t0")s"
fi
[ -x "$KARAF/bin/start" ] || die "no distribution in $KARAF_REL: run without --no-build"
[ -f "$PLAN" ] || die "the example plan ${PLAN#"$ROOT"/} is missing"

# 3. Start and wait until the dtf commands answer (they appear once the coordinator is up).
if [ "${DTF_KEEP_DATA:-0}" != 1 ]; then
    rm -rf "$KARAF/data"   # fresh store and bundle cache: the new build's bundles, run ids from r1
fi
say "Starting DTF Karaf ($KARAF_REL)"
t0=$(now_ms)
"$KARAF/bin/start"
ready=0
while [ "$(( ($(now_ms) - t0) / 1000 ))" -lt "$READY_TIMEOUT" ]; do
    if out=$(karaf_cmd 'dtf:workers' 2>/dev/null) && ! grep -q 'Command not found' <<<"$out"; then
        ready=1
        break
    fi
    if [ -f "$KARAF/data/port" ] && ! karaf_running; then
        break
    fi
    sleep 0.5
done
if [ "$ready" != 1 ]; then
    grep -E '\| (WARN|ERROR) ' "$KARAF/data/log/karaf.log" 2>/dev/null | tail -n 20 >&2 || true
    die "the dtf commands did not answer within ${READY_TIMEOUT}s (log: $KARAF_REL/data/log/karaf.log;" \
        "list the bundles: echo 'bundle:list' | $KARAF_REL/bin/client -b; stop: $KARAF_REL/bin/stop)"
fi
echo "  ready in $(seconds_since "$t0")s"
echo "$out"

# 4. The example run.
say "dtf:submit ${PLAN#"$ROOT"/} --wait"
submit_out=$(mktemp)
trap 'rm -f "$submit_out"' EXIT
rc=0
karaf_cmd "dtf:submit \"$PLAN\" --wait" | tee "$submit_out" || rc=$?
run_id=$(sed -nE 's/^Run (r[0-9]+) submitted.*/\1/p' "$submit_out" | head -n 1)

say "dtf:runs"
karaf_cmd 'dtf:runs' || true

cat <<EOF

DTF is running in $KARAF_REL (log: $KARAF_REL/data/log/karaf.log).
  Open the shell:    $KARAF_REL/bin/client
  then try:          dtf:run ${run_id:-r1}    dtf:tasks --run ${run_id:-r1}    dtf:task ${run_id:-r1}.1    dtf:workers
  From a script:     echo 'dtf:runs' | $KARAF_REL/bin/client -b
  Submit a plan:     echo 'dtf:submit /abs/path/plan.yaml --wait' | $KARAF_REL/bin/client -b
  Stop DTF:          $KARAF_REL/bin/stop
EOF
exit "$rc"
