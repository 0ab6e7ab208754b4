#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# CLI contract of `scalelab import kpi --db FILE FILE.csv` (docs/kpi.md):
# exit 0 with a summary for a good file; 2 with FILE:LINE: message for a bad
# line, and nothing of that file imported (one transaction); 2 for bad usage
# and an unreadable file; 1 for a database that does not exist; a progress
# bar on stderr only when it is a terminal. Usage: kpi_import.sh ./scalelab
set -u
bin=$(realpath "${1:-./scalelab}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-kpi-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
expect() { # STATUS NAME COMMAND...: output in out.txt/err.txt
	local want=$1 name=$2
	shift 2
	"$@" >out.txt 2>err.txt
	local got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else no "$name (exit $got, want $want; stderr: $(head -c 300 err.txt))"; fi
}
has() { # NAME FILE REGEX
	if grep -qE -- "$3" "$2"; then ok "$1"; else no "$1 (no /$3/ in $2: $(head -c 300 "$2"))"; fi
}
same() { # NAME A B
	if [ "$2" = "$3" ]; then ok "$1"; else no "$1 ('$2' != '$3')"; fi
}
q() { sqlite3 a.db "$1"; }

"$bin" init --db a.db --demo >/dev/null || exit 1
ini=$(q "SELECT id FROM initiatives WHERE name='Buurtteam Jeugd Noord'")
sid=$(q "SELECT id FROM kpi_series WHERE name='Bereikte gezinnen'")
before=$(q "SELECT count(*) FROM kpi_values")

expect 0 "--help lists import kpi" "$bin" --help
has "--help shows the kpi import line" out.txt "^  import kpi --db FILE FILE\.csv"

# a good file: by name with the initiative (by name and by id), and by id
cat >good.csv <<CSV
series,initiative,date,value
Bereikte gezinnen,Buurtteam Jeugd Noord,2024-01-15,11
"Bereikte gezinnen",$ini,2024-02-15,"12,5"
CSV
printf 'seriesId,date,value\r\n%s,2024-03-15,13\r\n' "$sid" >ids.csv
expect 0 "a good file imports" "$bin" import kpi --db a.db good.csv
has "it says how many values" out.txt "^2 values imported \(2 new days, 0 replaced\)"
same "the values are stored" "$(q "SELECT group_concat(value, ' ') FROM (SELECT value FROM kpi_values WHERE series_id=$sid AND on_date LIKE '2024-%' ORDER BY on_date)")" "11.0 12.5"
same "as imported" "$(q "SELECT DISTINCT source FROM kpi_values WHERE series_id=$sid AND on_date LIKE '2024-%'")" import
expect 0 "by series id" "$bin" import kpi --db a.db ids.csv
expect 0 "the same file again replaces" "$bin" import kpi --db a.db good.csv
has "and says so" out.txt "0 new days, 2 replaced"
if grep -q 'import kpi: \[' err.txt; then no "no progress bar when stderr is not a terminal"; else ok "no progress bar when stderr is not a terminal"; fi
same "no progress bar: stderr empty" "$(wc -c <err.txt)" 0

# a bad line: named, and nothing of the file imported
n=$(q "SELECT count(*) FROM kpi_values")
cat >bad.csv <<CSV
series,initiative,date,value
Bereikte gezinnen,Buurtteam Jeugd Noord,2024-04-15,14
Bereikte gezinnen,Buurtteam Jeugd Noord,2024-04-31,15
CSV
expect 2 "a bad date is bad input" "$bin" import kpi --db a.db bad.csv
has "FILE:LINE: message" err.txt "^bad\.csv:3: the date is not a calendar date"
has "says nothing was imported" err.txt "nothing was imported"
same "nothing of the bad file is stored" "$(q "SELECT count(*) FROM kpi_values")" "$n"
printf 'series,initiative,date,value\nBereikte gezinnen,Buurtteam Jeugd Noord,2024-05-15,1\nOnbekend,Buurtteam Jeugd Noord,2024-05-15,1\n' >unknown.csv
expect 2 "an unknown series is bad input" "$bin" import kpi --db a.db unknown.csv
has "names the line of the unknown series" err.txt "^unknown\.csv:3: this initiative has no such series"
same "the good line before it is not stored either" "$(q "SELECT count(*) FROM kpi_values WHERE on_date='2024-05-15'")" 0
printf 'series,date,value\nBereikte gezinnen,2024-05-15,1\n' >noini.csv
expect 2 "a series by name needs its initiative" "$bin" import kpi --db a.db noini.csv
has "names the missing initiative" err.txt "^noini\.csv:2: a series named by name needs the initiative column"
printf 'naam,datum,waarde\nx,2024-01-01,1\n' >header.csv
expect 2 "a header without the columns" "$bin" import kpi --db a.db header.csv
has "names line 1" err.txt "^header\.csv:1: the header needs the columns"
printf 'seriesId,date,value\n%s,2024-06-01,veel\n' "$sid" >value.csv
expect 2 "a value that is not a number" "$bin" import kpi --db a.db value.csv
has "names the value" err.txt "^value\.csv:2: the value is not a number"
adopt=$(q "SELECT id FROM kpi_series WHERE kind='adoptie' LIMIT 1")
printf 'seriesId,date,value\n%s,2024-06-01,2.5\n' "$adopt" >adopt.csv
expect 2 "an adoption count must be whole" "$bin" import kpi --db a.db adopt.csv
has "says why" err.txt "^adopt\.csv:2: an adoption series counts organisations"

# usage, files, databases
expect 2 "without a file is bad usage" "$bin" import kpi --db a.db
expect 2 "without --db is bad usage" "$bin" import kpi good.csv
expect 2 "an unknown option is bad usage" "$bin" import kpi --db a.db --wat x good.csv
expect 2 "a missing file" "$bin" import kpi --db a.db nergens.csv
has "says the file cannot be read" err.txt "^nergens\.csv: cannot be read"
expect 1 "a database that does not exist" "$bin" import kpi --db geen.db good.csv
same "the demo values are untouched by the failures" "$(q "SELECT count(*) FROM kpi_values WHERE on_date NOT LIKE '2024-%'")" "$before"

# a progress bar on a terminal
if command -v script >/dev/null; then
	script -qec "\"$bin\" import kpi --db a.db good.csv" /dev/null >tty.txt 2>&1
	has "a progress bar on a terminal" tty.txt "import kpi: \[#+\] 100% \(2/2\)"
else
	ok "a progress bar on a terminal (skipped: no script(1))"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
