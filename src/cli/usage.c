/* SPDX-License-Identifier: EUPL-1.2 */
/* usage: `scalelab --help`, the contract for scripts. */
#include <stdio.h>

#include "cli/cli.h"
#include "http/route.h"

void cli_usage(void)
{
	fputs(
	    "scalelab - opschalingslab: work on getting pilots and MVPs to scale\n"
	    "\n"
	    "Usage: scalelab COMMAND [OPTIONS]\n"
	    "\n"
	    "Commands:\n"
	    "  serve  [--db FILE] [--listen ADDR:PORT] [--threads N] [--public-url URL] [--methods DIR]\n"
	    "         [--trusted-proxy CIDR]... [--proxy-header x-forwarded-for|forwarded]\n"
	    "         [--max-connections-per-address N] [--security-contact URI]\n"
	    "         [--events-dir DIR] [--ingest-workers N]\n"
	    "         Serve the web interface and the API (/api/v1) until SIGTERM.\n"
	    "         Defaults: --db scalelab.db --listen 127.0.0.1:8080. Logs to stderr.\n"
	    "         --methods DIR adds the method files in DIR (same id replaces a built-in\n"
	    "         one); the server refuses to start when any method has a problem.\n"
	    "         --trusted-proxy CIDR (repeatable; IPv4 or IPv6, e.g. 10.0.0.0/8, ::1):\n"
	    "         a connection from such a proxy names its client in the header of\n"
	    "         --proxy-header (default x-forwarded-for; forwarded is RFC 7239), read\n"
	    "         right to left skipping trusted hops; login throttling and the audit\n"
	    "         log use that address. Without it the headers are ignored.\n"
	    "         --max-connections-per-address N caps open connections per peer address\n"
	    "         (default 64, 0 = none; none by default when a trusted proxy is set).\n"
	    "         --security-contact mailto:|https://|tel: URI for /.well-known/security.txt\n"
	    "         (default mailto:security@ the host of --public-url).\n"
	    "         --events-dir DIR: the event store (default FILE.events beside --db);\n"
	    "         analytics clients send to /batch/, /capture/, /e/, /i/v0/e/ (PostHog),\n"
	    "         /v1/batch|track|identify|page|screen|group|alias (Segment), /track and\n"
	    "         /engage (Mixpanel), /api/event (Plausible); see docs/events.md.\n"
	    "         --ingest-workers N threads append their events (1..64, default 8).\n"
	    "         Environment: SCALELAB_SESSION_IDLE (seconds, default 7200),\n"
	    "         SCALELAB_SESSION_MAX (seconds, default 43200), SCALELAB_TIMEZONE (zone of\n"
	    "         the dates shown on pages, default Europe/Amsterdam; stored times are UTC).\n"
	    "  init   --db FILE [--demo]\n"
	    "         Create or migrate the database. --demo adds a demo organisation with\n"
	    "         initiatives and users, and prints the demo login.\n"
	    "  org    add --db FILE --slug SLUG --name NAME [--kind overheid|markt|wetenschap|samenleving]\n"
	    "         Create an organisation.\n"
	    "  user   add --db FILE --email E --name N [--org SLUG --role ROLE] [--admin]\n"
	    "         Create a user; the password (10+ characters) is read from standard input.\n"
	    "         ROLE is beheerder, bewerker, deelnemer or lezer.\n"
	    "  user   passwd --db FILE --email E\n"
	    "         Set a new password (read from standard input); ends the user's sessions\n"
	    "         and revokes their personal access tokens.\n"
	    "  user   token --db FILE --email E [--name NAME] [--days N]\n"
	    "         Print a new personal access token for the API (Authorization: Bearer);\n"
	    "         it expires after N days (1 to 365, default 90).\n"
	    "  backup --db FILE TARGET\n"
	    "         Online backup of the database into TARGET (safe while serving).\n"
	    "  export --db FILE [--out FILE]\n"
	    "         All data as one JSON document (password hashes included; sessions and\n"
	    "         tokens are not exported).\n"
	    "  import --db FILE [--in FILE]\n"
	    "         Load an export into an empty database.\n"
	    "  import kpi --db FILE FILE.csv\n"
	    "         Read KPI values from CSV (columns seriesId or series + initiative, date, value;\n"
	    "         see docs/kpi.md). A bad line is reported as FILE:LINE: message and nothing\n"
	    "         of the file is imported. A progress bar on a terminal.\n"
	    "  source add --db FILE --initiative ID --kind posthog|segment|mixpanel|plausible\n"
	    "         [--domain D] [--name N] [--retention-days N]\n"
	    "         Add an event source to an initiative (id or exact name) and print its key\n"
	    "         (shown only now; plausible: the --domain is the key).\n"
	    "  events import --db FILE --source ID [--events-dir DIR] FILE.ndjson\n"
	    "         Import PostHog export lines (one event per line). Every line is checked\n"
	    "         first: a bad one is reported as FILE:LINE: message and nothing is\n"
	    "         imported. Events sent before (same uuid) are stored once. A progress bar\n"
	    "         on a terminal. The server must be stopped (it holds the event store).\n"
	    "  events export --db FILE --source ID [--events-dir DIR]\n"
	    "         The source's events as PostHog export lines on stdout (event,\n"
	    "         distinct_id, timestamp, source, properties), oldest first.\n"
	    "  events erase --db FILE --initiative ID --distinct-id X [--events-dir DIR]\n"
	    "         Erase every event of the person X belongs to (linked ids included).\n"
	    "  stats  ab|ttest|power|srm  (JSON on stdin, JSON on stdout; see 'scalelab stats --help')\n"
	    "  method check FILE...  (validate scaling-method files; see 'scalelab method --help')\n"
	    "  version\n"
	    "         Print the version.\n"
	    "\n"
	    "Exit status: 0 ok, 1 failure, 2 bad usage or bad input.\n"
	    "\n"
	    "Routes (HTML page and/or JSON under /api/v1):\n",
	    stdout);
	int routes_count;
	const struct route *routes = api_routes(&routes_count);
	for (int i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		printf("  %-6s %-50s %-8s %s\n", r->method, r->path,
		       (r->flags & R_API) && (r->flags & R_PAGE) ? "page+api"
		       : (r->flags & R_API)			 ? "api"
								 : "page",
		       r->summary ? r->summary : "");
	}
}
