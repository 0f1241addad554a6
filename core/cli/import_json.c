/*
 * The JSON export read back: a small JSON reader (objects, arrays, strings
 * with \u escapes, numbers through limbvol/number.h, true/false/null) into a
 * tree, then the same store calls as the CSV import.  Input is capped
 * (IMPORT_JSON_MAX_BYTES, nesting IMPORT_JSON_MAX_DEPTH) before anything is built.
 */
#include "import_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/number.h"
#include "limbvol/store.h"

#define IMPORT_JSON_MAX_BYTES (256L * 1024 * 1024)
#define IMPORT_JSON_MAX_DEPTH 16

enum jt { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jt t;
	int b;
	double num;
	char *str; /* J_STR */
	size_t n; /* J_ARR, J_OBJ: items */
	struct jv *items;
	char **keys; /* J_OBJ */
	long line, col;
};

struct jp {
	const char *s, *end, *name;
	long line;
	const char *line_start;
};

static int jfail(struct jp *p, const char *what)
{
	lv_error_set(LV_EDATA, "%s", what);
	return lv_error_locate(p->name, p->line, (long)(p->s - p->line_start) + 1);
}

static void skip_ws(struct jp *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\r' || *p->s == '\n')) {
		if (*p->s == '\n') {
			p->line++;
			p->line_start = p->s + 1;
		}
		p->s++;
	}
}

