/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_template: the template renderer on arbitrary template text. */
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
	template_render_text((const char *)data, size, ctx, "nl", &out);
	buf_free(&out);
	return 0;
}
