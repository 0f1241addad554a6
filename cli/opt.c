/* The option parser, help and completion table of every limbvol program (opt.h). */
#include "opt.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "cli.h"
#include "escape.h"
#include "limbvol/error.h"
#include "limbvol/number.h"
#include "limbvol/version.h"

/* The options of a command, fragments flattened, each with its base. */
#define MAX_OPTS 96

struct flat {
	const struct cli_opt *opt;
	char *base;
};

struct state {
	struct cli_parser p;
	struct flat f[MAX_OPTS];
	int n;
	const struct flat *operand; /* CLI_OPERAND or CLI_OPERANDS */
};

static int flatten(struct state *s, const struct cli_opt *t, char *base)
{
	for (; t->kind != CLI_END; t++) {
		if (t->kind == CLI_INCLUDE) {
			if (flatten(s, t->include, base ? base + t->offset : NULL) < 0)
				return -1;
			continue;
		}
		if (s->n == MAX_OPTS)
			return -1;
		s->f[s->n].opt = t;
		s->f[s->n].base = base ? base + t->offset : NULL;
		if (t->kind == CLI_OPERAND || t->kind == CLI_OPERANDS)
			s->operand = &s->f[s->n];
		s->n++;
	}
	return 0;
}

static int takes_value(const struct cli_opt *o)
{
	return o->kind == CLI_STRING || o->kind == CLI_NUMBER || o->kind == CLI_INT ||
		o->kind == CLI_CHOICE || (o->kind == CLI_CALL && o->arg);
}

static int is_option(const struct cli_opt *o)
{
	return o->kind >= CLI_FLAG && o->kind <= CLI_CALL;
}

/* "limbvol tape", or "limbvol" for the dispatcher (an empty name) */
static const char *space(const struct cli_cmd *cmd)
{
	return cmd->name[0] ? " " : "";
}

static void hint(const struct cli_cmd *cmd)
{
	fprintf(stderr, "(see 'limbvol%s%s --help')\n", space(cmd), cmd->name);
}

static int fail_v(const struct cli_parser *p, const char *fmt, va_list ap)
{
	fprintf(stderr, "limbvol%s%s: ", space(p->cmd), p->cmd->name);
	if (p->opt && p->opt->name)
		fprintf(stderr, "option --%s: ", p->opt->name);
	else if (p->opt)
		fprintf(stderr, "option -%c: ", p->opt->short_name);
	cli_vprint_escaped(stderr, fmt, ap); /* it may quote the argument */
	fputc('\n', stderr);
	hint(p->cmd);
	return -1;
}

int cli_fail(const struct cli_parser *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fail_v(p, fmt, ap);
	va_end(ap);
	return -1;
}

int cli_opt_number(const struct cli_parser *p, const char *text, double *out)
{
	if (lv_number_parse(text, strlen(text), LV_NUMBER_COMMA, out) == 0)
		return 0;
	cli_fail(p, "%s", lv_error_last()->message);
	lv_error_clear();
	return -1;
}

/* A usage error about the argument itself, not inside an option's value. */
static int refuse(struct state *s, const char *fmt, ...)
{
	va_list ap;
	s->p.opt = NULL;
	va_start(ap, fmt);
	fail_v(&s->p, fmt, ap);
	va_end(ap);
	return CLI_EXIT_USAGE;
}

/* "a, b or c" */
static void list_choices(char *buf, size_t size, const struct cli_choice *c, const char *last)
{
	size_t len = 0;
	buf[0] = '\0';
	for (; c->name && len < size; c++) {
		const char *sep = len == 0 ? "" : c[1].name ? ", " : last;
		int n = snprintf(buf + len, size - len, "%s%s", sep, c->name);
		if (n < 0)
			break;
		len += (size_t)n;
	}
}

