/*
 * The capture session (capture.h): frames in, guidance out, two views
 * taken (by key, or by themselves when headless), the photo set written
 * whole, the result printed and recorded.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture.h"
#include "capture_draw.h"
#include "capture_motion.h"
#include "capture_set.h"
#include "capture_source.h"
#include "cvs_photo.h"
#include "cvs_video.h"
#include "limbvol/error.h"
#include "limbvol/number.h"
#include "limbvol/store.h"
#include "photo_record.h"
#include "photo_report.h"

static const char CMD[] = "capture";
static const char TITLE[] = "limbvol capture";
#define EXIT_QUIT 1
#define QUIT 2 /* loop(): the user quit */
#define EXIT_INTERRUPTED 130
#define TURN_TEXT "now turn the limb and the card 90°"

typedef struct session {
	const capture_opts *o;
	capture_source *src;
	capture_motion *mot;
	capture_guide g;
	cvs_image *frame, *shown;
	int w, h, window, eof;
	int n_views;
	cvs_image *view_img[2];
	photo_view *view[2];
	photo_result result;
	int turned; /* a movement since the front view */
	int written; /* the set is in its place: Ctrl-C no longer undoes it */
	double t, t_seen; /* this frame's time; when the marker was last seen */
	int other_frames; /* consecutive frames showing only another id */
	int still_needed;
	char said[640]; /* the guidance last printed on stderr */
	char flash[640];
	double flash_until;
	lv_store *store;
	/* --timing: thread CPU time per stage, ms */
	long frames;
	double ms_read, ms_guide, ms_draw, ms_show, wall0, wall_end;
} session;

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static const char *view_name(int k)
{
	return k == 0 ? "front" : "side";
}

/* Progress on stderr: every change of guidance, with the frame's time. */
static void say(session *s, const char *msg)
{
	char t[32];
	if (!strcmp(msg, s->said))
		return;
	snprintf(s->said, sizeof s->said, "%s", msg);
	if (lv_number_format(s->t, 1, t, sizeof t) < 0)
		snprintf(t, sizeof t, "?");
	fprintf(stderr, "limbvol capture: %s s: %s\n", t, msg);
}

static void flash(session *s, const char *msg)
{
	snprintf(s->flash, sizeof s->flash, "%s", msg);
	s->flash_until = s->t + 3;
	say(s, msg);
}

/* The one line of guidance for this frame. */
static void guidance(const session *s, char *buf, size_t size)
{
	int still = capture_motion_still_frames(s->mot) >= s->still_needed;
	if (s->g.state != GUIDE_READY) {
		snprintf(buf, size, "%s", s->g.message);
	} else if (s->n_views == 1 && !s->turned) {
		snprintf(buf, size, "%s", TURN_TEXT);
	} else if (!still && s->o->headless) {
		snprintf(buf, size, "hold still");
	} else if (s->o->headless) {
		snprintf(buf, size, "taking the %s view", view_name(s->n_views));
	} else {
		snprintf(buf, size, "%sready: press space for the %s view",
			 still ? "" : "hold still; ", view_name(s->n_views));
	}
}

static void drop_view(session *s, int k)
{
	cvs_image_free(s->view_img[k]);
	photo_free(s->view[k]);
	s->view_img[k] = NULL;
	s->view[k] = NULL;
}

/*
 * Take the current frame as the next view.  Returns 1 when both views are
 * there and agree, 0 when the session goes on, or a negative status (error
 * set) that ends it.
 */
static int take(session *s)
{
	int k = s->n_views, rc;
	cvs_view v;
	char msg[640];

	if (s->g.state != GUIDE_READY || !s->g.photo) {
		snprintf(msg, sizeof msg, "cannot take the %s view: %.400s", view_name(k),
			 s->g.message);
		flash(s, msg);
		return 0;
	}
	if (s->o->lensfile && (rc = photo_lens_check(s->o->lensfile, s->w, s->h)) < 0)
		return rc;
	cvs_image_view(s->frame, &v);
	if ((rc = cvs_image_from_view(&s->view_img[k], &v)) < 0)
		return rc;
	s->view[k] = capture_guide_take(&s->g);
	s->n_views = k + 1;
	s->turned = 0;
	snprintf(msg, sizeof msg, "%s view taken", view_name(k));
	flash(s, msg);
	if (k == 0)
		return 0;
	rc = photo_measure(&s->result, s->view[0], s->view[1], &s->o->g.rq);
	if (rc == LV_OK)
		return 1;
	if (s->o->headless)
		return rc;
	snprintf(msg, sizeof msg, "%.500s: press space to take the side view again",
		 lv_error_last()->message);
	flash(s, msg);
	drop_view(s, 1);
	s->n_views = 1;
	s->turned = 1;
	return 0;
}

