/*
 * limbvol-gen: synthetic photo sets of limb-like shapes of exactly known
 * volume, for the tests and samples of photo volumetry (doc/generator.md).
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "opt.h"
#include "gen.h"
#include "gen_opts.h"
#include "limbvol/limbvol.h"
#include "cvs.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static const char summary[] =
	"render synthetic photo sets of limbs of known volume (tests, samples)";

static const char usage[] = "usage: limbvol gen [options] --out DIR\n";

static const char about[] =
	"Renders a synthetic photo set: a limb-like shape whose cross-sections are\n"
	"ellipses varying smoothly along it, photographed through a pinhole camera\n"
	"from the front and from the side (turned 90 degrees), with shading, a soft\n"
	"shadow on a plain background and a printed ArUco marker card lying in the\n"
	"plane of the limb's axis beside it.  Writes DIR/front.jpg, DIR/side.jpg,\n"
	"DIR/manifest.txt and DIR/truth.json (the exact volume between --from and\n"
	"--to and the exact circumference at each site, computed by numerical\n"
	"integration of the shape, independently of limbvol's measuring code).\n";

static const char more[] =
	"examples:\n"
	"  limbvol-gen --out set1\n"
	"  limbvol-gen --out set2 --shape leg --tilt 20 --landmark-at 0.2,0.3 --size 4000x3000\n"
	"  limbvol-gen --out masks --mask-only --shape ellipse --px-per-cm 20\n"
	"  limbvol-gen --out arm --mesh arm.stl --landmark -253,-112,830 --towards -213,-59,1070 \\\n"
	"              --fov 46 --distance 70 --from 0 --to 28\n\n"
	"exit codes: 0 ok, 64 usage (also: the scene does not fit in the frame),\n"
	"65 a malformed mesh, 66 a missing mesh, 70 internal error, 73 cannot\n"
	"create the output.\n";

#define CMD "gen"

/* "AxB" or "A,B": two numbers and their separator. */
static int two_numbers(const char *arg, char sep, double *a, double *b)
{
	const char *p = strchr(arg, sep);
	if (!p || lv_number_parse(arg, (size_t)(p - arg), 0, a) < 0 ||
	    lv_number_parse(p + 1, strlen(p + 1), 0, b) < 0) {
		lv_error_clear();
		return -1;
	}
	return 0;
}

/* "X,Y,Z" of a --landmark, --towards or --view (a CLI_CALL at a double[3]). */
static int set_triple(struct cli_parser *parser, void *base, const char *arg)
{
	double *v = base;
	const char *p = arg;

	for (int i = 0; i < 3; i++) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if ((i < 2) != (e != NULL) || lv_number_parse(p, len, 0, &v[i]) < 0) {
			lv_error_clear();
			return cli_fail(parser, "expected X,Y,Z (three numbers), found '%.60s'",
					arg);
		}
		p = e ? e + 1 : p + len;
	}
	return 0;
}

static int parse_background(struct cli_parser *parser, const char *arg, unsigned char bg[3])
{
	static const struct {
		const char *name;
		unsigned char bgr[3];
	} named[] = {
		{ "blue", { 170, 110, 50 } },
		{ "green", { 70, 140, 60 } },
		{ "gray", { 120, 120, 120 } },
	};
	double v[3];
	const char *p = arg;
	size_t i;

	for (i = 0; i < sizeof named / sizeof named[0]; i++)
		if (!strcmp(arg, named[i].name)) {
			memcpy(bg, named[i].bgr, 3);
			return 0;
		}
	for (i = 0; i < 3; i++) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if ((i < 2) != (e != NULL) || lv_number_parse(p, len, 0, &v[i]) < 0 || v[i] < 0 ||
		    v[i] > 255) {
			lv_error_clear();
			return cli_fail(parser,
					"expected blue, green, gray or B,G,R (0-255), found '%.40s'",
					arg);
		}
		bg[i] = (unsigned char)lround(v[i]);
		p = e ? e + 1 : p + len;
	}
	return 0;
}

#define O(p) ((struct opts *)(p))

static int set_background(struct cli_parser *p, void *base, const char *v)
{
	return parse_background(p, v, O(base)->bg);
}