static int set_number(struct state *s, const struct flat *f, const char *v)
{
	const struct cli_opt *o = f->opt;
	double x;

	if (cli_opt_number(&s->p, v, &x) < 0)
		return CLI_EXIT_USAGE;
	if (o->kind == CLI_INT && x != floor(x))
		x = NAN;
	if (o->min < o->max || (o->kind == CLI_INT && isnan(x))) {
		int low = (o->flags & CLI_ABOVE_MIN) ? !(x > o->min) : !(x >= o->min);
		if (isnan(x) || low || x > o->max) {
			const char *what = o->kind == CLI_INT ? "a whole number" : "a number";
			if (!(o->min < o->max))
				cli_fail(&s->p, "expected %s, found '%s'", what, v);
			else
				cli_fail(&s->p, "expected %s %s %g %s %g, found '%s'", what,
					 (o->flags & CLI_ABOVE_MIN) ? "above" : "from", o->min,
					 (o->flags & CLI_ABOVE_MIN) ? "and up to" : "to", o->max,
					 v);
			return CLI_EXIT_USAGE;
		}
	}
	if (o->kind == CLI_INT) {
		if (!(fabs(x) <= INT_MAX)) {
			cli_fail(&s->p, "expected a whole number, found '%s'", v);
			return CLI_EXIT_USAGE;
		}
		*(int *)f->base = (int)x;
	} else {
		*(double *)f->base = x;
	}
	return 0;
}

static int set_choice(struct state *s, const struct flat *f, const char *v)
{
	const struct cli_choice *c;
	char names[256];

	for (c = f->opt->choices; c->name; c++)
		if (!strcmp(c->name, v)) {
			*(int *)f->base = c->value;
			return 0;
		}
	list_choices(names, sizeof names, f->opt->choices, " or ");
	cli_fail(&s->p, "expected %s, found '%.40s'", names, v);
	return CLI_EXIT_USAGE;
}

/* Set one option; v is its value (NULL for a flag).  0 or an exit code. */
static int set(struct state *s, struct flat *f, const char *v)
{
	const struct cli_opt *o = f->opt;
	int rc;

	/* given again, an option is set again: the last one wins, as with
	 * getopt_long (a script's defaults first, then what overrides them);
	 * a CLI_CALL that collects (CLI_REPEAT) adds each one */
	switch (o->kind) {
	case CLI_FLAG:
		*(int *)f->base = o->value ? o->value : 1;
		return 0;
	case CLI_STRING:
		*(const char **)f->base = v;
		return 0;
	case CLI_NUMBER:
	case CLI_INT:
		return set_number(s, f, v);
	case CLI_CHOICE:
		return set_choice(s, f, v);
	case CLI_CALL:
		rc = o->set(&s->p, f->base, v);
		return rc < 0 ? CLI_EXIT_USAGE : rc;
	default:
		return CLI_EXIT_SOFTWARE;
	}
}

static struct flat *find_long(struct state *s, const char *name, size_t len)
{
	for (int i = 0; i < s->n; i++) {
		const struct cli_opt *o = s->f[i].opt;
		if (is_option(o) && o->name && strlen(o->name) == len &&
		    !strncmp(o->name, name, len))
			return &s->f[i];
	}
	return NULL;
}

static struct flat *find_short(struct state *s, char c)
{
	for (int i = 0; i < s->n; i++)
		if (is_option(s->f[i].opt) && s->f[i].opt->short_name == c)
			return &s->f[i];
	return NULL;
}

/* A built-in answered (--help ...): stop, exit 0. */
#define ANSWERED (-2)

/* What every command answers by itself; ANSWERED when handled, else 0. */
static int builtin(const struct cli_cmd *cmd, const char *name)
{
	if (!strcmp(name, "help"))
		cli_help(stdout, cmd);
	else if (!strcmp(name, "summary") && cmd->summary)
		printf("%s\n", cmd->summary);
	else if (!strcmp(name, "completion-table"))
		cli_completion_table(stdout, cmd);
	else if (!strcmp(name, "version") && (cmd->flags & CLI_CMD_PROGRAM))
		printf("limbvol %s\n", LV_VERSION_STRING);
	else
		return 0;
	return ANSWERED;
}

/* A negative number is an operand, unless a short option is a digit. */
static int is_negative_number(struct state *s, const char *a)
{
	int digit = (a[1] >= '0' && a[1] <= '9') || (a[1] == '.' && a[2] >= '0' && a[2] <= '9');
	return a[0] == '-' && digit && !find_short(s, a[1]);
}

static int needs_value(struct state *s, const char *spelled, const struct cli_opt *o)
{
	return refuse(s, "option %s needs a value%s%s", spelled, o->arg ? " " : "",
		      o->arg ? o->arg : "");
}