/* The set's folder name: PATIENT-LIMB-DATE-PHASE ("T12:30" as "T12-30"). */
static void set_name(const capture_opts *o, char *buf, size_t size)
{
	snprintf(buf, size, "%s-%s-%s-%s", o->patient, o->limb, o->date, o->phase);
	for (char *p = buf; *p; p++)
		if (*p == ':' || *p == '/')
			*p = '-';
}

static int finish(session *s)
{
	const capture_opts *o = s->o;
	capture_set *set = NULL;
	manifest m;
	char name[256], path[4096];
	int rc;

	memset(&m, 0, sizeof m);
	snprintf(m.patient, sizeof m.patient, "%s", o->patient);
	snprintf(m.limb, sizeof m.limb, "%s", o->limb);
	snprintf(m.date, sizeof m.date, "%s", o->date);
	snprintf(m.phase, sizeof m.phase, "%s", o->phase);
	snprintf(m.front, sizeof m.front, "front.png");
	snprintf(m.side, sizeof m.side, "side.png");
	snprintf(m.dict, sizeof m.dict, "%s", o->dict);
	m.marker_id = o->g.po.marker_id;
	m.marker_mm = o->g.po.marker_mm;
	/* the range as asked: limbvol batch then measures exactly this */
	m.from_cm = o->g.rq.from_cm;
	m.to_cm = o->g.rq.to_cm;
	m.step_cm = o->g.rq.step_cm;
	m.origin_offset_cm = o->g.rq.origin_offset_cm;
	m.proximal = o->g.po.proximal;
	if ((rc = capture_set_begin(&set, o->out)) < 0)
		return rc;
	if ((rc = capture_set_add_image(set, m.front, s->view_img[0])) < 0 ||
	    (rc = capture_set_add_image(set, m.side, s->view_img[1])) < 0)
		goto done;
	if (o->camera) {
		snprintf(m.camera, sizeof m.camera, "camera.yml");
		if ((rc = capture_set_add_copy(set, m.camera, o->camera)) < 0)
			goto done;
	}
	if (capture_interrupted) {
		rc = LV_EINTERNAL; /* reported by the caller as interrupted */
		goto done;
	}
	set_name(o, name, sizeof name);
	if ((rc = capture_set_commit(set, &m, name, path, sizeof path)) < 0)
		goto done;
	s->written = 1;
	fprintf(stderr, "limbvol capture: photo set written to %s\n", path);
	if (s->store && (rc = photo_record(s->store, path, &m, &s->result, NULL)) < 0) {
		char msg[sizeof lv_error_last()->message];
		snprintf(msg, sizeof msg, "%s", lv_error_last()->message);
		rc = lv_error_set(rc == LV_EDATA ? LV_EDATA : LV_EDB,
				  "the photo set was written to %s but not recorded: %s (record "
				  "it later with `limbvol batch %s --db %s`)",
				  path, msg, path, o->db);
		goto done;
	}
	rc = LV_OK;
done:
	capture_set_abort(set);
	return rc;
}

