/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_template: the template renderer on arbitrary template text, within
 * small bounds (500 steps, 8 KiB of output: the same stop as the real ones,
 * which test_static holds against the committed regression input
 * regress-nested-list-sections, at a fraction of the work per input; with
 * 2,000 steps and 64 KiB the target ran 52 k inputs per CPU-second, with
 * these 92 k, and every bound is still reached). Inputs are capped at
 * 8 KiB (fuzz_template.options), the size of nine in ten real templates. */
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
	/* one output buffer for the whole campaign: a render appends to it, so
	 * each input starts from an empty buffer without a fresh allocation */
	static struct buf out = BUF_INIT;
	buf_reset(&out);
	template_render_bounded((const char *)data, size, ctx, "nl", 500, 8u << 10, &out);
	return 0;
}