static int long_option(struct state *s, int argc, char **argv, int *i)
{
	const char *a = argv[*i] + 2, *eq = strchr(a, '=');
	size_t len = eq ? (size_t)(eq - a) : strlen(a);
	struct flat *f = find_long(s, a, len);
	const char *v = eq ? eq + 1 : NULL;

	if (!f) {
		int rc = eq ? 0 : builtin(s->p.cmd, a);
		if (rc)
			return rc;
		return refuse(s, "unknown option '--%.*s'", (int)(len > 60 ? 60 : len), a);
	}
	s->p.opt = f->opt;
	if (!takes_value(f->opt)) {
		if (eq) {
			cli_fail(&s->p, "takes no value, found '%.60s'", argv[*i]);
			return CLI_EXIT_USAGE;
		}
	} else if (!eq) {
		if (*i + 1 >= argc)
			return needs_value(s, argv[*i], f->opt);
		v = argv[++*i];
	}
	return set(s, f, v);
}

static int short_options(struct state *s, int argc, char **argv, int *i)
{
	const char *a = argv[*i] + 1;

	for (; *a; a++) {
		struct flat *f = find_short(s, *a);
		char spelled[3] = { '-', *a, '\0' };
		int rc;
		if (!f) {
			const char *name = *a == 'h' ? "help" : *a == 'V' ? "version" : "";
			if ((rc = builtin(s->p.cmd, name)) != 0)
				return rc;
			return refuse(s, "unknown option '-%c'", *a);
		}
		s->p.opt = f->opt;
		if (takes_value(f->opt)) {
			const char *v = a[1] ? a + 1 : NULL;
			if (!v) {
				if (*i + 1 >= argc)
					return needs_value(s, spelled, f->opt);
				v = argv[++*i];
			}
			return set(s, f, v);
		}
		if ((rc = set(s, f, NULL)) != 0)
			return rc;
	}
	return 0;
}

static int operand(struct state *s, char **argv, int i, int *kept)
{
	const struct flat *f = s->operand;
	int rc = 0;

	s->p.opt = NULL;
	s->p.index = i;
	if (!f)
		return refuse(s, "unexpected argument '%.60s'", argv[i]);
	if (f->opt->kind == CLI_OPERAND) {
		rc = f->opt->set(&s->p, f->base, argv[i]);
		rc = rc < 0 ? CLI_EXIT_USAGE : rc;
	} else {
		argv[1 + (*kept)++] = argv[i];
	}
	s->p.operand++;
	return rc;
}

int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, void *base)
{
	struct state s;
	int i, kept = 0, rc = 0, literal = 0;

	memset(&s, 0, sizeof s);
	s.p.cmd = cmd;
	if (flatten(&s, cmd->opts, base) < 0) {
		fprintf(stderr, "limbvol%s%s: too many options in the table\n", space(cmd),
			cmd->name);
		return CLI_EXIT_SOFTWARE;
	}
	for (i = 1; i < argc && rc == 0; i++) {
		const char *a = argv[i];
		s.p.index = i;
		s.p.opt = NULL;
		if (literal || a[0] != '-' || !a[1] || is_negative_number(&s, a)) {
			rc = operand(&s, argv, i, &kept);
			if (cmd->flags & CLI_CMD_SUBCOMMANDS) /* the rest is the subcommand's */
				while (rc == 0 && ++i < argc)
					argv[1 + kept++] = argv[i];
		} else if (a[1] == '-' && !a[2]) {
			literal = 1;
		} else if (a[1] == '-') {
			rc = long_option(&s, argc, argv, &i);
		} else {
			rc = short_options(&s, argc, argv, &i);
		}
	}
	if (rc == ANSWERED)
		return fflush(stdout) ? CLI_EXIT_IO : CLI_EXIT_OK;
	if (rc != 0)
		return rc;
	if (s.operand && s.operand->opt->kind == CLI_OPERANDS) {
		struct cli_operands *ops = (struct cli_operands *)s.operand->base;
		ops->v = argv + 1;
		ops->n = kept;
	}
	return CLI_CONTINUE;
}

/* ---- help ---- */

#define HELP_COLUMN 24

