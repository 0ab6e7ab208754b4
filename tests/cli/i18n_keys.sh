#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# i18n_keys: every reason key the code can emit exists in both catalogues.
# Reasons and problem details are catalogue keys ("err.*") where they arise,
# so every "err.*" string literal in the C sources is one; each must be a
# key in the Dutch and in the English catalogue, with the same {params} in
# both. Catalogues are every i18n/**/nl.json and en.json (or *.nl.json, per
# module). Usage: i18n_keys.sh [binary] (the binary is not needed).
set -u
cd "$(dirname "$0")/../.."
pass=0
fail=0
no() { fail=$((fail + 1)); echo "FAIL $1" >&2; }

cat_files() { # lang: the catalogue files of one language
	find i18n -type f \( -name "$1.json" -o -name "*[._-]$1.json" \) | sort
}
nl_files=$(cat_files nl)
en_files=$(cat_files en)
if [ -z "$nl_files" ] || [ -z "$en_files" ]; then
	echo "FAIL no catalogues under i18n/" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

# The text of key in the files given (empty when absent); catalogues are
# flat objects with one "key": "text" member per line.
text_of() { # key files...
	local key=$1
	shift
	grep -h -F -- "\"$key\": " "$@" | head -1 | sed -E 's/^ *"[^"]*": "(.*)",?$/\1/'
}
params_of() { # text: its {params}, sorted
	printf '%s' "$1" | grep -oE '\{[a-z]+\}' | sort -u | tr '\n' ' '
}

keys=$(grep -rhoE '"err\.[A-Za-z0-9_.]+"' src --include='*.c' --include='*.h' | tr -d '"' | sort -u)
n=0
for key in $keys; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	nl=$(text_of "$key" $nl_files)
	# shellcheck disable=SC2086
	en=$(text_of "$key" $en_files)
	where=$(grep -rlF --include='*.c' --include='*.h' -e "\"$key\"" src | head -1)
	if [ -z "$nl" ]; then
		no "$key (used in $where) is missing from the Dutch catalogue"
	elif [ -z "$en" ]; then
		no "$key (used in $where) is missing from the English catalogue"
	elif [ "$(params_of "$nl")" != "$(params_of "$en")" ]; then
		no "$key: the Dutch text has params [ $(params_of "$nl")], the English one [ $(params_of "$en")]"
	else
		pass=$((pass + 1))
	fi
done

# the scan must see the keys of the field reader and of stats_io
for key in err.required err.min err.max err.type_integer err.stats.n_min err.stats.weights err.level; do
	if printf '%s\n' $keys | grep -qxF -- "$key"; then
		pass=$((pass + 1))
	else
		no "the scan did not find $key in src/"
	fi
done

# no reason is written as an English sentence where it arises: the
# problem_add calls pass a key (or a variable holding one)
english=$(grep -rnE 'problem_add(_params)?\([^;]*"[a-z][a-z ]+ [a-z]' src --include='*.c' | grep -v '"err\.' || true)
if [ -z "$english" ]; then
	pass=$((pass + 1))
else
	no "problem_add with an English reason: $english"
fi

echo "checked $n keys"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
