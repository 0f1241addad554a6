/* Patients, their limbs and weights in the store (sessions: store_session.c). */
#include "store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/number.h"
#include "limbvol/text.h"

int lv_store_check_code(const char *code)
{
	size_t n, i;
	if (!code || !code[0])
		return lv_error_set(LV_EDATA, "the patient code is empty");
	n = strlen(code);
	if (n > LV_STORE_MAX_CODE)
		return lv_error_set(LV_EDATA,
				    "the patient code is %zu bytes long; at most %d are"
				    " allowed (use a short pseudonym, not a name)",
				    n, LV_STORE_MAX_CODE);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)code[i];
		if (c < 0x20 || c == 0x7f)
			return lv_error_set(LV_EDATA,
					    "the patient code holds a control character"
					    " (byte %zu)",
					    i + 1);
	}
	return LV_OK;
}

void lv_store_code_escape(const char *code, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)code;
	size_t o = 0;

	if (!size)
		return;
	while (*p) {
		size_t k = lv_utf8_length((const char *)p);
		char tmp[8];
		size_t tn;
		if (k == 1 && *p >= 0x20 && *p != 0x7f && *p != '\\') {
			tmp[0] = (char)*p;
			tn = 1;
		} else if (k == 1 && *p == '\\') {
			memcpy(tmp, "\\\\", 2);
			tn = 2;
		} else if (k > 1 && !(p[0] == 0xc2 && p[1] <= 0x9f)) { /* C1 controls escaped */
			memcpy(tmp, p, k);
			tn = k;
		} else {
			snprintf(tmp, sizeof tmp, "\\x%02x", *p);
			tn = 4;
			k = 1;
		}
		if (o + tn + 1 > size)
			break;
		memcpy(buf + o, tmp, tn);
		o += tn;
		p += k;
	}
	buf[o] = '\0';
}

const char *lv_sex_name(lv_sex s)
{
	switch (s) {
	case LV_SEX_FEMALE:
		return "female";
	case LV_SEX_MALE:
		return "male";
	case LV_SEX_OTHER:
		return "other";
	default:
		return "";
	}
}

int lv_sex_parse(const char *s, lv_sex *out)
{
	if (!strcmp(s, "f") || !strcmp(s, "female"))
		*out = LV_SEX_FEMALE;
	else if (!strcmp(s, "m") || !strcmp(s, "male"))
		*out = LV_SEX_MALE;
	else if (!strcmp(s, "x") || !strcmp(s, "other"))
		*out = LV_SEX_OTHER;
	else if (!s[0])
		*out = LV_SEX_UNKNOWN;
	else
		return lv_error_set(LV_EDATA,
				    "unknown sex '%.20s' (expected female, male or other)", s);
	return LV_OK;
}