static int set_shape(struct cli_parser *p, void *base, const char *v)
{
	static const char *const names[] = { "arm", "leg", "cylinder", "cone", "ellipse" };
	size_t k;
	for (k = 0; k < 5 && strcmp(v, names[k]); k++)
		;
	if (k == 5)
		return cli_fail(p, "expected arm, leg, cylinder, cone or ellipse, found '%.40s'",
				v);
	O(base)->shape.kind = (enum gen_kind)k;
	O(base)->shape_name = names[k];
	return 0;
}

static int set_hand(struct cli_parser *p, void *base, const char *v)
{
	double x;
	if (cli_opt_number(p, v, &x) < 0)
		return -1;
	if (!(fabs(x) <= 60))
		return cli_fail(p, "expected a bend of -60 to 60 degrees, found '%.40s'", v);
	O(base)->shape.hand_deg = x;
	O(base)->shape.hand = 1;
	return 0;
}

static int set_foot(struct cli_parser *p, void *base, const char *v)
{
	if (strcmp(v, "forward"))
		return cli_fail(p, "expected forward, found '%.40s'", v);
	O(base)->shape.hand = 2;
	return 0;
}

static int set_seed(struct cli_parser *p, void *base, const char *v)
{
	char *end;
	errno = 0;
	O(base)->seed = strtoull(v, &end, 10);
	if (errno || *end || !*v || *v == '-')
		return cli_fail(p, "expected a whole number, found '%.40s'", v);
	return 0;
}

static int set_size(struct cli_parser *p, void *base, const char *v)
{
	double x, y;
	if (two_numbers(v, 'x', &x, &y) < 0 ||
	    !(x >= 64 && y >= 64 && x <= 20000 && y <= 20000 && x == floor(x) && y == floor(y) &&
	      x * y <= (double)CVS_MAX_PIXELS))
		return cli_fail(p,
				"expected WxH, 64 to 20000 pixels a side and at most 50 "
				"megapixels, found '%.40s'",
				v);
	O(base)->width = (int)x;
	O(base)->height = (int)y;
	return 0;
}

static int set_landmark_at(struct cli_parser *p, void *base, const char *v)
{
	struct opts *o = base;
	if (two_numbers(v, ',', &o->fx, &o->fy) < 0 ||
	    !(o->fx >= 0 && o->fx <= 1 && o->fy >= 0 && o->fy <= 1))
		return cli_fail(p, "expected FX,FY, fractions of the frame (0 to 1), found '%.40s'",
				v);
	return 0;
}

static int set_marker(struct cli_parser *p, void *base, const char *v)
{
	double x;
	if (two_numbers(v, ':', &x, &O(base)->marker_mm) < 0 || x != floor(x) || x < 0 ||
	    x > 1000 || !(O(base)->marker_mm >= 5 && O(base)->marker_mm <= 500))
		return cli_fail(p, "expected ID:SIZE_MM (size 5 to 500 mm), found '%.40s'", v);
	O(base)->marker_id = (int)x;
	return 0;
}

static int set_swell(struct cli_parser *p, void *base, const char *v)
{
	double x;
	if (cli_opt_number(p, v, &x) < 0)
		return -1;
	if (!(fabs(x) <= 30))
		return cli_fail(p, "expected -30 to 30 mm, found '%.40s'", v);
	O(base)->swell_cm = x / 10;
	return 0;
}

static int set_swell_taper(struct cli_parser *p, void *base, const char *v)
{
	struct opts *o = base;
	if (two_numbers(v, ':', &o->swell_full_cm, &o->swell_none_cm) < 0 ||
	    !(o->swell_full_cm < o->swell_none_cm) || fabs(o->swell_full_cm) > 1000 ||
	    fabs(o->swell_none_cm) > 1000)
		return cli_fail(p,
				"expected FULL:NONE, two positions in cm (FULL below NONE), "
				"found '%.40s'",
				v);
	return 0;
}

/* cm per unit of the mesh file */
static const struct cli_choice mesh_units[] = {
	{ "mm", 1 }, { "cm", 10 }, { "m", 1000 }, { NULL, 0 }
};

