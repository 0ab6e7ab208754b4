#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# The knowledge base's search index after `scalelab import` (docs/knowledge.md):
# the index is never exported, and an import builds it again from the items,
# so every item has its row and the text of an item is found there; an export
# holds no FTS table. Usage: knowledge_import.sh ./scalelab
set -u
bin=$(realpath "${1:-./scalelab}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-know-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
same() { # NAME A B
	if [ "$2" = "$3" ]; then ok "$1"; else no "$1 ('$2' != '$3')"; fi
}
"$bin" init --db a.db --demo >/dev/null 2>&1 || no "init --demo"
"$bin" export --db a.db --out e.json >/dev/null 2>&1 || no "export"
if grep -q '_fts' e.json; then no "the export holds no search index"; else ok "the export holds no search index"; fi
"$bin" import --db b.db --in e.json >/dev/null 2>err.txt || no "import ($(head -c 300 err.txt))"
items=$(sqlite3 b.db "SELECT count(*) FROM knowledge_items")
rows=$(sqlite3 b.db "SELECT count(*) FROM knowledge_fts_docsize")
same "the import indexed every item" "$rows" "$items"
[ "$items" -ge 30 ] && ok "the demo has at least 30 items ($items)" || no "the demo has at least 30 items ($items)"
# the index's own content table holds the plain text of the item
txt=$(sqlite3 b.db "SELECT c0 FROM knowledge_fts_content WHERE id=(SELECT id FROM knowledge_items WHERE title LIKE 'Schuldhulpverlening van%')")
same "the indexed title" "$txt" "Schuldhulpverlening van één wijk naar de hele regio"
body=$(sqlite3 b.db "SELECT c2 FROM knowledge_fts_content WHERE id=(SELECT id FROM knowledge_items WHERE title LIKE 'Schuldhulpverlening van%')")
case "$body" in *"## "*) no "the body is indexed without Markdown";; *"Hoe we opschaalden"*) ok "the body is indexed without Markdown";; *) no "the body is indexed ($body)";; esac
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
