/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * businesscase_export: a case as an XLSX workbook with live formulas (so a
 * controller can check every number in a spreadsheet) or as CSV (the
 * wrong-pocket matrix). Every formula is written with its cached result,
 * the figure the product computed, so readers that do not recalculate show
 * the same numbers. The workbook is written by libxlsxwriter into an
 * anonymous memory file (memfd), never onto the disk. Sheets and formulas:
 * docs/businesscase.md.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "api/businesscase.h"
#include "domain/csv.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/problem.h"
#include "lib/util.h"

/* Column letters of a 0-based column (A..ZZ). */
static void col_name(int col, char out[4])
{
	if (col < 26)
		snprintf(out, 4, "%c", 'A' + col);
	else
		snprintf(out, 4, "%c%c", 'A' + col / 26 - 1, 'A' + col % 26);
}

/* "A1"-style reference of a 0-based cell, optionally absolute. */
static void ref(int row, int col, int abs, char out[16])
{
	char c[4];
	col_name(col, c);
	snprintf(out, 16, abs ? "$%s$%d" : "%s%d", c, row + 1);
}

struct book {
	lxw_workbook *wb;
	lxw_format *bold, *money, *pct, *factor, *wrap;
	const struct bc_calc *k;
	int nl; /* number of lines */
	int np; /* number of parties */
	int h;	/* horizon */
};

#define YEAR_COL 5 /* lines sheets: column F holds year 0 */
#define FIRST 1	   /* first data row (0-based), under the header */

static double eur(int64_t cents)
{
	return (double)cents / 100.0;
}

/* Lines: party, kind, category, label, source, year 0..H (euros), total,
 * best, worst. The scenario sheets hold each line-year times its
 * multiplier, rounded to the cent as the product does. */
static void lines_sheet(struct book *b, const char *name, enum bc_scenario s)
{
	const struct bc_calc *k = b->k;
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
	const char *head[] = {"Partij", "Soort", "Categorie", "Omschrijving", "Bron"};
	for (int i = 0; i < 5; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, head[i], b->bold);
	char t[64], f[256], r1[16], r2[16];
	for (int y = 0; y <= b->h; y++) {
		snprintf(t, sizeof t, "Jaar %d", y);
		worksheet_write_string(ws, 0, (lxw_col_t)(YEAR_COL + y), t, b->bold);
	}
	int tc = YEAR_COL + b->h + 1;
	worksheet_write_string(ws, 0, (lxw_col_t)tc, "Totaal", b->bold);
	worksheet_write_string(ws, 0, (lxw_col_t)(tc + 1), "Factor gunstig", b->bold);
	worksheet_write_string(ws, 0, (lxw_col_t)(tc + 2), "Factor ongunstig", b->bold);
	worksheet_set_column(ws, 0, 0, 24, NULL);
	worksheet_set_column(ws, 3, 4, 36, NULL);
	worksheet_freeze_panes(ws, 1, 1);
	for (int i = 0; i < b->nl; i++) {
		const struct bc_line_rec *l = &k->c.lines[i];
		const struct bc_line *m = &k->lines[i];
		int row = FIRST + i;
		worksheet_write_string(ws, (lxw_row_t)row, 0,
				       m->party >= 0 ? k->c.parties[m->party].name : "", NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 1, bc_kind_name(l->kind), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 2, bc_category_name(l->category), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 3, l->label, NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 4, l->source, b->wrap);
		double sum = 0;
		for (int y = 0; y <= b->h; y++) {
			int64_t v = bc_line_flow(m, y, s);
			v = v < 0 ? -v : v;
			sum += eur(v);
			if (s == BC_SCENARIO_BASIS) {
				worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)(YEAR_COL + y), eur(v),
						       b->money);
			} else {
				ref(row, YEAR_COL + y, 0, r1);
				ref(row, s == BC_SCENARIO_GUNSTIG ? tc + 1 : tc + 2, 1, r2);
				snprintf(f, sizeof f, "=ROUND(Regels!%s*Regels!%s,2)", r1, r2);
				worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)(YEAR_COL + y), f,
							    b->money, eur(v));
			}
		}
		ref(row, YEAR_COL, 0, r1);
		ref(row, YEAR_COL + b->h, 0, r2);
		snprintf(f, sizeof f, "=SUM(%s:%s)", r1, r2);
		worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)tc, f, b->money, sum);
		worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)(tc + 1), m->best, b->factor);
		worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)(tc + 2), m->worst, b->factor);
	}
}