static int draw(session *s)
{
	char line[640], info[400], vol[32] = "", a[32], b[32];
	cvs_view v;
	int rc;
	double text_px;

	cvs_image_view(s->frame, &v);
	cvs_image_free(s->shown);
	s->shown = NULL;
	if ((rc = cvs_image_from_view(&s->shown, &v)) < 0)
		return rc;
	if ((rc = capture_guide_draw(&s->g, s->shown, &s->o->g)) < 0)
		return rc;
	text_px = fmax(14.0, v.height / 36.0);
	guidance(s, line, sizeof line);
	if (s->flash[0] && s->t < s->flash_until) {
		char next[sizeof line];
		snprintf(next, sizeof next, "%s", line);
		/* "front view taken" must not hide the turn for its 3 s */
		capture_flash_line(line, sizeof line, s->flash, next, strcmp(next, TURN_TEXT) == 0);
	}
	/* the window's font has no degree sign */
	char *deg = strstr(line, "°");
	if (deg)
		memmove(deg + 4, deg + 2, strlen(deg + 2) + 1), memcpy(deg, " deg", 4);
	if ((rc = capture_draw_bar(s->shown, 0, line,
				   s->g.state == GUIDE_READY ? 0x40ff40 : 0xffc000, text_px)) < 0)
		return rc;
	if (s->g.have_live &&
	    lv_number_format(s->g.live.volume.volume_ml, 0, vol, sizeof vol) >= 0 &&
	    lv_number_format(s->g.live.from_cm, 1, a, sizeof a) >= 0 &&
	    lv_number_format(s->g.live.to_cm, 1, b, sizeof b) >= 0)
		snprintf(info, sizeof info,
			 "front %s  side %s" CAPTURE_BAR_SEP
			 "this view alone ~%s mL, %s to %s cm: whole",
			 s->n_views > 0 ? "taken" : "-", s->n_views > 1 ? "taken" : "-", vol, a, b);
	else
		snprintf(info, sizeof info,
			 "front %s  side %s" CAPTURE_BAR_SEP "range not whole in the frame",
			 s->n_views > 0 ? "taken" : "-", s->n_views > 1 ? "taken" : "-");
	if (!s->o->headless)
		snprintf(info + strlen(info), sizeof info - strlen(info),
			 CAPTURE_BAR_SEP "space: take  r: retake  q/Esc: quit");
	return capture_draw_bar(s->shown, 1, info, s->g.have_live ? 0x40ff40 : 0xff6040,
				text_px * 0.8);
}

/* Why a headless session could not finish when its frames ran out. */
static int ended(session *s)
{
	const char *what = s->n_views == 0 ? "the front view"
		: s->turned                ? "the side view"
			    : "the side view (no turn was seen after the front view)";
	return lv_error_set(LV_EIMAGE, "%s ended after %ld frames before %s was taken (last: %s)",
			    capture_source_name(s->src), capture_source_frames(s->src), what,
			    s->said[0] ? s->said : "no frame analysed");
}

static int one_frame(session *s)
{
	const capture_opts *o = s->o;
	double t0 = cpu_ms(), t1, t2;
	int rc;

	rc = capture_source_read(s->src, &s->frame, &s->t);
	t1 = cpu_ms();
	s->ms_read += t1 - t0;
	if (rc < 0)
		return rc;
	if (rc == 0) {
		if (o->headless)
			return ended(s);
		s->eof = 1;
		s->wall_end = wall_ms();
		flash(s, "end of the video: space takes this frame, q quits");
		s->flash_until = HUGE_VAL;
		return LV_OK;
	}
	s->frames++;
	if ((rc = capture_motion_feed(s->mot, s->frame)) < 0)
		return rc;
	if ((rc = capture_guide_frame(&s->g, s->frame, &o->g)) < 0)
		return rc;
	t2 = cpu_ms();
	s->ms_guide += t2 - t1;
	if (s->g.have_marker && s->g.marker_id == o->g.po.marker_id)
		s->t_seen = s->t;
	s->other_frames = s->g.state == GUIDE_OTHER_MARKER ? s->other_frames + 1 : 0;
	if (s->n_views == 1 && !s->turned && capture_motion_moving(s->mot))
		s->turned = 1;
	if (o->timeout_s > 0 && s->t - s->t_seen > o->timeout_s)
		return lv_error_set(LV_EIMAGE, "no marker with id %d seen for %g s (--timeout): %s",
				    o->g.po.marker_id, o->timeout_s, s->g.message);
	if (o->headless && s->other_frames >= s->still_needed)
		return lv_error_set(LV_EIMAGE, "%s", s->g.message);
	return LV_OK;
}

static void print_timing(const session *s)
{
	double n = s->frames > 0 ? (double)s->frames : 1,
	       per = (s->ms_read + s->ms_guide + s->ms_draw + s->ms_show) / n;
	fprintf(stderr,
		"timing: %ld frames %dx%d: decode_ms %.2f guide_ms %.2f draw_ms %.2f show_ms %.2f "
		"per frame; fps %.1f (decoding alone %.1f); wall fps %.1f\n",
		s->frames, s->w, s->h, s->ms_read / n, s->ms_guide / n, s->ms_draw / n,
		s->ms_show / n, 1000 / per, 1000 / (s->ms_read / n),
		s->frames * 1000 / ((s->wall_end > 0 ? s->wall_end : wall_ms()) - s->wall0));
}