static const struct cli_choice sides[] = { { "below", 1 }, { "above", 0 }, { NULL, 0 } };

#define OFF(field) offsetof(struct opts, field)

static const struct cli_opt options[] = {
	{ CLI_STRING, "out", 0, OFF(out), .arg = "DIR", .flags = CLI_DIR,
	  .help = "the folder written (required)" },
	{ CLI_TITLE, .help = "shape" },
	{ CLI_CALL, "shape", 0, .arg = "NAME", .set = set_shape,
	  .help = "arm (default), leg, cylinder, cone, ellipse" },
	{ CLI_NUMBER, "radius", 0, OFF(shape.radius_cm), .arg = "CM", .min = 0.5, .max = 20,
	  .flags = CLI_ABOVE_MIN, .help = "cylinder and ellipse semi-axis, cone radius at 0 (4)" },
	{ CLI_NUMBER, "taper", 0, OFF(shape.taper), .arg = "K", .min = -0.5, .max = 0.5,
	  .help = "cone: radius change per cm (0.04)" },
	{ CLI_NUMBER, "ratio", 0, OFF(shape.ratio), .arg = "R", .min = 0.3, .max = 3,
	  .help = "ellipse: side / front semi-axis (0.75)" },
	{ CLI_NUMBER, "tip", 0, OFF(shape.tip_cm), .arg = "CM",
	  .help = "distal end of the limb (-6), rounded below it" },
	{ CLI_CALL, "hand", 0, .arg = "DEG", .set = set_hand,
	  .help = "a flat hand at the tip, bent DEG degrees away from the\n"
		  "card (-60 to 60); it is not part of the truth range" },
	{ CLI_CALL, "foot", 0, .arg = "forward", .set = set_foot,
	  .help = "a foot at the tip (a standing leg); the frame may cut\n"
		  "it off: the manifest then says where proximal is" },
	{ CLI_CALL, "seed", 0, .arg = "N", .set = set_seed,
	  .help = "varies the arm and leg and the sensor noise (1)" },
	{ CLI_TITLE, .help = "a real limb (binary STL mesh) instead of a shape" },
	{ CLI_STRING, "mesh", 0, OFF(mesh), .arg = "FILE.stl", .flags = CLI_FILE,
	  .help = "the limb's surface; truth from the mesh itself" },
	{ CLI_CHOICE, "mesh-unit", 0, OFF(mesh_unit), .arg = "U", .choices = mesh_units,
	  .help = "mm (default), cm or m" },
	{ CLI_CALL, "landmark", 0, OFF(mesh_landmark), .arg = "X,Y,Z", .set = set_triple,
	  .help = "position 0 on the limb (mesh coordinates, e.g. the\n"
		  "middle of the wrist); required with --mesh" },
	{ CLI_CALL, "towards", 0, OFF(mesh_towards), .arg = "X,Y,Z", .set = set_triple,
	  .help = "a point further up the limb (first guess of the\n"
		  "axis; the axis is then fitted); required with --mesh" },
	{ CLI_CALL, "view", 0, OFF(mesh_view), .arg = "X,Y,Z", .set = set_triple,
	  .help = "the front camera's direction of view (0,1,0)" },
	{ CLI_NUMBER, "bend", 0, OFF(bend_deg), .arg = "DEG", .min = -45, .max = 45,
	  .help = "bend the mesh at a joint in the front view's plane\n"
		  "(-45 to 45; positive: the distal part towards the\n"
		  "side where --marker-side below puts the card)" },
	{ CLI_NUMBER, "bend-at", 0, OFF(bend_at_cm), .arg = "CM",
	  .help = "the joint's position from the landmark (an elbow)" },
	{ CLI_CALL, "swell", 0, .arg = "MM", .set = set_swell,
	  .help = "swell the mesh as edema does: every vertex moved out\n"
		  "along its vertex normal by MM mm (-30 to 30; negative\n"
		  "shrinks it); the truth is the swollen mesh's" },
	{ CLI_CALL, "swell-taper", 0, .arg = "FULL:NONE", .set = set_swell_taper,
	  .help = "swelling that grows towards the distal end: all of\n"
		  "--swell at and below FULL cm from the landmark, none\n"
		  "at and above NONE, linear between (along the first axis,\n"
		  "--landmark to --towards)" },
	{ CLI_TITLE, .help = "camera and scene" },
	{ CLI_CALL, "size", 0, .arg = "WxH", .set = set_size,
	  .help = "image size in pixels (1600x1200; at most 50 MP)" },
	{ CLI_NUMBER, "distance", 0, OFF(distance), .arg = "CM", .min = 20, .max = 1000,
	  .help = "camera to the limb's axis (80)" },
	{ CLI_NUMBER, "fov", 0, OFF(fov_deg), .arg = "DEG", .min = 5, .max = 120,
	  .help = "horizontal field of view (55)" },
	{ CLI_NUMBER, "tilt", 0, OFF(tilt_deg), .arg = "DEG",
	  .help = "direction of the limb in the image, 0 = towards the\n"
		  "right edge, 90 = towards the bottom (0)" },
	{ CLI_CALL, "landmark-at", 0, .arg = "FX,FY", .set = set_landmark_at,
	  .help = "where position 0 is in the frame, as fractions (0.3,0.45)" },
	{ CLI_CALL, "marker", 0, .arg = "ID:SIZE_MM", .set = set_marker,
	  .help = "marker id and side of its black square (0:80)" },
	{ CLI_STRING, "dict", 0, OFF(dict), .arg = "NAME", .help = "marker dictionary (4x4_50)" },
	{ CLI_CHOICE, "marker-side", 0, OFF(below), .choices = sides,
	  .help = "side of the limb the card lies on (below)" },
	{ CLI_NUMBER, "marker-axial", 0, OFF(marker_axial), .arg = "CM", .min = -100, .max = 100,
	  .help = "the card's centre at this position instead of 0; the\n"
		  "manifest then says origin_offset=-CM" },
	{ CLI_CALL, "background", 0, .arg = "NAME", .set = set_background,
	  .help = "blue (default), green, gray, or B,G,R" },
	{ CLI_INT, "noise", 0, OFF(noise), .arg = "N", .min = 0, .max = 50,
	  .help = "sensor noise amplitude in grey levels (3)" },
	{ CLI_CHOICE, "ext", 0, OFF(ext_png),
	  .choices = (const struct cli_choice[]){ { "jpg", 0 }, { "png", 1 }, { NULL, 0 } },
	  .help = "image format (jpg)" },
	{ CLI_FLAG, "one-view", 0, OFF(one_view), .help = "front photo only" },
	{ CLI_FLAG, "no-exif", 0, OFF(no_exif),
	  .help = "no EXIF block in the JPEG photos (by default they state\n"
		  "the lens's focal length, as a phone's photos do)" },
	{ CLI_TITLE, .help = "truth and manifest" },
	{ CLI_NUMBER, "from", 0, OFF(from), .arg = "CM",
	  .help = "range of the truth volume, with --to (0 to the last --step\n"
		  "multiple at least 3 cm inside the frame)" },
	{ CLI_NUMBER, "to", 0, OFF(to), .arg = "CM", .help = "the end of that range" },
	{ CLI_NUMBER, "step", 0, OFF(step), .arg = "CM", .min = 0, .max = 50,
	  .flags = CLI_ABOVE_MIN, .help = "tape sites every CM cm from --from (4)" },
	{ CLI_STRING, "patient", 0, OFF(patient), .arg = "P",
	  .help = "manifest field (SYN-<seed>)" },
	{ CLI_STRING, "limb", 0, OFF(limb), .arg = "L", .help = "manifest field (left-arm)" },
	{ CLI_STRING, "date", 0, OFF(date), .arg = "D", .help = "manifest field (2026-01-01)" },
	{ CLI_STRING, "phase", 0, OFF(phase), .arg = "PH", .help = "manifest field (baseline)" },
	{ CLI_TITLE, .help = "masks" },
	{ CLI_FLAG, "mask-only", 0, OFF(mask_only),
	  .help = "write ideal masks DIR/front.png and DIR/side.png in\n"
		  "the limb's plane instead of photos (for limbvol mask)" },
	{ CLI_NUMBER, "px-per-cm", 0, OFF(ppc), .arg = "N", .min = 1, .max = 500,
	  .help = "their scale (10)" },
	{ CLI_END }
};