/* Rows of a matrix sheet: 0 header, 1 year numbers, 2 discount factors,
 * 3.. parties, then the total. Columns: A name, B.. years, then NPV,
 * payback and break-even (base only). */
#define M_YEARS 1
#define M_FACTOR 2
#define M_PARTY 3

static void matrix_sheet(struct book *b, const char *name, const char *lines, enum bc_scenario s)
{
	const struct bc_calc *k = b->k;
	const struct bc_party_result *r = k->res[s];
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
	char f[512], a[16], c1[16], c2[16], t[64];
	int npv_col = 1 + b->h + 1, last_line = FIRST + (b->nl ? b->nl : 1);
	worksheet_write_string(ws, 0, 0, "Partij", b->bold);
	worksheet_write_string(ws, M_YEARS, 0, "Jaar", b->bold);
	worksheet_write_string(ws, M_FACTOR, 0, "Disconteringsfactor", b->bold);
	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)(npv_col + 2), 13, NULL);
	worksheet_freeze_panes(ws, 3, 1);
	for (int y = 0; y <= b->h; y++) {
		snprintf(t, sizeof t, "Jaar %d", y);
		worksheet_write_string(ws, 0, (lxw_col_t)(1 + y), t, b->bold);
		worksheet_write_number(ws, M_YEARS, (lxw_col_t)(1 + y), y, NULL);
		ref(M_YEARS, 1 + y, 0, a);
		snprintf(f, sizeof f, "=1/(1+Uitgangspunten!$B$1)^%s", a);
		worksheet_write_formula_num(ws, M_FACTOR, (lxw_col_t)(1 + y), f, b->factor,
					    bc_factor(k->c.rate, y));
	}
	worksheet_write_string(ws, 0, (lxw_col_t)npv_col, "NCW", b->bold);
	if (s == BC_SCENARIO_BASIS) {
		worksheet_write_string(ws, 0, (lxw_col_t)(npv_col + 1), "Terugverdienjaar", b->bold);
		worksheet_write_string(ws, 0, (lxw_col_t)(npv_col + 2), "Break-even-jaar", b->bold);
	}
	int64_t tot_net[BC_HORIZON_MAX + 1] = {0};
	for (int p = 0; p <= b->np; p++) {
		int row = M_PARTY + p, is_total = p == b->np;
		worksheet_write_string(ws, (lxw_row_t)row, 0, is_total ? "Totaal" : k->c.parties[p].name,
				       is_total ? b->bold : NULL);
		for (int y = 0; y <= b->h; y++) {
			char col[4];
			col_name(YEAR_COL + y, col);
			if (is_total) {
				ref(M_PARTY, 1 + y, 0, c1);
				ref(M_PARTY + b->np - 1, 1 + y, 0, c2);
				if (b->np)
					snprintf(f, sizeof f, "=SUM(%s:%s)", c1, c2);
				else
					snprintf(f, sizeof f, "=0");
				worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)(1 + y), f,
							    b->money, eur(tot_net[y]));
				continue;
			}
			ref(row, 0, 0, a);
			snprintf(f, sizeof f,
				 "=SUMIFS(%s!%s$2:%s$%d,%s!$A$2:$A$%d,$%s,%s!$B$2:$B$%d,\"baten\")"
				 "-SUMIFS(%s!%s$2:%s$%d,%s!$A$2:$A$%d,$%s,%s!$B$2:$B$%d,\"kosten\")",
				 lines, col, col, last_line, lines, last_line, a, lines, last_line, lines,
				 col, col, last_line, lines, last_line, a, lines, last_line);
			worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)(1 + y), f, b->money,
						    eur(r[p].net[y]));
			tot_net[y] += r[p].net[y];
		}
		ref(row, 1, 0, c1);
		ref(row, 1 + b->h, 0, c2);
		if (is_total) {
			char p1[16], p2[16];
			ref(M_PARTY, npv_col, 0, p1);
			ref(M_PARTY + b->np - 1, npv_col, 0, p2);
			if (b->np)
				snprintf(f, sizeof f, "=SUM(%s:%s)", p1, p2);
			else
				snprintf(f, sizeof f, "=0");
			worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)npv_col, f, b->money,
						    eur(k->total[s]));
		} else {
			char d1[16], d2[16];
			ref(M_FACTOR, 1, 1, d1);
			ref(M_FACTOR, 1 + b->h, 1, d2);
			snprintf(f, sizeof f, "=ROUND(SUMPRODUCT(%s:%s,%s:%s),2)", c1, c2, d1, d2);
			worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)npv_col, f, b->money,
						    eur(r[p].npv));
		}
	}
}

