/* Photo set manifests (manifest.h). */
#include "manifest.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limbvol/error.h"
#include "limbvol/number.h"
#include "limbvol/vocab.h"
#include "photo.h"
#include "cli.h"
#include "options.h"

static int copy_value(char *dst, size_t size, const char *v, size_t len)
{
	if (len >= size)
		return lv_error_set(LV_EDATA, "value too long (at most %zu characters)", size - 1);
	memcpy(dst, v, len);
	dst[len] = '\0';
	return LV_OK;
}

static int number(const char *v, size_t len, double lo, double hi, double *out)
{
	if (lv_number_parse(v, len, LV_NUMBER_COMMA, out) < 0)
		return LV_EDATA;
	if (!(*out >= lo && *out <= hi))
		return lv_error_set(LV_EDATA, "expected a number from %g to %g, found '%.*s'", lo,
				    hi, (int)(len > 40 ? 40 : len), v);
	return LV_OK;
}

/* One key=value; every key at most once. */
static int apply(manifest *m, const char *key, size_t klen, const char *v, size_t len,
		 unsigned *seen, int *at_key)
{
	static const char *const keys[] = { "patient", "limb",    "date",   "phase",
					    "front",   "side",    "marker", "dict",
					    "from",    "to",      "step",   "origin_offset",
					    "camera",  "proximal" };
	size_t k, nk = sizeof keys / sizeof keys[0];
	char buf[MANIFEST_MAX_VALUE];

	for (k = 0; k < nk; k++)
		if (strlen(keys[k]) == klen && !strncmp(keys[k], key, klen))
			break;
	*at_key = 1;
	if (k == nk)
		return lv_error_set(
			LV_EDATA,
			"unknown key '%.*s' (expected patient, limb, date, phase, front, side, marker, "
			"dict, from, to, step, origin_offset, camera or proximal)",
			(int)(klen > 40 ? 40 : klen), key);
	if (*seen & (1u << k))
		return lv_error_set(LV_EDATA, "key '%s' given twice", keys[k]);
	*seen |= 1u << k;
	*at_key = 0;
	if (len == 0 && k != 0 && k != 3)
		return lv_error_set(LV_EDATA, "key '%s' has no value", keys[k]);
	switch (k) {
	case 0:
		return copy_value(m->patient, sizeof m->patient, v, len);
	case 1: {
		lv_limb l;
		if (lv_limb_parse(v, len, &l) < 0)
			return LV_EDATA;
		return copy_value(m->limb, sizeof m->limb, lv_limb_name(l),
				  strlen(lv_limb_name(l)));
	}
	case 2:
		if (lv_date_check(v, len) < 0)
			return LV_EDATA;
		return copy_value(m->date, sizeof m->date, v, len);
	case 3: {
		lv_phase ph;
		if (lv_phase_parse(v, len, &ph) < 0)
			return LV_EDATA;
		return copy_value(m->phase, sizeof m->phase, lv_phase_name(ph),
				  strlen(lv_phase_name(ph)));
	}
	case 4:
		return copy_value(m->front, sizeof m->front, v, len);
	case 5:
		return copy_value(m->side, sizeof m->side, v, len);
	case 6:
		if (copy_value(buf, sizeof buf, v, len) < 0)
			return LV_EDATA;
		return cli_parse_marker(buf, &m->marker_id, &m->marker_mm);
	case 7:
		return copy_value(m->dict, sizeof m->dict, v, len);
	case 8:
		return number(v, len, -200, 200, &m->from_cm);
	case 9:
		return number(v, len, -200, 200, &m->to_cm);
	case 10:
		return number(v, len, 0.5, 50, &m->step_cm);
	case 11:
		return number(v, len, -200, 200, &m->origin_offset_cm);
	case 13:
		return photo_proximal_parse(v, len, &m->proximal);
	default:
		return copy_value(m->camera, sizeof m->camera, v, len);
	}
}

