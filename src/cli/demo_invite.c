/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_invite: two open invitations of Gemeente Voorbeeldstad, sent by its
 * beheerder, so the members page shows what waits for an answer. Their links
 * are not kept (only digests are stored): a beheerder sends a new one. */
#include "cli/demo_invite.h"

#include "cli/cli.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "store/account.h"
#include "store/invite_store.h"
#include "store/org.h"

void demo_invite_load(void)
{
	static const struct {
		const char *email;
		enum role role;
		int days_left;
	} invites[] = {
	    {"f.bakker@voorbeeldstad.nl", ROLE_BEWERKER, 12},
	    {"onderzoek@hogeschool-voorbeeld.nl", ROLE_LEZER, 5},
	};
	int64_t org = org_id_by_slug("gemeente-voorbeeldstad");
	struct user by;
	int64_t by_id = account_user_by_email("demo@scalelab.test", &by) == 0 ? by.id : 0;
	for (size_t i = 0; i < sizeof invites / sizeof invites[0]; i++) {
		char tok[SECRET_TOKEN_LEN + 1], expires[21];
		unsigned char digest[SECRET_HASH_LEN];
		secret_token(tok);
		secret_digest(tok, digest);
		time_rfc3339(time_now() + invites[i].days_left * 86400, expires);
		int64_t id =
		    invite_store_create(org, invites[i].email, invites[i].role, by_id, digest, expires);
		if (id > 0)
			cli_audit(org, "member.invite", "invitation", id);
	}
}
