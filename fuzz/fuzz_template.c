/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_template: the template renderer on arbitrary template text, within
 * small bounds (the real ones are tested in test_static: they stop the
 * committed regression input regress-nested-list-sections). */
#include <stddef.h>
#include <stdint.h>

#include "http/template.h"
#include "lib/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *ctx;
	if (!ctx) {
		i18n_init();
		ctx = json_pack("{s:s,s:[i,i],s:{s:s},s:b}", "a", "<x>", "list", 1, 2, "o", "b", "c", "t", 1);
	}
	struct buf out = BUF_INIT;
	template_render_bounded((const char *)data, size, ctx, "nl", 20000, 1u << 20, &out);
	buf_free(&out);
	return 0;
}
