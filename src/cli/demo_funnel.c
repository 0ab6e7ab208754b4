/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * demo_funnel: the saved funnels of the demo ("Digitale schuldhulp-intake",
 * its PostHog source): from a visit to a planned appointment within a week,
 * and from signing up to a sent intake within thirty days; a saved weekly
 * retention query (on or after, calendar weeks in Dutch time) and a
 * monthly lifecycle query. The dashboard shows them all.
 */
#include "cli/demo_funnel.h"

#include <stdlib.h>

#include "cli/dbmsg.h"
#include "domain/event_source.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/event_source_store.h"
#include "store/funnel_store.h"
#include "store/kpi_store.h"
#include "store/metric_query_store.h"

int demo_funnel_load(void)
{
	int rc = db_begin();
	if (rc < 0)
		return dbmsg_fail("scalelab init --demo", rc);
	int64_t org = 0, ini = kpi_store_initiative_find("Digitale schuldhulp-intake", &org);
	size_t n = 0;
	struct event_source *src = ini > 0 ? event_source_store_list(ini, &n) : NULL;
	int64_t sid = n ? src[0].id : 0;
	free(src);
	json_t *kept = sid ? funnel_store_list(ini, sid) : NULL,
	       *kept_q = sid ? metric_query_store_list(ini) : NULL;
	size_t n_kept = json_array_size(kept), n_kept_q = json_array_size(kept_q);
	json_decref(kept);
	json_decref(kept_q);
	if (!sid || (n_kept && n_kept_q)) { /* no demo source, or loaded before (init --demo again) */
		db_rollback();
		return 0;
	}
	if (!n_kept_q) {
		json_t *ret = json_pack("{s:s,s:s,s:s,s:s}", "interval", "week", "kalender", "1", "telling",
					"vanaf", "tijdzone", "Europe/Amsterdam");
		json_t *lc = json_pack("{s:s,s:s,s:s,s:s}", "interval", "maand", "tijdzone",
				       "Europe/Amsterdam", "eigenschap", "kanaal", "operator", "isniet");
		json_object_set_new(lc, "waarde", json_string("uitnodiging"));
		if ((metric_query_store_create(ini, "retentie",
					       "Blijven cliënten terugkomen? (per kalenderweek)", ret) <= 0 ||
		     metric_query_store_create(ini, "levenscyclus",
					       "Nieuw en terug per maand, zonder uitnodigingen", lc) <= 0) &&
		    !db_failure())
			BUG("demo metric queries");
		json_decref(ret);
		json_decref(lc);
	}
	if (n_kept)
		return dbmsg_commit("scalelab init --demo") ? -ERR_IO : 0;
	json_t *visit =
	    json_pack("[s,s,s,s]", "$pageview", "intake_gestart", "intake_verzonden", "afspraak_gepland");
	json_t *signup = json_pack("[s,s,s]", "aangemeld", "intake_gestart", "intake_verzonden");
	struct funnel_saved_in f[] = {
	    {ini, sid, "Van bezoek tot afspraak", visit, "7d", 7 * 86400, "los"},
	    {ini, sid, "Aanmelding, eerste intake, intake verzonden", signup, "30d", 30 * 86400, "los"},
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (funnel_store_create(&f[i]) <= 0 && !db_failure())
			BUG("demo funnel %s", f[i].name);
	json_decref(visit);
	json_decref(signup);
	return dbmsg_commit("scalelab init --demo") ? -ERR_IO : 0;
}