/* Payback and break-even with formulas: per party (and the total) the
 * cumulative flow, the discounted cumulative flow and for each a row of
 * flags "stays >= 0 from this year on"; the year is H + 1 - the flags' sum. */
static void payback_sheet(struct book *b)
{
	const struct bc_calc *k = b->k;
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Terugverdientijd");
	char f[512], a[16], p[16], t[96];
	worksheet_write_string(ws, 0, 0, "Reeks", b->bold);
	worksheet_set_column(ws, 0, 0, 44, NULL);
	for (int y = 0; y <= b->h; y++) {
		snprintf(t, sizeof t, "Jaar %d", y);
		worksheet_write_string(ws, 0, (lxw_col_t)(1 + y), t, b->bold);
	}
	int res_col = b->h + 2, npv_col = 1 + b->h + 1;
	worksheet_write_string(ws, 0, (lxw_col_t)res_col, "Jaar", b->bold);
	lxw_worksheet *m = workbook_get_worksheet_by_name(b->wb, "Matrix");
	for (int q = 0; q <= b->np; q++) {
		int mrow = M_PARTY + q, base = 1 + q * 4, is_total = q == b->np;
		const char *nm = is_total ? "Totaal" : k->c.parties[q].name;
		int64_t net[BC_HORIZON_MAX + 1] = {0};
		if (is_total) {
			for (int i = 0; i < b->np; i++)
				for (int y = 0; y <= b->h; y++)
					net[y] += k->res[BC_SCENARIO_BASIS][i].net[y];
		} else {
			memcpy(net, k->res[BC_SCENARIO_BASIS][q].net, sizeof net);
		}
		const char *what[] = {"cumulatief", "stand >= 0 vanaf hier", "cumulatief contant",
				      "contant >= 0 vanaf hier"};
		for (int j = 0; j < 4; j++) {
			snprintf(t, sizeof t, "%s: %s", nm, what[j]);
			worksheet_write_string(ws, (lxw_row_t)(base + j), 0, t, NULL);
		}
		double cum = 0, dcum = 0, cv[BC_HORIZON_MAX + 1], dv[BC_HORIZON_MAX + 1];
		for (int y = 0; y <= b->h; y++) {
			cum += eur(net[y]);
			dcum += eur(net[y]) * bc_factor(k->c.rate, y);
			cv[y] = cum;
			dv[y] = dcum;
			ref(mrow, 1 + y, 0, a);
			ref(base, y, 0, p);
			if (y == 0)
				snprintf(f, sizeof f, "=Matrix!%s", a);
			else
				snprintf(f, sizeof f, "=%s+Matrix!%s", p, a);
			worksheet_write_formula_num(ws, (lxw_row_t)base, (lxw_col_t)(1 + y), f, b->money,
						    cum);
			char d[16];
			ref(M_FACTOR, 1 + y, 0, d);
			ref(base + 2, y, 0, p);
			if (y == 0)
				snprintf(f, sizeof f, "=Matrix!%s*Matrix!%s", a, d);
			else
				snprintf(f, sizeof f, "=%s+Matrix!%s*Matrix!%s", p, a, d);
			worksheet_write_formula_num(ws, (lxw_row_t)(base + 2), (lxw_col_t)(1 + y), f,
						    b->money, dcum);
		}
		/* flags right to left: this year >= 0 and every later one too */
		int fl = 1, dfl = 1;
		int nfl = 0, ndfl = 0;
		for (int y = b->h; y >= 0; y--) {
			fl = fl && round(cv[y] * 100) >= 0;
			dfl = dfl && dv[y] >= -1e-8;
			nfl += fl;
			ndfl += dfl;
			char cur[16], nxt[16];
			ref(base, 1 + y, 0, cur);
			ref(base + 1, 2 + y, 0, nxt);
			if (y == b->h)
				snprintf(f, sizeof f, "=IF(ROUND(%s,2)>=0,1,0)", cur);
			else
				snprintf(f, sizeof f, "=IF(AND(ROUND(%s,2)>=0,%s=1),1,0)", cur, nxt);
			worksheet_write_formula_num(ws, (lxw_row_t)(base + 1), (lxw_col_t)(1 + y), f, NULL,
						    fl);
			ref(base + 2, 1 + y, 0, cur);
			ref(base + 3, 2 + y, 0, nxt);
			if (y == b->h)
				snprintf(f, sizeof f, "=IF(%s>=-0.00000001,1,0)", cur);
			else
				snprintf(f, sizeof f, "=IF(AND(%s>=-0.00000001,%s=1),1,0)", cur, nxt);
			worksheet_write_formula_num(ws, (lxw_row_t)(base + 3), (lxw_col_t)(1 + y), f, NULL,
						    dfl);
		}
		for (int j = 1; j <= 3; j += 2) {
			char s1[16], s2[16];
			ref(base + j, 1, 0, s1);
			ref(base + j, 1 + b->h, 0, s2);
			int n = j == 1 ? nfl : ndfl;
			snprintf(f, sizeof f, "=IF(SUM(%s:%s)=0,\"\",%d-SUM(%s:%s))", s1, s2, b->h + 1, s1,
				 s2);
			if (n)
				worksheet_write_formula_num(ws, (lxw_row_t)(base + j), (lxw_col_t)res_col, f,
							    NULL, b->h + 1 - n);
			else
				worksheet_write_formula_str(ws, (lxw_row_t)(base + j), (lxw_col_t)res_col, f,
							    NULL, "");
			/* the matrix shows the year beside the NPV */
			ref(base + j, res_col, 0, s1);
			snprintf(f, sizeof f, "=Terugverdientijd!%s", s1);
			lxw_col_t mc = (lxw_col_t)(npv_col + (j == 1 ? 1 : 2));
			if (n)
				worksheet_write_formula_num(m, (lxw_row_t)mrow, mc, f, NULL, b->h + 1 - n);
			else
				worksheet_write_formula_str(m, (lxw_row_t)mrow, mc, f, NULL, "");
		}
	}
}