static void jfree(struct jv *v)
{
	size_t i;
	if (!v)
		return;
	free(v->str);
	for (i = 0; i < v->n; i++) {
		jfree(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
}

static int put_utf8(char *o, size_t *k, unsigned cp)
{
	if (cp < 0x80) {
		o[(*k)++] = (char)cp;
	} else if (cp < 0x800) {
		o[(*k)++] = (char)(0xc0 | cp >> 6);
		o[(*k)++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		o[(*k)++] = (char)(0xe0 | cp >> 12);
		o[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[(*k)++] = (char)(0x80 | (cp & 0x3f));
	} else {
		o[(*k)++] = (char)(0xf0 | cp >> 18);
		o[(*k)++] = (char)(0x80 | ((cp >> 12) & 0x3f));
		o[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[(*k)++] = (char)(0x80 | (cp & 0x3f));
	}
	return 0;
}

static int hex4(struct jp *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p->s < p->end ? *p->s++ : 0;
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return jfail(p, "a \\u escape needs 4 hex digits");
	}
	*out = v;
	return 0;
}

/* A string at p->s (after the opening quote); *out malloc'd. */
static int jstring(struct jp *p, char **out)
{
	const char *q = p->s;
	size_t cap = 0, k = 0;
	char *o;
	while (q < p->end && *q != '"') /* an upper bound of the decoded length */
		q += *q == '\\' && q + 1 < p->end ? 2 : 1;
	cap = (size_t)(q - p->s) + 8;
	if (!(o = malloc(cap)))
		return lv_error_set(LV_ENOMEM, "out of memory");
	for (;;) {
		unsigned char c;
		if (p->s >= p->end) {
			free(o);
			return jfail(p, "a string is not closed");
		}
		c = (unsigned char)*p->s++;
		if (c == '"')
			break;
		if (c < 0x20) {
			free(o);
			return jfail(p, "a control character inside a string");
		}
		if (c != '\\') {
			o[k++] = (char)c;
			continue;
		}
		c = p->s < p->end ? (unsigned char)*p->s++ : 0;
		switch (c) {
		case '"':
		case '\\':
		case '/':
			o[k++] = (char)c;
			break;
		case 'b':
			o[k++] = '\b';
			break;
		case 'f':
			o[k++] = '\f';
			break;
		case 'n':
			o[k++] = '\n';
			break;
		case 'r':
			o[k++] = '\r';
			break;
		case 't':
			o[k++] = '\t';
			break;
		case 'u': {
			unsigned cp = 0, lo = 0;
			if (hex4(p, &cp) < 0) {
				free(o);
				return LV_EDATA;
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (p->end - p->s < 6 || p->s[0] != '\\' || p->s[1] != 'u') {
					free(o);
					return jfail(p, "a lone surrogate in a \\u escape");
				}
				p->s += 2;
				if (hex4(p, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff) {
					free(o);
					return jfail(p, "a lone surrogate in a \\u escape");
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp <= 0xdfff) {
				free(o);
				return jfail(p, "a lone surrogate in a \\u escape");
			}
			if (cp == 0) {
				free(o);
				return jfail(p, "a NUL character in a string");
			}
			put_utf8(o, &k, cp);
			break;
		}
		default:
			free(o);
			return jfail(p, "an unknown escape in a string");
		}
	}
	o[k] = '\0';
	*out = o;
	return 0;
}

static int jvalue(struct jp *p, struct jv *v, int depth);

static int jpush(struct jp *p, struct jv *v, size_t *cap, char *key)
{
	if (v->n == *cap) {
		size_t c = *cap ? 2 * *cap : 8;
		struct jv *it = realloc(v->items, c * sizeof *it);
		char **ks;
		if (!it)
			return free(key), lv_error_set(LV_ENOMEM, "out of memory");
		v->items = it;
		if (v->t == J_OBJ) {
			ks = realloc(v->keys, c * sizeof *ks);
			if (!ks)
				return free(key), lv_error_set(LV_ENOMEM, "out of memory");
			v->keys = ks;
		}
		*cap = c;
	}
	memset(&v->items[v->n], 0, sizeof v->items[v->n]);
	if (v->t == J_OBJ)
		v->keys[v->n] = key;
	v->n++;
	(void)p;
	return 0;
}

static int jcontainer(struct jp *p, struct jv *v, int depth, char close)
{
	size_t cap = 0;
	skip_ws(p);
	if (p->s < p->end && *p->s == close) {
		p->s++;
		return 0;
	}
	for (;;) {
		char *key = NULL;
		int ret;
		skip_ws(p);
		if (v->t == J_OBJ) {
			if (p->s >= p->end || *p->s != '"')
				return jfail(p, "expected a \"key\" in an object");
			p->s++;
			if ((ret = jstring(p, &key)) < 0)
				return ret;
			skip_ws(p);
			if (p->s >= p->end || *p->s != ':') {
				free(key);
				return jfail(p, "expected ':' after a key");
			}
			p->s++;
		}
		if ((ret = jpush(p, v, &cap, key)) < 0)
			return ret;
		if ((ret = jvalue(p, &v->items[v->n - 1], depth + 1)) < 0)
			return ret;
		skip_ws(p);
		if (p->s < p->end && *p->s == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->end && *p->s == close) {
			p->s++;
			return 0;
		}
		return jfail(p, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int jvalue(struct jp *p, struct jv *v, int depth)
{
	skip_ws(p);
	v->line = p->line;
	v->col = (long)(p->s - p->line_start) + 1;
	if (depth > IMPORT_JSON_MAX_DEPTH)
		return jfail(p, "nested too deeply");
	if (p->s >= p->end)
		return jfail(p, "unexpected end of the file");
	switch (*p->s) {
	case '{':
		p->s++;
		v->t = J_OBJ;
		return jcontainer(p, v, depth, '}');
	case '[':
		p->s++;
		v->t = J_ARR;
		return jcontainer(p, v, depth, ']');
	case '"':
		p->s++;
		v->t = J_STR;
		return jstring(p, &v->str);
	default:
		break;
	}
	if (p->end - p->s >= 4 && !memcmp(p->s, "null", 4)) {
		p->s += 4;
		v->t = J_NULL;
		return 0;
	}
	if (p->end - p->s >= 4 && !memcmp(p->s, "true", 4)) {
		p->s += 4;
		v->t = J_BOOL;
		v->b = 1;
		return 0;
	}
	if (p->end - p->s >= 5 && !memcmp(p->s, "false", 5)) {
		p->s += 5;
		v->t = J_BOOL;
		return 0;
	}
	{
		const char *q = p->s;
		while (q < p->end && strchr("+-0123456789.eE", *q))
			q++;
		if (q == p->s || lv_number_parse(p->s, (size_t)(q - p->s), 0, &v->num) < 0)
			return jfail(p, "expected a value");
		p->s = q;
		v->t = J_NUM;
		return 0;
	}
}

/* ---- the export's shape ---- */

struct walk {
	lv_store *s;
	const char *name;
	long stored, skipped;
};

static int wfail(const struct walk *w, const struct jv *v, const char *what)
{
	lv_error_set(LV_EDATA, "%s", what);
	return lv_error_locate(w->name, v ? v->line : 0, v ? v->col : 0);
}

static const struct jv *get(const struct jv *o, const char *key)
{
	if (!o || o->t != J_OBJ)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->keys[i], key))
			return &o->items[i];
	return NULL;
}

static const char *str_of(const struct jv *o, const char *key)
{
	const struct jv *v = get(o, key);
	return v && v->t == J_STR ? v->str : NULL;
}

static int num_of(const struct jv *o, const char *key, double *out)
{
	const struct jv *v = get(o, key);
	if (!v || v->t != J_NUM)
		return -1;
	*out = v->num;
	return 0;
}

static int walk_measurement(struct walk *w, const struct jv *m, int64_t patient,
			    const int64_t *sess, size_t n_sess)
{
	const struct jv *sites = get(m, "sites"), *sv = get(m, "session");
	const char *limb = str_of(m, "limb"), *date = str_of(m, "date"),
		   *phase = str_of(m, "phase");
	const char *method = str_of(m, "method"), *model = str_of(m, "model"),
		   *src = str_of(m, "source");
	lv_measurement x;
	double *buf = NULL;
	size_t i, n;
	int ret, exists = 0, side = 0;

	memset(&x, 0, sizeof x);
	x.patient = patient;
	if (!limb || lv_limb_parse(limb, strlen(limb), &x.limb) < 0)
		return wfail(
			w, m,
			"a measurement needs a limb: left-arm, right-arm, left-leg or right-leg");
	if (!phase || lv_phase_parse(phase, strlen(phase), &x.phase) < 0)
		return wfail(w, m, "a measurement needs a phase: baseline, pre, post or other");
	if (!method || lv_method_parse(method, &x.method) < 0 || !model ||
	    lv_model_parse(model, &x.model) < 0)
		return wfail(w, m,
			     "a measurement needs a method (tape, photo, import) and a model");
	if (!date || num_of(m, "tape_sd_cm", &x.reading_sd_cm) < 0 ||
	    num_of(m, "volume_ml", &x.volume_ml) < 0 || num_of(m, "sd_ml", &x.sd_ml) < 0)
		return wfail(w, m, "a measurement needs date, tape_sd_cm, volume_ml and sd_ml");
	if (sv && sv->t == J_NUM) {
		if (sv->num != (double)(size_t)sv->num || sv->num < 1 || (size_t)sv->num > n_sess)
			return wfail(w, sv, "session: not among the patient's sessions");
		x.session = sess[(size_t)sv->num - 1];
	} else if (sv && sv->t != J_NULL) {
		return wfail(w, sv, "session: expected a number or null");
	}
	if (!sites || sites->t != J_ARR || sites->n < 2 || sites->n > LV_MAX_SITES)
		return wfail(w, m, "a measurement needs 2 or more sites");
	n = sites->n;
	if (!(buf = malloc(3 * n * sizeof *buf)))
		return lv_error_set(LV_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		const struct jv *st = &sites->items[i];
		if (num_of(st, "site_cm", &buf[i]) < 0 ||
		    num_of(st, "circumference_cm", &buf[n + i]) < 0) {
			free(buf);
			return wfail(w, st, "a site needs site_cm and circumference_cm");
		}
		if (num_of(st, "width_side_cm", &buf[2 * n + i]) == 0)
			side++;
	}
	if (side && side != (int)n) {
		free(buf);
		return wfail(w, sites, "width_side_cm must be given at every site or none");
	}
	x.date = date;
	x.n = n;
	x.site_cm = buf;
	x.circumference_cm = buf + n;
	x.width_side_cm = side ? buf + 2 * n : NULL;
	x.source = src ? src : "";
	if ((ret = lv_store_measurement_exists(w->s, &x, &exists)) == 0 && !exists)
		ret = lv_store_add_measurement(w->s, &x, NULL);
	free(buf);
	if (ret < 0)
		return lv_error_locate(w->name, m->line, m->col);
	if (exists)
		w->skipped++;
	else
		w->stored++;
	return 0;
}

static int walk_patient(struct walk *w, const struct jv *p)
{
	const char *code = str_of(p, "patient"), *sex = str_of(p, "sex");
	const struct jv *limbs = get(p, "limbs"), *weights = get(p, "weights");
	const struct jv *sessions = get(p, "sessions"), *meas = get(p, "measurements");
	int64_t id, *sess = NULL;
	double by = 0;
	lv_sex sx = LV_SEX_UNKNOWN;
	size_t i;
	int ret = 0;

	if (!code || lv_store_check_code(code) < 0)
		return code ? lv_error_locate(w->name, p->line, p->col)
			    : wfail(w, p, "a patient needs its code (\"patient\")");
	if (num_of(p, "birth_year", &by) == 0 && by != 0) {
		long y;
		if (lv_number_int(by, 1900, 2100, &y) < 0) {
			lv_error_set(LV_EDATA, "birth_year: expected a year 1900 to 2100, found %g",
				     by);
			return lv_error_locate(w->name, p->line, p->col);
		}
		by = (double)y;
	}
	if (sex && lv_sex_parse(sex, &sx) < 0)
		return lv_error_locate(w->name, p->line, p->col);
	if (lv_store_patient_ensure(w->s, code, &id) < 0 ||
	    lv_store_patient_set(w->s, id, (int)by, sx) < 0)
		return lv_error_locate(w->name, p->line, p->col);
	for (i = 0; limbs && limbs->t == J_ARR && i < limbs->n; i++) {
		const struct jv *l = &limbs->items[i], *a = get(l, "affected");
		const char *name = str_of(l, "limb");
		lv_limb limb;
		if (!name || lv_limb_parse(name, strlen(name), &limb) < 0)
			return wfail(w, l, "a limb needs its name");
		if (lv_store_limb_set(w->s, id, limb, a && a->t == J_BOOL ? a->b : -1,
				      str_of(l, "landmark")) < 0)
			return lv_error_locate(w->name, l->line, l->col);
	}
	for (i = 0; weights && weights->t == J_ARR && i < weights->n; i++) {
		const struct jv *x = &weights->items[i];
		const char *date = str_of(x, "date");
		double kg;
		int exists = 0;
		if (!date || num_of(x, "weight_kg", &kg) < 0)
			return wfail(w, x, "a weight needs date and weight_kg");
		if (lv_store_weight_exists(w->s, id, date, kg, &exists) < 0 ||
		    (!exists && lv_store_weight_add(w->s, id, date, kg) < 0))
			return lv_error_locate(w->name, x->line, x->col);
	}
	if (sessions && sessions->t == J_ARR && sessions->n) {
		if (!(sess = calloc(sessions->n, sizeof *sess)))
			return lv_error_set(LV_ENOMEM, "out of memory");
		for (i = 0; i < sessions->n; i++) {
			const struct jv *x = &sessions->items[i];
			const char *date = str_of(x, "date"), *kind = str_of(x, "kind");
			lv_session_kind k;
			double num;
			if (!date || !kind || lv_session_kind_parse(kind, &k) < 0 ||
			    num_of(x, "session", &num) < 0 || num != (double)(i + 1)) {
				ret = wfail(w, x,
					    "a session needs date, kind and its number in order");
				goto done;
			}
			if (lv_store_session_ensure(w->s, id, date, k, str_of(x, "notes"),
						    &sess[i]) < 0) {
				ret = lv_error_locate(w->name, x->line, x->col);
				goto done;
			}
		}
	}
	for (i = 0; meas && meas->t == J_ARR && i < meas->n && ret == 0; i++)
		ret = walk_measurement(w, &meas->items[i], id, sess, sessions ? sessions->n : 0);
done:
	free(sess);
	return ret;
}

int import_json(lv_store *s, const char *path, long *stored, long *skipped)
{
	FILE *f = fopen(path, "rb");
	struct jp p;
	struct jv root;
	struct walk w = { s, path, 0, 0 };
	const struct jv *fmt, *patients;
	char *buf = NULL;
	long size;
	int ret;

	memset(&root, 0, sizeof root);
	if (!f)
		return lv_error_set(LV_EIO, "cannot open %s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return lv_error_set(LV_EIO, "cannot read %s", path);
	}
	if (size > IMPORT_JSON_MAX_BYTES) {
		fclose(f);
		return lv_error_set(LV_EDATA,
				    "%s is larger than %ld MB: split it or use the CSV export",
				    path, IMPORT_JSON_MAX_BYTES >> 20);
	}
	if (!(buf = malloc((size_t)size + 1)) || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		free(buf);
		return lv_error_set(buf ? LV_EIO : LV_ENOMEM, "cannot read %s", path);
	}
	fclose(f);
	p.s = p.line_start = buf;
	p.end = buf + size;
	p.name = path;
	p.line = 1;
	ret = jvalue(&p, &root, 0);
	if (ret == 0) {
		skip_ws(&p);
		if (p.s != p.end)
			ret = jfail(&p, "text after the end of the JSON value");
	}
	if (ret == 0) {
		fmt = get(&root, "format");
		patients = get(&root, "patients");
		if (!fmt || fmt->t != J_STR || strcmp(fmt->str, "limbvol-export") || !patients ||
		    patients->t != J_ARR)
			ret = wfail(&w, &root,
				    "not a limbvol JSON export (no \"format\": \"limbvol-export\""
				    " with \"patients\")");
		for (size_t i = 0; ret == 0 && i < patients->n; i++)
			ret = walk_patient(&w, &patients->items[i]);
	}
	jfree(&root);
	free(buf);
	*stored = w.stored;
	*skipped = w.skipped;
	return ret;
}