static int loop(session *s)
{
	const capture_opts *o = s->o;
	int rc, key;

	for (;;) {
		double w0 = wall_ms();
		if (capture_interrupted)
			return LV_EINTERNAL;
		if (!s->eof && (rc = one_frame(s)) < 0)
			return rc;
		if (o->headless && s->g.state == GUIDE_READY &&
		    capture_motion_still_frames(s->mot) >= s->still_needed &&
		    (s->n_views == 0 || s->turned)) {
			if ((rc = take(s)) != 0)
				return rc;
		}
		{
			/* the guidance on stderr whenever it changes, in the window
			 * too: a log of the session (and what the window test waits
			 * for) */
			char line[640];
			guidance(s, line, sizeof line);
			say(s, line);
		}
		if (!s->window && !o->draw)
			continue;
		double t0 = cpu_ms();
		if ((rc = draw(s)) < 0)
			return rc;
		double t1 = cpu_ms();
		s->ms_draw += t1 - t0;
		if (!s->window)
			continue;
		if ((rc = cvs_window_show(TITLE, s->shown)) < 0)
			return rc;
		/* a file plays at its own rate, a camera as fast as it comes */
		int wait = 1;
		if (capture_source_kind(s->src) != SOURCE_DEVICE) {
			double period = 1000.0 / capture_source_fps(s->src), spent = wall_ms() - w0;
			if (s->eof)
				period = 30;
			wait = spent < period ? (int)(period - spent) : 1;
		}
		if ((rc = cvs_window_key(wait, &key)) < 0)
			return rc;
		s->ms_show += cpu_ms() - t1;
		if (key == 'q' || key == 'Q' || key == 27 || cvs_window_closed(TITLE))
			return QUIT;
		if (key == ' ' && (rc = take(s)) != 0)
			return rc;
		if ((key == 'r' || key == 'R') && s->n_views > 0) {
			char msg[64];
			s->n_views--;
			drop_view(s, s->n_views);
			snprintf(msg, sizeof msg, "%s view dropped: take it again",
				 view_name(s->n_views));
			flash(s, msg);
			s->turned = s->n_views == 1;
		}
	}
}

int capture_run(const capture_opts *o)
{
	session s;
	int rc, code;

	memset(&s, 0, sizeof s);
	s.o = o;
	capture_guide_clear(&s.g);
	s.wall0 = wall_ms();
	if (o->timing)
		cvs_set_threads(1);
	if (o->db && lv_store_open(&s.store, o->db, LV_STORE_CREATE) < 0) {
		code = cli_report(CMD);
		goto out;
	}
	rc = o->device ? capture_source_open_device(&s.src, o->device, o->req_width, o->req_height)
		       : capture_source_open(&s.src, o->source);
	if (rc < 0) {
		code = cli_report(CMD);
		goto out;
	}
	capture_source_size(s.src, &s.w, &s.h);
	if ((rc = capture_motion_new(&s.mot)) < 0) {
		code = cli_report(CMD);
		goto out;
	}
	s.still_needed = o->still_frames;
	if (!s.still_needed) {
		/* about one second */
		s.still_needed = (int)floor(capture_source_fps(s.src) + 0.5);
		if (s.still_needed < 2)
			s.still_needed = 2;
	}
	if (!o->headless) {
		int ww = s.w, wh = s.h;
		while (ww > 1400 || wh > 900)
			ww /= 2, wh /= 2;
		if ((rc = cvs_window_open(TITLE, ww, wh)) < 0) {
			code = cli_report(CMD);
			goto out;
		}
		s.window = 1;
	}
	rc = loop(&s);
	if (rc == 1)
		rc = finish(&s);
	if (o->timing)
		print_timing(&s);
	if (capture_interrupted && !s.written) {
		fprintf(stderr, "limbvol capture: interrupted: no photo set written\n");
		code = EXIT_INTERRUPTED;
	} else if (rc == QUIT) {
		fprintf(stderr, "limbvol capture: quit: no photo set written\n");
		code = EXIT_QUIT;
	} else if (rc < 0) {
		code = cli_report(CMD);
	} else {
		code = photo_report_stdout(CMD, &s.result, (enum cli_format)o->fmt, LV_CSV_STYLE_C);
	}
out:
	if (s.window)
		cvs_window_close(TITLE);
	capture_guide_clear(&s.g);
	drop_view(&s, 0);
	drop_view(&s, 1);
	photo_result_clear(&s.result);
	cvs_image_free(s.frame);
	cvs_image_free(s.shown);
	capture_motion_free(s.mot);
	capture_source_close(s.src);
	lv_store_close(s.store);
	return code;
}