/* NPV per party at the case's rate and one point either side: a row of
 * factors per rate and SUMPRODUCT with the base matrix. */
static void sensitivity_sheet(struct book *b)
{
	const struct bc_calc *k = b->k;
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Gevoeligheid");
	char f[256], a[16], c1[16], c2[16], d1[16], d2[16], t[64];
	worksheet_write_string(ws, 0, 0, "Discontovoet", b->bold);
	worksheet_set_column(ws, 0, 0, 28, NULL);
	for (int y = 0; y <= b->h; y++) {
		snprintf(t, sizeof t, "Factor jaar %d", y);
		worksheet_write_string(ws, 0, (lxw_col_t)(1 + y), t, b->bold);
	}
	struct bc_party_result *r = xcalloc((size_t)b->np + 1, sizeof *r);
	for (int d = -1; d <= 1; d++) {
		int row = 2 + d;
		double rate = k->c.rate + d * 0.01;
		snprintf(f, sizeof f, "=Uitgangspunten!$B$1%s", d < 0 ? "-0.01" : d > 0 ? "+0.01" : "");
		worksheet_write_formula_num(ws, (lxw_row_t)row, 0, f, b->pct, rate);
		for (int y = 0; y <= b->h; y++) {
			ref(row, 0, 1, a);
			ref(M_YEARS, 1 + y, 0, c1);
			snprintf(f, sizeof f, "=1/(1+$A$%d)^Matrix!%s", row + 1, c1);
			worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)(1 + y), f, b->factor,
						    bc_factor(rate, y));
		}
	}
	int top = 5;
	worksheet_write_string(ws, (lxw_row_t)top, 0, "NCW per partij", b->bold);
	for (int d = -1; d <= 1; d++) {
		ref(2 + d, 0, 0, a);
		snprintf(f, sizeof f, "=%s", a);
		worksheet_write_formula_num(ws, (lxw_row_t)top, (lxw_col_t)(2 + d), f, b->pct,
					    k->c.rate + d * 0.01);
	}
	for (int d = -1; d <= 1; d++) {
		int64_t total;
		bc_evaluate(&k->in, BC_SCENARIO_BASIS, k->c.rate + d * 0.01, r, &total);
		for (int p = 0; p <= b->np; p++) {
			int row = top + 1 + p;
			if (d == -1)
				worksheet_write_string(ws, (lxw_row_t)row, 0,
						       p == b->np ? "Totaal" : k->c.parties[p].name,
						       p == b->np ? b->bold : NULL);
			if (p == b->np) {
				ref(top + 1, 2 + d, 0, c1);
				ref(top + b->np, 2 + d, 0, c2);
				if (b->np)
					snprintf(f, sizeof f, "=SUM(%s:%s)", c1, c2);
				else
					snprintf(f, sizeof f, "=0");
				worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)(2 + d), f,
							    b->money, eur(total));
				continue;
			}
			ref(M_PARTY + p, 1, 0, c1);
			ref(M_PARTY + p, 1 + b->h, 0, c2);
			ref(2 + d, 1, 1, d1);
			ref(2 + d, 1 + b->h, 1, d2);
			snprintf(f, sizeof f, "=ROUND(SUMPRODUCT(Matrix!%s:%s,%s:%s),2)", c1, c2, d1, d2);
			worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)(2 + d), f, b->money,
						    eur(r[p].npv));
		}
	}
	free(r);
}