static void help_option(FILE *f, const struct cli_opt *o)
{
	char left[160], names[128];
	int n;
	const char *h = o->help ? o->help : "";

	if (o->short_name && o->name)
		snprintf(names, sizeof names, "-%c, --%s", o->short_name, o->name);
	else if (o->name)
		snprintf(names, sizeof names, "--%s", o->name);
	else
		snprintf(names, sizeof names, "-%c", o->short_name);
	if (o->kind == CLI_CHOICE && !o->arg) {
		char list[128] = "";
		for (const struct cli_choice *c = o->choices; c->name; c++) {
			if (c != o->choices)
				strncat(list, "|", sizeof list - strlen(list) - 1);
			strncat(list, c->name, sizeof list - strlen(list) - 1);
		}
		n = snprintf(left, sizeof left, "  %s %s", names, list);
	} else if (takes_value(o)) {
		n = snprintf(left, sizeof left, "  %s %s", names, o->arg ? o->arg : "VALUE");
	} else {
		n = snprintf(left, sizeof left, "  %s", names);
	}
	fputs(left, f);
	if (n + 2 > HELP_COLUMN)
		fputs("  ", f);
	else
		fprintf(f, "%*s", HELP_COLUMN - n, "");
	for (;;) { /* continuation lines under the first */
		const char *nl = strchr(h, '\n');
		if (!nl) {
			fprintf(f, "%s\n", h);
			break;
		}
		fprintf(f, "%.*s\n%*s", (int)(nl - h), h, HELP_COLUMN, "");
		h = nl + 1;
	}
}

static void help_table(FILE *f, const struct cli_opt *t, int *titled)
{
	for (; t->kind != CLI_END; t++) {
		if (t->kind == CLI_INCLUDE) {
			help_table(f, t->include, titled);
		} else if (t->kind == CLI_TITLE) {
			fprintf(f, "%s%s:\n", *titled ? "\n" : "", t->help);
			*titled = 1;
		} else if (is_option(t) && !(t->flags & CLI_HIDDEN)) {
			if (!*titled) {
				fputs("options:\n", f);
				*titled = 1;
			}
			help_option(f, t);
		}
	}
}

void cli_help(FILE *f, const struct cli_cmd *cmd)
{
	int titled = 0;

	fputs(cmd->usage, f);
	if (cmd->about)
		fprintf(f, "\n%s", cmd->about);
	fputc('\n', f);
	help_table(f, cmd->opts, &titled);
	if (!titled)
		fputs("options:\n", f);
	fprintf(f, "  -h, --help%*sthis help\n", HELP_COLUMN - 12, "");
	if (cmd->flags & CLI_CMD_PROGRAM)
		fprintf(f, "  -V, --version%*sthe version of limbvol\n", HELP_COLUMN - 15, "");
	if (cmd->more)
		fprintf(f, "\n%s", cmd->more);
}

/* ---- completion ---- */

static void completion_table(FILE *f, const struct cli_opt *t)
{
	for (; t->kind != CLI_END; t++) {
		const char *takes;
		if (t->kind == CLI_INCLUDE) {
			completion_table(f, t->include);
			continue;
		}
		if (!is_option(t) || (t->flags & CLI_HIDDEN))
			continue;
		takes = !takes_value(t)         ? "flag"
			: (t->flags & CLI_FILE) ? "file"
			: (t->flags & CLI_DIR)  ? "dir"
						: "value";
		fprintf(f, "opt %s%s ", t->name ? "--" : "-", t->name ? t->name : "");
		if (t->short_name)
			fprintf(f, "-%c", t->short_name);
		else
			fputc('-', f);
		fprintf(f, " %s ", takes);
		if (t->kind == CLI_CHOICE) {
			for (const struct cli_choice *c = t->choices; c->name; c++)
				fprintf(f, "%s%s", c == t->choices ? "" : "|", c->name);
			fputc('\n', f);
		} else {
			fputs("-\n", f);
		}
	}
}

void cli_completion_table(FILE *f, const struct cli_cmd *cmd)
{
	if (cmd->subcommands)
		for (const char *const *s = cmd->subcommands; *s; s++)
			fprintf(f, "sub %s\n", *s);
	completion_table(f, cmd->opts);
	fputs("opt --help -h flag -\n", f);
	if (cmd->flags & CLI_CMD_PROGRAM)
		fputs("opt --version -V flag -\n", f);
}