size_t store_distance(const char *a, const char *b)
{
	/* Levenshtein over bytes, ASCII letters compared without case. */
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[LV_STORE_MAX_CODE + 2];
	if (la > LV_STORE_MAX_CODE || lb > LV_STORE_MAX_CODE)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			unsigned char ca = (unsigned char)a[i - 1], cb = (unsigned char)b[j - 1];
			size_t up = row[j], best;
			if (ca >= 'A' && ca <= 'Z')
				ca = (unsigned char)(ca + 32);
			if (cb >= 'A' && cb <= 'Z')
				cb = (unsigned char)(cb + 32);
			best = diag + (ca != cb);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* "no patient 'X'; closest: 'A', 'B'" from every code in the store. */
static int not_found(lv_store *s, const char *code)
{
	db_stmt *st = NULL;
	char want[4 * LV_STORE_MAX_CODE + 1], list[3][4 * LV_STORE_MAX_CODE + 1];
	size_t best[3] = { (size_t)-1, (size_t)-1, (size_t)-1 };
	size_t limit = strlen(code) / 2 > 2 ? strlen(code) / 2 : 2;
	long total = 0;
	int rc, k;

	lv_store_code_escape(code, want, sizeof want);
	if (store_prepare(s, "SELECT code FROM patient ORDER BY code", &st) < 0)
		return LV_EDB;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *c = db_col_text(st, 0);
		size_t d = store_distance(code, c);
		total++;
		if (d > limit && !strstr(c, code))
			continue;
		for (k = 0; k < 3; k++)
			if (d < best[k]) {
				for (int m = 2; m > k; m--) {
					best[m] = best[m - 1];
					memcpy(list[m], list[m - 1], sizeof list[m]);
				}
				best[k] = d;
				lv_store_code_escape(c, list[k], sizeof list[k]);
				break;
			}
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return store_db_error(s, "reading the patients");
	if (best[0] == (size_t)-1)
		return lv_error_set(LV_ENOTFOUND,
				    "no patient '%s' in the store (%ld patients;"
				    " none has a similar code; see 'limbvol patients')",
				    want, total);
	return lv_error_set(LV_ENOTFOUND, "no patient '%s' in the store; closest: '%s'%s%s%s%s%s",
			    want, list[0], best[1] != (size_t)-1 ? ", '" : "",
			    best[1] != (size_t)-1 ? list[1] : "", best[1] != (size_t)-1 ? "'" : "",
			    best[2] != (size_t)-1 ? ", '" : "",
			    best[2] != (size_t)-1 ? list[2] : "");
}

/* The patient's id: LV_OK with *found 1 or 0, or a store error. */
static int lookup(lv_store *s, const char *code, int64_t *id, int *found)
{
	int ret = lv_store_check_code(code);
	if (ret < 0)
		return ret;
	return store_lookup_id(s, ST_PATIENT_FIND, "finding the patient", id, found, "t", code);
}

int lv_store_patient_find(lv_store *s, const char *code, int64_t *id)
{
	int found, ret = lookup(s, code, id, &found);
	if (ret < 0)
		return ret;
	return found ? LV_OK : not_found(s, code);
}

int lv_store_patient_ensure(lv_store *s, const char *code, int64_t *id)
{
	int found, ret = lookup(s, code, id, &found);
	if (ret < 0 || found)
		return ret;
	return store_lookup_id(s, ST_PATIENT_ADD, "adding the patient", id, &found, "t", code);
}

int lv_store_patient_set(lv_store *s, int64_t patient, int birth_year, lv_sex sex)
{
	int ret = LV_OK;
	if (birth_year) {
		if (birth_year < 1900 || birth_year > 2100)
			return lv_error_set(LV_EDATA,
					    "birth year %d is not plausible (1900 to 2100)",
					    birth_year);
		ret = store_write1(s, "UPDATE patient SET birth_year = ?1 WHERE id = ?2",
				   "saving the birth year", "ii", (int64_t)birth_year, patient);
	}
	if (ret == LV_OK && sex != LV_SEX_UNKNOWN)
		ret = store_write1(s, "UPDATE patient SET sex = ?1 WHERE id = ?2", "saving the sex",
				   "ti", lv_sex_name(sex), patient);
	return ret;
}

int store_weight_check(const char *date, double kg)
{
	if (lv_date_check(date, strlen(date)) < 0)
		return LV_EDATA;
	if (!(kg >= 2 && kg <= 500)) {
		char num[64];
		if (lv_number_format(kg, 1, num, sizeof num) < 0)
			snprintf(num, sizeof num, "?");
		return lv_error_set(LV_EDATA, "a body weight of %s kg is not plausible (2 to 500)",
				    num);
	}
	return LV_OK;
}

int lv_store_weight_add(lv_store *s, int64_t patient, const char *date, double kg)
{
	int ret = store_weight_check(date, kg);
	if (ret < 0)
		return ret;
	return store_write1(s, "INSERT INTO weight(patient_id, date, kg) VALUES (?1, ?2, ?3)",
			    "saving the weight", "itd", patient, date, kg);
}

int store_limb_id(lv_store *s, int64_t patient, lv_limb limb, int create, int64_t *id)
{
	const char *name = lv_limb_name(limb);
	int found = 0,
	    ret = store_lookup_id(s, ST_LIMB_FIND, "finding the limb", id, &found, "it", patient,
				  name);
	if (ret < 0 || found)
		return ret;
	if (!create)
		return lv_error_set(LV_ENOTFOUND, "the patient has no %s measurements", name);
	return store_lookup_id(s, ST_LIMB_ADD, "adding the limb", id, &found, "it", patient, name);
}

int lv_store_limb_set_affected(lv_store *s, int64_t patient, lv_limb limb)
{
	int64_t id = 0;
	int ret = store_limb_id(s, patient, limb, 1, &id);
	if (ret < 0)
		return ret;
	ret = store_write1(s,
			   "UPDATE limb SET affected = CASE WHEN id = ?1 THEN 1 ELSE 0 END"
			   " WHERE patient_id = ?2",
			   "saving the affected limb", "ii", id, patient);
	return ret;
}

int lv_store_limb_set_landmark(lv_store *s, int64_t patient, lv_limb limb, const char *text)
{
	int64_t id = 0;
	int ret;
	if (strlen(text) > LV_STORE_MAX_TEXT)
		return lv_error_set(LV_EDATA, "the landmark text is longer than %d bytes",
				    LV_STORE_MAX_TEXT);
	if ((ret = store_limb_id(s, patient, limb, 1, &id)) < 0)
		return ret;
	return store_write1(s, "UPDATE limb SET landmark = ?1 WHERE id = ?2", "saving the landmark",
			    "ti", text, id);
}

static const char patients_sql[] =
	"SELECT p.id, p.code, coalesce(p.birth_year, 0), p.sex,"
	" (SELECT count(*) FROM measurement m JOIN limb l ON l.id = m.limb_id"
	"   WHERE l.patient_id = p.id AND m.deleted IS NULL),"
	" coalesce((SELECT min(m.date) FROM measurement m JOIN limb l ON l.id = m.limb_id"
	"   WHERE l.patient_id = p.id AND m.deleted IS NULL), ''),"
	" coalesce((SELECT max(m.date) FROM measurement m JOIN limb l ON l.id = m.limb_id"
	"   WHERE l.patient_id = p.id AND m.deleted IS NULL), ''),"
	" (SELECT name FROM limb l WHERE l.patient_id = p.id AND l.affected = 1)"
	" FROM patient p";

static int fill_patient(db_stmt *st, lv_patient_info *p)
{
	const char *aff;
	memset(p, 0, sizeof *p);
	p->id = db_col_int64(st, 0);
	p->code = db_col_text(st, 1);
	p->birth_year = (int)db_col_int64(st, 2);
	lv_sex_parse(db_col_text(st, 3), &p->sex);
	p->measurements = (long)db_col_int64(st, 4);
	p->first_date = db_col_text(st, 5);
	p->last_date = db_col_text(st, 6);
	aff = db_col_text(st, 7);
	p->has_affected = aff[0] && lv_limb_parse(aff, strlen(aff), &p->affected) == LV_OK;
	return LV_OK;
}

struct patient_walk {
	int (*fn)(const lv_patient_info *p, void *ctx);
	void *ctx;
};

static int patient_row(db_stmt *st, void *ctx)
{
	const struct patient_walk *w = ctx;
	lv_patient_info p;
	fill_patient(st, &p);
	return w->fn(&p, w->ctx);
}

int lv_store_patients(lv_store *s, int (*fn)(const lv_patient_info *p, void *ctx), void *ctx)
{
	struct patient_walk w = { fn, ctx };
	char sql[sizeof patients_sql + 32];

	snprintf(sql, sizeof sql, "%s ORDER BY p.code", patients_sql);
	return store_each_row(s, sql, "reading the patients", patient_row, &w, "");
}

int lv_store_patient_get(lv_store *s, int64_t patient, lv_patient_info *out)
{
	lv_patient_info keep;
	char *code = s->pcode, *first = s->pfirst, *last = s->plast;
	db_stmt *st = NULL;
	char sql[sizeof patients_sql + 32];
	int rc, ret;

	snprintf(sql, sizeof sql, "%s WHERE p.id = ?1", patients_sql);
	if ((ret = store_prepare(s, sql, &st)) < 0)
		return ret;
	db_bind_int64(st, 1, patient);
	rc = db_step(st);
	if (rc == DB_ROW) {
		fill_patient(st, &keep);
		snprintf(code, sizeof s->pcode, "%s", keep.code);
		snprintf(first, sizeof s->pfirst, "%s", keep.first_date);
		snprintf(last, sizeof s->plast, "%s", keep.last_date);
		keep.code = code;
		keep.first_date = first;
		keep.last_date = last;
		*out = keep;
	} else {
		ret = rc == DB_DONE
			? lv_error_set(LV_ENOTFOUND, "no patient with id %lld", (long long)patient)
			: store_db_error(s, "reading the patient");
	}
	db_finalize(st);
	return ret;
}

/* The live weights, as lv_store_each_weight_ex walks them (store_weight.c). */
struct weight_walk {
	int (*fn)(const char *date, double kg, void *ctx);
	void *ctx;
};

static int weight_item(const lv_weight_info *w, void *ctx)
{
	const struct weight_walk *k = ctx;
	return k->fn(w->date, w->kg, k->ctx);
}

int lv_store_each_weight(lv_store *s, int64_t patient,
			 int (*fn)(const char *date, double kg, void *ctx), void *ctx)
{
	struct weight_walk k = { fn, ctx };
	return lv_store_each_weight_ex(s, patient, 0, weight_item, &k);
}

struct limb_walk {
	int (*fn)(const lv_limb_info *l, void *ctx);
	void *ctx;
};

/* A limb whose name this version does not know is passed over. */
static int limb_row(db_stmt *st, void *ctx)
{
	const struct limb_walk *w = ctx;
	const char *name = db_col_text(st, 0);
	lv_limb_info l;
	if (lv_limb_parse(name, strlen(name), &l.limb) < 0)
		return 0;
	l.affected = (int)db_col_int64(st, 1);
	l.landmark = db_col_text(st, 2);
	return w->fn(&l, w->ctx);
}

int lv_store_each_limb(lv_store *s, int64_t patient, int (*fn)(const lv_limb_info *l, void *ctx),
		       void *ctx)
{
	struct limb_walk w = { fn, ctx };
	return store_each_row(s,
			      "SELECT name, coalesce(affected, -1), landmark FROM limb"
			      " WHERE patient_id = ?1 ORDER BY name",
			      "reading the limbs", limb_row, &w, "i", patient);
}

int lv_store_limb_set(lv_store *s, int64_t patient, lv_limb limb, int affected,
		      const char *landmark)
{
	int64_t id = 0;
	int ret;
	if (landmark && strlen(landmark) > LV_STORE_MAX_TEXT)
		return lv_error_set(LV_EDATA, "the landmark text is longer than %d bytes",
				    LV_STORE_MAX_TEXT);
	if ((ret = store_limb_id(s, patient, limb, 1, &id)) < 0)
		return ret;
	if (affected == 1)
		ret = lv_store_limb_set_affected(s, patient, limb);
	else if (affected == 0)
		ret = store_write1(s, "UPDATE limb SET affected = 0 WHERE id = ?1",
				   "saving the limb", "i", id);
	else
		ret = store_write1(s, "UPDATE limb SET affected = NULL WHERE id = ?1",
				   "saving the limb", "i", id);
	if (ret == LV_OK && landmark)
		ret = store_write1(s, "UPDATE limb SET landmark = ?1 WHERE id = ?2",
				   "saving the landmark", "ti", landmark, id);
	return ret;
}

int lv_store_weight_exists(lv_store *s, int64_t patient, const char *date, double kg, int *exists)
{
	return store_exists1(s,
			     "SELECT 1 FROM weight WHERE patient_id = ?1 AND date = ?2 AND kg = ?3"
			     " AND deleted IS NULL",
			     exists, "itd", patient, date, kg);
}

int lv_store_measurement_exists(lv_store *s, const lv_measurement *m, int *exists)
{
	int64_t id = 0;
	int ret = lv_store_find_duplicate(s, m, 0, &id);
	*exists = id != 0;
	return ret;
}