/* The deal: the transfers as values, and per party what it receives and
 * pays and its NPV after the deal as formulas. */
static void deal_sheet(struct book *b)
{
	const struct bc_calc *k = b->k;
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Deal");
	int n = b->np;
	int64_t *npv = xcalloc((size_t)n + 1, sizeof *npv), moved = 0;
	for (int i = 0; i < n; i++)
		npv[i] = k->res[BC_SCENARIO_BASIS][i].npv;
	struct bc_transfer *t = xcalloc((size_t)n + 1, sizeof *t);
	int m = bc_deal(npv, n, t, &moved);
	worksheet_set_column(ws, 0, 1, 28, NULL);
	worksheet_set_column(ws, 2, 5, 16, NULL);
	if (m < 0) {
		worksheet_write_string(
		    ws, 0, 0,
		    "Geen deal mogelijk: de totale netto contante waarde is negatief, dus geen "
		    "verdeling maakt elke partij heel.",
		    NULL);
		m = 0;
	}
	worksheet_write_string(ws, 1, 0, "Van", b->bold);
	worksheet_write_string(ws, 1, 1, "Naar", b->bold);
	worksheet_write_string(ws, 1, 2, "Bedrag", b->bold);
	for (int j = 0; j < m; j++) {
		worksheet_write_string(ws, (lxw_row_t)(2 + j), 0, k->c.parties[t[j].from].name, NULL);
		worksheet_write_string(ws, (lxw_row_t)(2 + j), 1, k->c.parties[t[j].to].name, NULL);
		worksheet_write_number(ws, (lxw_row_t)(2 + j), 2, eur(t[j].cents), b->money);
	}
	int last = 2 + (m ? m : 1), top = last + 2;
	const char *head[] = {"Partij", "NCW", "Ontvangt", "Betaalt", "NCW na deal"};
	for (int i = 0; i < 5; i++)
		worksheet_write_string(ws, (lxw_row_t)top, (lxw_col_t)i, head[i], b->bold);
	char f[256], a[16], npvref[16];
	int npv_col = 1 + b->h + 1;
	for (int p = 0; p < n; p++) {
		int row = top + 1 + p;
		int64_t in = 0, out = 0;
		for (int j = 0; j < m; j++) {
			in += t[j].to == p ? t[j].cents : 0;
			out += t[j].from == p ? t[j].cents : 0;
		}
		worksheet_write_string(ws, (lxw_row_t)row, 0, k->c.parties[p].name, NULL);
		ref(M_PARTY + p, npv_col, 0, npvref);
		snprintf(f, sizeof f, "=Matrix!%s", npvref);
		worksheet_write_formula_num(ws, (lxw_row_t)row, 1, f, b->money, eur(npv[p]));
		ref(row, 0, 0, a);
		snprintf(f, sizeof f, "=SUMIFS($C$3:$C$%d,$B$3:$B$%d,%s)", last, last, a);
		worksheet_write_formula_num(ws, (lxw_row_t)row, 2, f, b->money, eur(in));
		snprintf(f, sizeof f, "=SUMIFS($C$3:$C$%d,$A$3:$A$%d,%s)", last, last, a);
		worksheet_write_formula_num(ws, (lxw_row_t)row, 3, f, b->money, eur(out));
		snprintf(f, sizeof f, "=B%d+C%d-D%d", row + 1, row + 1, row + 1);
		worksheet_write_formula_num(ws, (lxw_row_t)row, 4, f, b->money, eur(npv[p] + in - out));
	}
	free(npv);
	free(t);
}

/* Unit economics: the inputs, each figure as a formula, and cash over 36
 * months in the three scenarios. */
