#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# stats_cli: `scalelab stats` against the real binary. Bad input must exit
# 2 with nothing on stdout and name the field on stderr; one good case per
# subcommand checks a reference value from R. Usage: stats_cli.sh [binary]
bin=${1:-./scalelab}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL $1: $2" >&2; }

# bad NAME SUBCOMMAND INPUT WANT: exit 2, empty stdout, stderr contains WANT
# (reasons are the English catalogue texts of the keys stats_io reports)
bad() {
	printf '%s' "$3" | "$bin" stats "$2" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 2 ]; then
		no "$1" "exit $rc, want 2"
	elif [ -s "$tmp/out" ]; then
		no "$1" "stdout not empty"
	elif ! grep -qF -- "$4" "$tmp/err"; then
		no "$1" "stderr lacks '$4': $(cat "$tmp/err")"
	else
		ok
	fi
}

# good NAME SUBCOMMAND INPUT WANT: exit 0, stdout contains WANT
good() {
	printf '%s' "$3" | "$bin" stats "$2" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		no "$1" "exit $rc: $(cat "$tmp/err")"
	elif ! grep -qF -- "$4" "$tmp/out"; then
		no "$1" "stdout lacks '$4'"
	else
		ok
	fi
}

arms='"control": {"n": 1000, "conversions": 100}, "treatment": {"n": 1000, "conversions": 120}'

bad missing_n ab '{"control": {"conversions": 1}, "treatment": {"n": 10, "conversions": 2}}' \
	'scalelab stats ab: control.n: Fill in this field.'
bad n_below_2 ab '{"control": {"n": 1, "conversions": 0}, "treatment": {"n": 10, "conversions": 2}}' \
	'control.n: Must be at least 2.'
bad negative_variance ab '{"metric": "mean", "control": {"n": 10, "mean": 1, "variance": -1}, "treatment": {"n": 10, "mean": 2, "variance": 1}}' \
	'control.variance: Must not be negative.'
bad conversions_over_n ab '{"control": {"n": 10, "conversions": 11}, "treatment": {"n": 10, "conversions": 2}}' \
	'control.conversions: Cannot be larger than the number of participants (n).'
bad negative_conversions ab '{"control": {"n": 10, "conversions": -1}, "treatment": {"n": 10, "conversions": 2}}' \
	'control.conversions: Must not be negative.'
bad alpha_out_of_range ab "{$arms, \"alpha\": 1.5}" 'alpha: Must be between 0 and 1.'
bad unknown_method ab "{$arms, \"method\": \"magic\"}" 'method: Choose frequentist, bayesian or sequential.'
bad unknown_metric ab "{$arms, \"metric\": \"median\"}" 'metric: Choose binomial, mean or ratio.'
bad wrong_type ab '{"control": {"n": "1000", "conversions": 100}, "treatment": {"n": 1000, "conversions": 120}}' \
	'control.n: Give a number.'
bad zero_control_conversions ab '{"control": {"n": 1000, "conversions": 0}, "treatment": {"n": 1000, "conversions": 5}}' \
	'control.conversions: Must not be 0'
bad not_json ab '{"control": ' 'stdin:1:'
bad not_an_object ab '[1, 2]' '(document): Must be an object.'
bad ttest_short ttest '{"x": [1], "y": [1, 2, 3]}' 'x: Give at least 2 values.'
bad ttest_element ttest '{"x": [1, "two", 3], "y": [1, 2, 3]}' 'x[1]: Give a number.'
bad power_p1_range power '{"p1": 1.2, "p2": 0.1}' 'p1: Must be between 0 and 1.'
bad power_nothing power '{}' 'p1: Give p1 and p2, or delta and sd, or mean1, mean2 and sd.'
bad srm_weights_len srm '{"observed": [10, 20], "weights": [1]}' 'weights: Give as many weights as observed counts.'
bad srm_negative srm '{"observed": [10, -20]}' 'observed[1]: Give a whole number of 0 or more.'

# ratio metrics and CUPED covariates
ratio_t='"treatment": {"n": 8, "mean_m": 39.375, "var_m": 221.69642857142858, "mean_d": 2.375, "var_d": 0.8392857142857143, "cov_md": 12.696428571428571}'
cov_t='"treatment": {"n": 8, "mean": 16.625, "variance": 7.125, "covariate": {"mean": 13.5, "variance": 6.571428571428571, "covariance": 6.785714285714286}}'
bad ratio_mean_d_zero ab "{\"metric\": \"ratio\", \"control\": {\"n\": 8, \"mean_m\": 35, \"var_m\": 274, \"mean_d\": 0, \"var_d\": 1, \"cov_md\": 1}, $ratio_t}" \
	'control.mean_d: Must not be 0'
bad ratio_negative_var ab "{\"metric\": \"ratio\", \"control\": {\"n\": 8, \"mean_m\": 35, \"var_m\": -274, \"mean_d\": 2, \"var_d\": 1, \"cov_md\": 1}, $ratio_t}" \
	'control.var_m: Must not be negative.'