static const struct cli_cmd gen_cmd = { CMD,  usage,   about, options,
					more, summary, NULL,  CLI_CMD_PROGRAM };

static int parse_args(int argc, char **argv, struct opts *o)
{
	int rc = cli_parse(&gen_cmd, argc, argv, o);

	if (rc != CLI_CONTINUE)
		return rc == 0 ? -1 : rc; /* -1: --help answered */
	o->ext = o->ext_png ? "png" : "jpg";
	o->mesh_scale = o->mesh_unit / 10.0;
	o->has_landmark = !isnan(o->mesh_landmark[0]);
	o->has_towards = !isnan(o->mesh_towards[0]);
	if (!o->out)
		return cli_usage_error(CMD, "--out DIR is required");
	if (o->mesh && (!o->has_landmark || !o->has_towards))
		return cli_usage_error(CMD, "--mesh needs --landmark X,Y,Z and --towards X,Y,Z");
	if (o->mesh && o->mask_only)
		return cli_usage_error(CMD, "--mask-only is for the analytic shapes, not --mesh");
	if (o->bend_deg != 0 && !o->mesh)
		return cli_usage_error(CMD, "--bend bends a --mesh");
	if (o->bend_deg != 0 && isnan(o->bend_at_cm))
		return cli_usage_error(CMD, "--bend needs --bend-at CM (the joint's position)");
	if (o->swell_cm != 0 && !o->mesh)
		return cli_usage_error(CMD, "--swell swells a --mesh");
	if (!isnan(o->swell_full_cm) && o->swell_cm == 0)
		return cli_usage_error(CMD, "--swell-taper shapes a --swell MM");
	if (isnan(o->from) != isnan(o->to))
		return cli_usage_error(CMD, "--from and --to go together");
	if (!isnan(o->from) && !(o->from < o->to))
		return cli_usage_error(CMD, "--from must be below --to");
	return 0;
}

