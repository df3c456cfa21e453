#!/usr/bin/env bash
# Measures the resident memory of an idle "readout run": no chat token, no
# sources, standard input not a terminal. Prints VmRSS and VmHWM (the peak)
# after SETTLE seconds, without and with the operations listener, then
# stops the bot with SIGTERM. Linux only (reads /proc).
#
#   .ci/idle-rss.sh            # SETTLE=10
set -euo pipefail
settle=${SETTLE:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/readout" .
measure() {
	local label=$1; shift
	env -i PATH="$PATH" READOUT_SOURCES_NO_DEFAULTS=true "$@" \
		"$tmp/readout" --db "$tmp/$label.db" run </dev/null 2>"$tmp/$label.log" &
	local pid=$!
	sleep "$settle"
	local rss hwm
	rss=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
	hwm=$(awk '/^VmHWM/ {print $2}' /proc/$pid/status)
	kill -TERM "$pid"
	local code=0
	wait "$pid" || code=$?
	printf '%-22s VmRSS %6.1f MB   peak %6.1f MB   exit %s\n' "$label" "$(echo "$rss/1024" | bc -l)" "$(echo "$hwm/1024" | bc -l)" "$code"
}
measure idle
measure idle-with-metrics READOUT_HTTP_LISTEN=127.0.0.1:0