static void unit_sheet(struct book *b)
{
	const struct bc_calc *k = b->k;
	if (!k->c.has_unit)
		return;
	const struct bc_unit_rec *u = &k->c.unit;
	struct bc_unit_in in = {(double)u->arpa_cents,
				u->margin,
				u->churn,
				(double)u->cac_cents,
				u->customers,
				u->new_per_month,
				(double)u->cash_cents,
				(double)u->fixed_cents};
	struct bc_unit_out o;
	bc_unit(&in, &o);
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Eenheidseconomie");
	worksheet_set_column(ws, 0, 0, 44, NULL);
	worksheet_set_column(ws, 1, 4, 16, NULL);
	struct {
		const char *label;
		double v;
		lxw_format *fmt;
	} inputs[] = {
	    {"ARPA per maand (B1)", eur(u->arpa_cents), b->money},
	    {"Brutomarge (B2)", u->margin, b->pct},
	    {"Churn per maand (B3)", u->churn, b->pct},
	    {"CAC (B4)", eur(u->cac_cents), b->money},
	    {"Afnemers nu (B5)", u->customers, NULL},
	    {"Nieuwe afnemers per maand (B6)", u->new_per_month, NULL},
	    {"Kas nu (B7)", eur(u->cash_cents), b->money},
	    {"Overige kosten per maand (B8)", eur(u->fixed_cents), b->money},
	};
	for (int i = 0; i < 8; i++) {
		worksheet_write_string(ws, (lxw_row_t)i, 0, inputs[i].label, NULL);
		worksheet_write_number(ws, (lxw_row_t)i, 1, inputs[i].v, inputs[i].fmt);
	}
	struct {
		const char *label, *f;
		double v;
		lxw_format *fmt;
	} out[] = {
	    {"LTV = ARPA x marge / churn", "=IF(B3>0,B1*B2/B3,\"\")", o.ltv / 100, b->money},
	    {"LTV/CAC", "=IF(AND(B3>0,B4>0),B10/B4,\"\")", o.ltv_cac, b->factor},
	    {"CAC-terugverdientijd (maanden) = CAC / (ARPA x marge)", "=IF(B1*B2>0,B4/(B1*B2),\"\")",
	     o.cac_payback, b->factor},
	    {"Burn per maand = overige kosten + nieuwe x CAC - afnemers x ARPA x marge", "=B8+B6*B4-B5*B1*B2",
	     o.burn / 100, b->money},
	    {"Runway (maanden) = kas / burn", "=IF(B13>0,B7/B13,\"\")", o.runway, b->factor},
	    {"Netto nieuwe ARR per maand = (nieuwe - afnemers x churn) x ARPA x 12", "=(B6-B5*B3)*B1*12",
	     o.net_new_arr / 100, b->money},
	    {"Burn multiple = burn / netto nieuwe ARR", "=IF(AND(B13>0,B15>0),B13/B15,\"\")", o.burn_multiple,
	     b->factor},
	};
	for (int i = 0; i < 7; i++) {
		lxw_row_t row = (lxw_row_t)(9 + i);
		worksheet_write_string(ws, row, 0, out[i].label, NULL);
		if (isfinite(out[i].v))
			worksheet_write_formula_num(ws, row, 1, out[i].f, out[i].fmt, out[i].v);
		else
			worksheet_write_formula_str(ws, row, 1, out[i].f, out[i].fmt, "");
	}
	/* cash: columns B..D the scenarios, with their multipliers on new adopters and churn */
	int top = 18;
	worksheet_write_string(ws, (lxw_row_t)top, 0, "Maand", b->bold);
	double cash[3][BC_CASH_MONTHS + 1];
	for (int s = 0; s < 3; s++) {
		double nf, cf;
		bc_unit_scenario((enum bc_scenario)(s + 1), &nf, &cf);
		bc_unit_cash(&in, (enum bc_scenario)(s + 1), BC_CASH_MONTHS, cash[s]);
		char col[4], f[320];
		col_name(1 + s, col);
		worksheet_write_string(ws, (lxw_row_t)top, (lxw_col_t)(1 + s),
				       bc_scenario_name((enum bc_scenario)(s + 1)), b->bold);
		worksheet_write_string(ws, (lxw_row_t)(top - 2), (lxw_col_t)(1 + s), "factor nieuw / churn",
				       NULL);
		worksheet_write_number(ws, (lxw_row_t)(top - 1), (lxw_col_t)(1 + s), nf, b->factor);
		worksheet_write_number(ws, (lxw_row_t)(top - 1), (lxw_col_t)(4 + s), cf, b->factor);
		/* afnemers per maand in columns H..J */
		char ccol[4];
		col_name(7 + s, ccol);
		worksheet_write_string(ws, (lxw_row_t)top, (lxw_col_t)(7 + s), "afnemers", b->bold);
		for (int m = 0; m <= BC_CASH_MONTHS; m++) {
			lxw_row_t row = (lxw_row_t)(top + 1 + m);
			if (s == 0)
				worksheet_write_number(ws, row, 0, m, NULL);
			if (m == 0) {
				worksheet_write_formula_num(ws, row, (lxw_col_t)(1 + s), "=$B$7", b->money,
							    cash[s][0] / 100);
				worksheet_write_formula_num(ws, row, (lxw_col_t)(7 + s), "=$B$5", NULL,
							    u->customers);
				continue;
			}
			/* cash: last month's + adopters at the month's start x ARPA x margin - costs */
			snprintf(f, sizeof f, "=%s%d+%s%d*$B$1*$B$2-$B$8-$B$6*%s$%d*$B$4", col, (int)row,
				 ccol, (int)row, col, top);
			worksheet_write_formula_num(ws, row, (lxw_col_t)(1 + s), f, b->money,
						    cash[s][m] / 100);
			char cf_col[4];
			col_name(4 + s, cf_col);
			snprintf(f, sizeof f, "=%s%d*(1-MIN(1,$B$3*%s$%d))+$B$6*%s$%d", ccol, (int)row,
				 cf_col, top, col, top);
			double cust = u->customers, churn = fmin(1.0, u->churn * cf);
			for (int i = 0; i < m; i++)
				cust = cust * (1 - churn) + u->new_per_month * nf;
			worksheet_write_formula_num(ws, row, (lxw_col_t)(7 + s), f, NULL, cust);
		}
	}
}

