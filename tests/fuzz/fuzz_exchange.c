/*
 * The export readers (limbvol/exchange.h: CSV export, streaming JSON, tape
 * CSV, the format told from the first bytes) on any bytes.  Invariants of
 * every record handed out: its texts end where they say (no NUL inside, at
 * most LV_STORE_MAX_TEXT bytes), its patient code acceptable to the store,
 * its dates valid, its enums in range, its measurement 1 to LV_MAX_SITES
 * sites of finite numbers, its session number among those declared before;
 * a patient's code is exactly bytes of the input (CSV: a field; JSON: the
 * decoded string, so only for codes without escapes).  Input with a NUL byte
 * is never read to its end without an error; every error is located.
 */
#include "fuzz.h"

#include <math.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/exchange.h"

static int in_input(const uint8_t *data, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (!n || strpbrk(s, "\"\\") || memchr(data, '\\', size))
		return 1; /* quoted or escaped in the file: not comparable byte for byte */
	for (size_t i = 0; i + n <= size; i++)
		if (!memcmp(data + i, s, n))
			return 1;
	return 0;
}

static void text_ok(const char *s)
{
	if (s)
		FUZZ_CHECK(strlen(s) <= LV_STORE_MAX_TEXT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lv_exchange_reader *r = NULL;
	lv_xitem it;
	long sessions = 0;
	int st;

	if (lv_exchange_open_mem(&r, data, size, "f.in") < 0) {
		FUZZ_CHECK(lv_error_last()->code == LV_EDATA || lv_error_last()->code == LV_ENOMEM);
		lv_error_clear();
		return 0;
	}
	while ((st = lv_exchange_next(r, &it)) == 1) {
		FUZZ_CHECK(it.line >= 1);
		FUZZ_CHECK(it.patient != NULL);
		if (it.kind != LV_XITEM_TAPE) {
			FUZZ_CHECK(lv_store_check_code(it.patient) == 0);
			FUZZ_CHECK(in_input(data, size, it.patient));
		}
		switch (it.kind) {
		case LV_XITEM_PATIENT:
			FUZZ_CHECK(it.birth_year >= 0 && it.birth_year <= 9999);
			FUZZ_CHECK((unsigned)it.sex <= LV_SEX_OTHER);
			sessions = 0;
			break;
		case LV_XITEM_LIMB:
			FUZZ_CHECK((unsigned)it.limb <= LV_LIMB_RIGHT_LEG);
			FUZZ_CHECK(it.affected >= -1 && it.affected <= 1);
			text_ok(it.landmark);
			break;
		case LV_XITEM_WEIGHT:
			FUZZ_CHECK(lv_date_check(it.date, strlen(it.date)) == 0);
			FUZZ_CHECK(isfinite(it.weight_kg));
			break;
		case LV_XITEM_REVISION:
			FUZZ_CHECK((it.revision.measurement > 0) != (it.revision.weight > 0));
			FUZZ_CHECK(it.revision.edit >= 1);
			FUZZ_CHECK(lv_date_check(it.revision.changed_at,
						 strlen(it.revision.changed_at)) == 0);
			text_ok(it.revision.what);
			text_ok(it.revision.old_value);
			text_ok(it.revision.new_value);
			break;
		case LV_XITEM_SESSION:
			FUZZ_CHECK(lv_date_check(it.date, strlen(it.date)) == 0);
			FUZZ_CHECK(it.session >= 1);
			text_ok(it.notes);
			if (it.session > sessions)
				sessions = it.session;
			break;
		case LV_XITEM_MEASUREMENT: {
			const lv_measurement *m = &it.measurement;
			FUZZ_CHECK(m->n >= 1 && m->n <= LV_MAX_SITES);
			FUZZ_CHECK(lv_date_check(m->date, strlen(m->date)) == 0);
			FUZZ_CHECK((unsigned)m->limb <= LV_LIMB_RIGHT_LEG);
			FUZZ_CHECK((unsigned)m->phase <= LV_PHASE_OTHER);
			FUZZ_CHECK(it.session >= 0);
			text_ok(m->source);
			for (size_t i = 0; i < m->n; i++) {
				FUZZ_CHECK(isfinite(m->site_cm[i]) &&
					   isfinite(m->circumference_cm[i]));
				if (m->width_side_cm)
					FUZZ_CHECK(isfinite(m->width_side_cm[i]));
			}
			break;
		}
		case LV_XITEM_TAPE:
			FUZZ_CHECK(it.tape.n >= 2 && it.tape.n <= LV_MAX_SITES);
			break;
		}
	}
	if (st == 0)
		FUZZ_CHECK(!fuzz_has_nul(data, size));
	else
		FUZZ_CHECK(lv_error_last()->code == LV_EDATA || lv_error_last()->code == LV_ENOMEM);
	lv_exchange_free(r);
	lv_error_clear();
	return 0;
}
