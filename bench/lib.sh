#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# bench/lib.sh: what the wrk benches share (sourced by bench/run.sh,
# bench/lab.sh and bench/actions.sh): a free port, waiting for a server,
# a session cookie through the real login form, nginx from Debian serving
# static files of the same size as Scalelab's answers (the peer every ratio
# is measured against, in the same run), and one wrk run summed up.
# Functions only; the caller owns its temp directory and its processes.

# A free TCP port on 127.0.0.1.
bench_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# bench_wait_up PORT: waits (up to 10 s) until Scalelab answers on PORT.
bench_wait_up() {
	for _ in $(seq 1 100); do
		curl -sf -o /dev/null "http://127.0.0.1:$1/inloggen" && return 0
		sleep 0.1
	done
	return 1
}

# bench_session PORT JAR: logs the demo beheerder in through the form and
# prints the session cookie's value.
bench_session() {
	local port=$1 jar=$2 csrf
	csrf=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/inloggen" |
		sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
	curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$csrf" \
		--data-urlencode "email=demo@scalelab.test" --data-urlencode "password=demo-opschalen-2026" \
		"http://127.0.0.1:$port/inloggen"
	awk '$6=="__Host-sl_session"{print $7}' "$jar"
}

# bench_static FROM TO: TO is a file of random text as large as FROM.
bench_static() {
	local n
	n=$(stat -c %s "$1")
	head -c "$n" /dev/urandom | base64 -w0 >"$2"
	truncate -s "$n" "$2"
}

# bench_nginx TMP ROOT: starts nginx (2 workers, no access log) serving ROOT
# on a free port; sets NGINX_PORT and NGINX_PID. Its files live under TMP.
bench_nginx() {
	local tmp=$1 root=$2
	NGINX_PORT=$(bench_free_port)
	chmod 755 "$tmp" "$root"
	chmod 644 "$root"/* 2>/dev/null || true
	cat >"$tmp/nginx.conf" <<NGX
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/ngx-body;
  proxy_temp_path $tmp/ngx-proxy;
  fastcgi_temp_path $tmp/ngx-fcgi;
  uwsgi_temp_path $tmp/ngx-uwsgi;
  scgi_temp_path $tmp/ngx-scgi;
  server { listen 127.0.0.1:$NGINX_PORT; root $root; }
}
NGX
	nginx -c "$tmp/nginx.conf" -g 'daemon off;' &
	NGINX_PID=$!
	sleep 0.5
}

# bench_wrk URL [HEADER...]: one wrk run (2 threads, BENCH_CONNECTIONS
# connections, BENCH_SECONDS seconds); prints "req/s p99_ms non2xx".
bench_wrk() {
	local url=$1 out
	shift
	local args=()
	for h in "$@"; do args+=(-H "$h"); done
	out=$(wrk -t2 -c"${BENCH_CONNECTIONS:-32}" -d"${BENCH_SECONDS:-10}s" --timeout 10s --latency "${args[@]}" "$url")
	echo "$out" | awk '/Requests\/sec/{rps=$2} /Non-2xx/{bad=$5}
		$1=="99%"{v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; p=v}
		END{print rps+0, p+0, bad+0}'
}