/* The workbook's bytes into *out (a JSON string of raw bytes); 0 or -ERR_IO. */
static int workbook_bytes(const struct bc_calc *k, json_t **out)
{
	int fd = memfd_create("scalelab-businesscase", MFD_CLOEXEC);
	if (fd < 0) {
		log_error("businesscase export: memfd_create: %s", strerror(errno));
		return -ERR_IO;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	struct book b = {.k = k, .nl = (int)k->c.n_lines, .np = (int)k->c.n_parties, .h = k->c.horizon};
	b.wb = workbook_new(path);
	if (!b.wb) {
		close(fd);
		return -ERR_IO;
	}
	b.bold = workbook_add_format(b.wb);
	format_set_bold(b.bold);
	b.money = workbook_add_format(b.wb);
	format_set_num_format(b.money, "#,##0.00");
	b.pct = workbook_add_format(b.wb);
	format_set_num_format(b.pct, "0.00%");
	b.factor = workbook_add_format(b.wb);
	format_set_num_format(b.factor, "0.0000");
	b.wrap = workbook_add_format(b.wb);
	format_set_text_wrap(b.wrap);

	lxw_worksheet *a = workbook_add_worksheet(b.wb, "Uitgangspunten");
	worksheet_set_column(a, 0, 0, 26, NULL);
	worksheet_set_column(a, 1, 1, 60, NULL);
	worksheet_write_number(a, 0, 1, k->c.rate, b.pct);
	worksheet_write_string(a, 0, 0, "Discontovoet", b.bold);
	worksheet_write_string(a, 1, 0, "Bron discontovoet", b.bold);
	worksheet_write_string(a, 1, 1, k->c.rate_source, b.wrap);
	worksheet_write_string(a, 2, 0, "Datum bron", b.bold);
	worksheet_write_string(a, 2, 1, k->c.rate_date, NULL);
	worksheet_write_string(a, 3, 0, "Horizon (jaren)", b.bold);
	worksheet_write_number(a, 3, 1, k->c.horizon, NULL);
	worksheet_write_string(a, 4, 0, "Businesscase", b.bold);
	worksheet_write_string(a, 4, 1, k->c.name, NULL);
	worksheet_write_string(a, 5, 0, "Initiatief", b.bold);
	worksheet_write_string(a, 5, 1, k->c.initiative_name, NULL);
	worksheet_write_string(a, 6, 0, "Conventies", b.bold);
	worksheet_write_string(
	    a, 6, 1,
	    "Bedragen in euro; kasstromen aan het eind van het jaar; jaar 0 niet "
	    "verdisconteerd; NCW per partij afgerond op centen, totaal = som van de partijen.",
	    b.wrap);
	lines_sheet(&b, "Regels", BC_SCENARIO_BASIS);
	lines_sheet(&b, "Regels_gunstig", BC_SCENARIO_GUNSTIG);
	lines_sheet(&b, "Regels_ongunstig", BC_SCENARIO_ONGUNSTIG);
	matrix_sheet(&b, "Matrix", "Regels", BC_SCENARIO_BASIS);
	matrix_sheet(&b, "Matrix_gunstig", "Regels_gunstig", BC_SCENARIO_GUNSTIG);
	matrix_sheet(&b, "Matrix_ongunstig", "Regels_ongunstig", BC_SCENARIO_ONGUNSTIG);
	payback_sheet(&b);
	sensitivity_sheet(&b);
	deal_sheet(&b);
	unit_sheet(&b);
	lxw_error e = workbook_close(b.wb);
	if (e != LXW_NO_ERROR) {
		log_error("businesscase export: %s", lxw_strerror(e));
		close(fd);
		return -ERR_IO;
	}
	off_t size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -ERR_IO;
	}
	char *data = xmalloc((size_t)size);
	size_t got = 0;
	while (got < (size_t)size) {
		ssize_t r = read(fd, data + got, (size_t)size - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got != (size_t)size) {
		free(data);
		return -ERR_IO;
	}
	*out = json_stringn_nocheck(data, got);
	free(data);
	return 0;
}

static void money_cell(struct buf *b, int64_t cents)
{
	buf_printf(b, ",%s%lld.%02lld", cents < 0 ? "-" : "", (long long)(llabs(cents) / 100),
		   (long long)(llabs(cents) % 100));
}

/* CSV: the wrong-pocket matrix in euros, one row per party and the total. */
static json_t *csv_doc(const struct bc_calc *k)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "partij,helix");
	for (int y = 0; y <= k->c.horizon; y++)
		buf_printf(&b, ",jaar_%d", y);
	buf_puts(&b, ",ncw,terugverdienjaar,break_even_jaar\r\n");
	const struct bc_party_result *r = k->res[BC_SCENARIO_BASIS];
	int64_t tot[BC_HORIZON_MAX + 1] = {0};
	for (size_t p = 0; p < k->c.n_parties; p++) {
		csv_field(&b, k->c.parties[p].name);
		buf_printf(&b, ",%s", organisation_kind_name(k->c.parties[p].helix));
		for (int y = 0; y <= k->c.horizon; y++) {
			money_cell(&b, r[p].net[y]);
			tot[y] += r[p].net[y];
		}
		money_cell(&b, r[p].npv);
		buf_putc(&b, ',');
		if (r[p].payback >= 0)
			buf_printf(&b, "%d", r[p].payback);
		buf_putc(&b, ',');
		if (r[p].breakeven >= 0)
			buf_printf(&b, "%d", r[p].breakeven);
		buf_puts(&b, "\r\n");
	}
	buf_puts(&b, "\"Totaal\",");
	for (int y = 0; y <= k->c.horizon; y++)
		money_cell(&b, tot[y]);
	money_cell(&b, k->total[BC_SCENARIO_BASIS]);
	int pb = bc_payback(tot, k->c.horizon), be = bc_breakeven(tot, k->c.horizon, k->c.rate);
	buf_putc(&b, ',');
	if (pb >= 0)
		buf_printf(&b, "%d", pb);
	buf_putc(&b, ',');
	if (be >= 0)
		buf_printf(&b, "%d", be);
	buf_puts(&b, "\r\n");
	json_t *s = json_stringn(b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}

int api_bc_export(struct api_ctx *c, json_t **out)
{
	const char *fmt = api_str(c->query, "formaat");
	if (fmt && strcmp(fmt, "csv") && strcmp(fmt, "xlsx") && strcmp(fmt, "json")) {
		problem_add(c->invalid, "formaat", "err.bc.export_format");
		return -ERR_INVALID;
	}
	if (!fmt || !strcmp(fmt, "json"))
		return api_bc_get(c, out);
	struct bc_calc k;
	if (bc_calc_load(c->obj_id, &k) < 0)
		return -ERR_NOTFOUND;
	int rc = 0;
	if (!strcmp(fmt, "csv")) {
		*out = csv_doc(&k);
		c->raw_type = "text/csv; charset=utf-8";
		c->raw_filename = "businesscase.csv";
	} else {
		rc = workbook_bytes(&k, out);
		c->raw_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		c->raw_filename = "businesscase.xlsx";
	}
	bc_calc_free(&k);
	return rc;
}