static int make_dir(const char *dir)
{
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "limbvol gen: cannot create %s: %s\n", dir, strerror(errno));
		return CLI_EXIT_CANTCREAT;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o;
	int rc;

	memset(&o, 0, sizeof o);
	o.shape.kind = GEN_ARM;
	o.shape_name = "arm";
	o.shape.radius_cm = 4;
	o.shape.taper = 0.04;
	o.shape.ratio = 0.75;
	o.shape.tip_cm = -6;
	o.seed = 1;
	o.width = 1600;
	o.height = 1200;
	o.distance = 80;
	o.fov_deg = 55;
	o.fx = 0.3;
	o.fy = 0.45;
	o.marker_mm = 80;
	o.dict = "4x4_50";
	o.below = 1;
	o.noise = 3;
	o.ext = "jpg";
	o.from = o.to = NAN;
	o.step = 4;
	o.ppc = 10;
	o.limb = "left-arm";
	o.date = "2026-01-01";
	o.phase = "baseline";
	o.mesh_unit = 1; /* mm */
	o.mesh_landmark[0] = o.mesh_towards[0] = NAN;
	o.mesh_view[1] = 1;
	o.bend_at_cm = NAN;
	o.swell_full_cm = o.swell_none_cm = NAN;
	memcpy(o.bg, (unsigned char[3]){ 170, 110, 50 }, 3);
	if ((rc = parse_args(argc, argv, &o)) != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if (o.shape.kind == GEN_ARM || o.shape.kind == GEN_LEG)
		for (int k = 0; k < 4; k++)
			o.shape.jitter[k] = o.seed == 1 ? 0 : gen_rand(o.seed, (uint64_t)k);
	if (o.shape.kind == GEN_CONE && o.shape.radius_cm + o.shape.taper * o.shape.tip_cm < 1)
		return cli_usage_error(CMD, "the cone's radius at its tip would be under 1 cm");
	o.shape.hand_side = o.below ? -1 : 1; /* bent away from the card */
	if ((rc = make_dir(o.out)) != 0)
		return rc;
	if (o.mesh)
		return gen_run_mesh(&o);
	return o.mask_only ? gen_run_masks(&o) : gen_run_photos(&o);
}