bad ratio_n_below_2 ab "{\"metric\": \"ratio\", \"control\": {\"n\": 1, \"mean_m\": 35, \"var_m\": 274, \"mean_d\": 2, \"var_d\": 1, \"cov_md\": 1}, $ratio_t}" \
	'control.n: Must be at least 2.'
bad ratio_not_a_number ab "{\"metric\": \"ratio\", \"control\": {\"n\": 8, \"mean_m\": 35, \"var_m\": 274, \"mean_d\": 2, \"var_d\": 1, \"cov_md\": \"1\"}, $ratio_t}" \
	'control.cov_md: Give a number.'
bad ratio_variance_negative ab "{\"metric\": \"ratio\", \"control\": {\"n\": 8, \"mean_m\": 1, \"var_m\": 1, \"mean_d\": 1, \"var_d\": 1, \"cov_md\": 2}, $ratio_t}" \
	'control.cov_md: Makes the variance of the ratio negative'
bad ratio_all_at_once ab "{\"metric\": \"ratio\", \"control\": {\"n\": 8, \"mean_m\": 35, \"var_m\": 274, \"mean_d\": 0, \"var_d\": -1}, $ratio_t}" \
	'control.var_d: Must not be negative.'
grep -qF 'control.mean_d: Must not be 0' "$tmp/err" && grep -qF 'control.cov_md: Fill in this field.' "$tmp/err" && ok ||
	no ratio_all_at_once "not every bad field named: $(cat "$tmp/err")"
bad covariate_one_arm ab "{\"metric\": \"mean\", \"control\": {\"n\": 8, \"mean\": 13.875, \"variance\": 12.125}, $cov_t}" \
	'control.covariate: Give a covariate in both groups or in neither.'
bad covariate_negative_var ab "{\"metric\": \"mean\", \"control\": {\"n\": 8, \"mean\": 13.875, \"variance\": 12.125, \"covariate\": {\"mean\": 12, \"variance\": -9, \"covariance\": 1}}, $cov_t}" \
	'control.covariate.variance: Must not be negative.'
bad covariate_not_a_number ab "{\"metric\": \"mean\", \"control\": {\"n\": 8, \"mean\": 13.875, \"variance\": 12.125, \"covariate\": {\"mean\": null, \"variance\": 9, \"covariance\": true}}, $cov_t}" \
	'control.covariate.covariance: Give a number.'
bad covariate_impossible ab "{\"metric\": \"mean\", \"control\": {\"n\": 8, \"mean\": 13.875, \"variance\": 12.125, \"covariate\": {\"mean\": 12, \"variance\": 9, \"covariance\": 11}}, $cov_t}" \
	'control.covariate.covariance: Cannot be larger in size than'
bad covariate_on_binomial ab '{"control": {"n": 10, "conversions": 2, "covariate": {"mean": 1, "variance": 1, "covariance": 0}}, "treatment": {"n": 10, "conversions": 3}}' \
	'control.covariate: A covariate (CUPED) only goes with metric mean.'

# per-unit references computed with exact rationals (tests/unit/test_stats_io.c)
good ratio_lift ab "{\"metric\": \"ratio\", \"control\": {\"n\": 8, \"mean_m\": 35, \"var_m\": 274, \"mean_d\": 2.375, \"var_d\": 1.125, \"cov_md\": 17.142857142857142}, $ratio_t}" \
	'"se": 0.0699297475101'
good cuped_theta ab "{\"metric\": \"mean\", \"control\": {\"n\": 8, \"mean\": 13.875, \"variance\": 12.125, \"covariate\": {\"mean\": 12.125, \"variance\": 8.982142857142858, \"covariance\": 10.303571428571429}}, $cov_t}" \
	'"theta": 1.09873708381171'
grep -qF '"variance_reduction": 0.975409451955' "$tmp/out" && grep -qF '"lift": 0.0847029511155' "$tmp/out" && ok ||
	no cuped_theta "variance_reduction or adjusted lift wrong: $(cat "$tmp/out")"

# reference values from R (issue 5)
good ab_frequentist ab "{$arms}" '"p_value": 0.192199036386'
good ab_bayesian ab "{$arms, \"method\": \"bayesian\"}" '"chance_to_win": 0.90390048'
good ab_sequential ab "{$arms, \"method\": \"sequential\", \"tuning\": 5000}" '"half_width": 0.47906999'
good ttest_sleep ttest '{"x": [0.7,-1.6,-0.2,-1.2,-0.1,3.4,3.7,0.8,0.0,2.0], "y": [1.9,0.8,1.1,0.1,-0.1,4.4,5.5,1.6,4.6,3.4]}' \
	'"t": -1.8608134'
good power_prop power '{"p1": 0.10, "p2": 0.12, "power": 0.8}' '"n": 3840.8474'
good srm_chisq srm '{"observed": [50000, 51000]}' '"p_value": 0.0016518987'

help=$("$bin" stats --help)
missing=""
for f in observed tuning ratio mean_m var_m mean_d var_d cov_md covariate covariance cuped theta variance_reduction; do
	printf '%s' "$help" | grep -qF -- "$f" || missing="$missing $f"
done
if [ -z "$missing" ]; then
	ok
else
	no help "--help does not document:$missing"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