int manifest_read(manifest *m, const char *dir)
{
	char path[4096], *text = NULL;
	FILE *f = NULL;
	size_t n;
	long line = 0;
	unsigned seen = 0;
	int rc;

	memset(m, 0, sizeof *m);
	m->marker_mm = 80;
	m->from_cm = m->to_cm = NAN;
	m->step_cm = 4;
	snprintf(m->dict, sizeof m->dict, "4x4_50");
	if (snprintf(path, sizeof path, "%s/%s", dir, MANIFEST_NAME) >= (int)sizeof path)
		return lv_error_set(LV_EINVAL, "path too long: %.80s...", dir);
	f = fopen(path, "rb");
	if (!f)
		return lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO, "cannot read %s: %s",
				    path, strerror(errno));
	text = malloc(MANIFEST_MAX_BYTES + 1);
	if (!text) {
		rc = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	n = fread(text, 1, MANIFEST_MAX_BYTES + 1, f);
	if (ferror(f)) {
		rc = lv_error_set(LV_EIO, "cannot read %s", path);
		goto done;
	}
	if (n > MANIFEST_MAX_BYTES) {
		rc = lv_error_set(LV_EDATA, "%s is larger than %d bytes: not a manifest", path,
				  MANIFEST_MAX_BYTES);
		goto done;
	}
	text[n] = '\0';
	if (memchr(text, '\0', n)) {
		rc = lv_error_set(LV_EDATA, "%s is not a text file", path);
		goto done;
	}
	for (char *p = text; *p;) {
		char *end = strchr(p, '\n'), *eq, *k, *v;
		size_t klen, vlen;
		if (!end)
			end = p + strlen(p);
		line++;
		k = p;
		while (k < end && (*k == ' ' || *k == '\t' || *k == '\r'))
			k++;
		if (line == 1 && (unsigned char)k[0] == 0xEF && (unsigned char)k[1] == 0xBB &&
		    (unsigned char)k[2] == 0xBF)
			k += 3;
		if (k < end && *k != '#') {
			eq = memchr(k, '=', (size_t)(end - k));
			if (!eq) {
				lv_error_set(LV_EDATA, "expected key=value");
				rc = lv_error_locate(path, line, (long)(k - p) + 1);
				goto done;
			}
			klen = (size_t)(eq - k);
			while (klen && (k[klen - 1] == ' ' || k[klen - 1] == '\t'))
				klen--;
			v = eq + 1;
			while (v < end && (*v == ' ' || *v == '\t'))
				v++;
			vlen = (size_t)(end - v);
			while (vlen &&
			       (v[vlen - 1] == ' ' || v[vlen - 1] == '\t' || v[vlen - 1] == '\r'))
				vlen--;
			int at_key = 0;
			if (apply(m, k, klen, v, vlen, &seen, &at_key) < 0) {
				rc = lv_error_locate(path, line, (long)((at_key ? k : v) - p) + 1);
				if (lv_error_last()->code == LV_EINVAL)
					rc = LV_EDATA;
				goto done;
			}
		}
		p = *end ? end + 1 : end;
	}
	if (!m->front[0]) {
		rc = lv_error_set(LV_EDATA, "%s: no front photo (expected a line front=FILE)",
				  path);
		goto done;
	}
	if (!isnan(m->from_cm) && !isnan(m->to_cm) && !(m->to_cm > m->from_cm)) {
		rc = lv_error_set(LV_EDATA, "%s: 'to' must be greater than 'from'", path);
		goto done;
	}
	rc = LV_OK;
done:
	free(text);
	if (f)
		fclose(f);
	return rc;
}

/* A value written as the reader reads it back: no line break or control
 * character, no blank at either end (the reader trims them). */
static int writable(const char *key, const char *v)
{
	size_t n = strlen(v);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return lv_error_set(LV_EINVAL, "manifest: %s holds a control character",
					    key);
	if (n && (v[0] == ' ' || v[n - 1] == ' ' || v[0] == '#'))
		return lv_error_set(LV_EINVAL, "manifest: %s starts or ends with a blank", key);
	return LV_OK;
}

static void put_number(FILE *f, const char *key, double v, int decimals)
{
	char b[64];
	if (isnan(v) || lv_number_format(v, decimals, b, sizeof b) < 0)
		return;
	fprintf(f, "%s=%s\n", key, b);
}

int manifest_write(const manifest *m, const char *dir)
{
	static const char *const fields[] = { "patient", "limb", "date", "phase",
					      "front",   "side", "dict", "camera" };
	const char *vals[] = { m->patient, m->limb, m->date, m->phase,
			       m->front,   m->side, m->dict, m->camera };
	char path[4096], tmp[4160], b[64];
	FILE *f;
	int ok;

	for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
		if (writable(fields[k], vals[k]) < 0)
			return LV_EINVAL;
	if (!m->front[0])
		return lv_error_set(LV_EINVAL, "manifest: no front photo");
	if (snprintf(path, sizeof path, "%s/%s", dir, MANIFEST_NAME) >= (int)sizeof path)
		return lv_error_set(LV_EINVAL, "path too long: %.80s...", dir);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	f = fopen(tmp, "wx");
	if (!f)
		return lv_error_set(LV_EEXISTS, "cannot create %s: %s", tmp, strerror(errno));
	for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
		if (vals[k][0] && !(k == 6 && !strcmp(vals[k], "4x4_50")))
			fprintf(f, "%s=%s\n", fields[k], vals[k]);
	if (lv_number_format(m->marker_mm, 2, b, sizeof b) >= 0)
		fprintf(f, "marker=%d:%s\n", m->marker_id, b);
	put_number(f, "from", m->from_cm, 2);
	put_number(f, "to", m->to_cm, 2);
	put_number(f, "step", m->step_cm, 2);
	if (m->origin_offset_cm != 0)
		put_number(f, "origin_offset", m->origin_offset_cm, 3);
	if (m->proximal != PHOTO_PROXIMAL_NONE)
		fprintf(f, "proximal=%s\n", photo_proximal_name(m->proximal));
	ok = !ferror(f);
	ok = fflush(f) == 0 && ok;
	ok = fsync(fileno(f)) == 0 && ok;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		return lv_error_set(LV_EIO, "cannot write %s: %s", path, strerror(e));
	}
	return LV_OK;
}
