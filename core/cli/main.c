/*
 * limbvol - the dispatcher.  It only dispatches: a built-in command runs
 * from the table in commands.c; any other command NAME runs the program
 * limbvol-NAME found next to this one (then in ../libexec/limbvol beside it,
 * then in CLI_LIBEXECDIR, then on PATH),
 * the way git runs its non-builtin commands.  That keeps OpenCV out of this
 * program: capture/ and calib/ ship their own executables.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "completion.h"
#include "opt.h"
#include "limbvol/version.h"

#ifndef CLI_LIBEXECDIR
#define CLI_LIBEXECDIR "/usr/local/libexec/limbvol"
#endif

/* The folder this program runs from, or "" when it cannot be found. */
static void self_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *slash;

	if (n <= 0) {
		buf[0] = '\0';
		return;
	}
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
}

static int is_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Find limbvol-NAME: next to us, in the libexec folder, or on PATH. */
static int find_external(const char *name, char *out, size_t size)
{
	char dir[PATH_MAX];
	const char *path = getenv("PATH");

	self_dir(dir, sizeof dir);
	if (dir[0] && snprintf(out, size, "%s/limbvol-%s", dir, name) < (int)size &&
	    is_executable(out))
		return 1;
	/* installed under another prefix than configured: bin/../libexec/limbvol */
	if (dir[0] &&
	    snprintf(out, size, "%s/../libexec/limbvol/limbvol-%s", dir, name) < (int)size &&
	    is_executable(out))
		return 1;
	if (snprintf(out, size, "%s/limbvol-%s", CLI_LIBEXECDIR, name) < (int)size &&
	    is_executable(out))
		return 1;
	while (path && *path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);
		if (len &&
		    snprintf(out, size, "%.*s/limbvol-%s", (int)len, path, name) < (int)size &&
		    is_executable(out))
			return 1;
		path = colon ? colon + 1 : NULL;
	}
	return 0;
}

static int name_is_safe(const char *name)
{
	return name[0] && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(name);
}

/* Call fn for every limbvol-* program in one folder. */
static void each_external_in(const char *dir, int *shown,
			     void (*fn)(const char *name, const char *path, void *ctx), void *ctx)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[PATH_MAX];
		const char *name = e->d_name + 8;
		if (strncmp(e->d_name, "limbvol-", 8) || !name_is_safe(name))
			continue;
		if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path ||
		    !is_executable(path))
			continue;
		fn(name, path, ctx);
		(*shown)++;
	}
	closedir(d);
}

/* Every limbvol-* program: next to us, else in ../libexec/limbvol, else
 * in CLI_LIBEXECDIR (where find_external looks first). */
static void each_external(void (*fn)(const char *name, const char *path, void *ctx), void *ctx)
{
	char dir[PATH_MAX];
	int shown = 0;

	self_dir(dir, sizeof dir);
	if (dir[0])
		each_external_in(dir, &shown, fn, ctx);
	if (!shown && dir[0] && strlen(dir) + 20 < sizeof dir) {
		strcat(dir, "/../libexec/limbvol");
		each_external_in(dir, &shown, fn, ctx);
	}
	if (!shown)
		each_external_in(CLI_LIBEXECDIR, &shown, fn, ctx);
}

/* One line of `limbvol help`: the program's --summary. */
static void show_summary(const char *name, const char *path, void *ctx)
{
	char cmd[PATH_MAX + 32], line[200] = "";
	FILE *p;

	snprintf(cmd, sizeof cmd, "'%s' --summary 2>/dev/null", path);
	p = popen(cmd, "r");
	if (p) {
		if (!fgets(line, sizeof line, p))
			line[0] = '\0';
		pclose(p);
	}
	line[strcspn(line, "\n")] = '\0';
	fprintf(ctx, "  %-10s %s\n", name, line);
}

static int usage(FILE *f)
{
	const struct command *c;

	fprintf(f,
		"usage: limbvol [options] <command> [options] [args]\n"
		"       limbvol help <command> [<subcommand>]   help for one command\n"
		"       limbvol --version\n\n"
		"limbvol measures swollen limbs: volume from a tape measure or photos,\n"
		"clinical metrics (excess volume, PEV, RVC) and trends over time.\n\n"
		"options:\n"
		"  -h, --help          this help\n"
		"  -V, --version       the version of limbvol\n\n"
		"commands:\n");
	for (c = commands; c->run; c++)
		fprintf(f, "  %-10s %s\n", c->cmd->name, c->cmd->summary);
	fflush(f);
	each_external(show_summary, f);
	fprintf(f,
		"\nEvery command takes GNU options: --name VALUE or --name=VALUE, bundled\n"
		"short options (-iy), '--' before operands that start with '-', and '-' for\n"
		"standard input where a file is read.\n"
		"\nexit codes: 0 ok, 1 some items failed, 64 usage, 65 bad data,\n"
		"66 missing input, 69 unknown command, 70 internal, 73 cannot create,\n"
		"74 input/output or store error.  See limbvol(1).\n");
	return f == stdout ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

static int run(int argc, char **argv)
{
	const struct command *c;
	char path[PATH_MAX], prog[PATH_MAX];
	const char *name = argv[0];

	for (c = commands; c->run; c++)
		if (!strcmp(c->cmd->name, name))
			return c->run(argc, argv);
	if (!name_is_safe(name) || !find_external(name, path, sizeof path)) {
		fprintf(stderr, "limbvol: '%s' is not a limbvol command (see 'limbvol help')\n",
			name);
		return CLI_EXIT_UNAVAILABLE;
	}
	snprintf(prog, sizeof prog, "limbvol-%s", name);
	argv[0] = prog;
	fflush(NULL);
	execv(path, argv);
	fprintf(stderr, "limbvol: cannot run %s: %s\n", path, strerror(errno));
	return CLI_EXIT_SOFTWARE;
}

struct main_opts {
	int help, version;
	const char *completion;
	struct cli_operands command;
};

#define OFF(field) offsetof(struct main_opts, field)

static const struct cli_opt options[] = {
	{ CLI_FLAG, "help", 'h', OFF(help), .help = "this help" },
	{ CLI_FLAG, "version", 'V', OFF(version), .help = "the version of limbvol" },
	{ CLI_STRING, "completion", 0, OFF(completion), .arg = "bash", .flags = CLI_HIDDEN,
	  .help = "print the bash completion of every command" },
	{ CLI_OPERANDS, .arg = "COMMAND [ARGS]", .offset = OFF(command) },
	{ CLI_END }
};

static const struct cli_cmd main_cmd = { "",   "usage: limbvol [options] <command> [args]\n",
					 NULL, options,
					 NULL, NULL,
					 NULL, CLI_CMD_SUBCOMMANDS };

/* For the completion: every command's name, built in or not. */
struct names {
	const char *v[64];
	char own[64][40]; /* the external programs' names */
	size_t n;
};

static void add_name(const char *name, const char *path, void *ctx)
{
	struct names *ns = ctx;
	(void)path;
	for (size_t i = 0; i < ns->n; i++)
		if (!strcmp(ns->v[i], name))
			return;
	if (ns->n < sizeof ns->v / sizeof ns->v[0] && strlen(name) < sizeof ns->own[0]) {
		strcpy(ns->own[ns->n], name);
		ns->v[ns->n] = ns->own[ns->n];
		ns->n++;
	}
}

static int completion(const char *shell)
{
	static struct names ns;
	const struct command *c;
	int rc;

	if (strcmp(shell, "bash")) {
		fprintf(stderr, "limbvol: option --completion: expected bash, found '%.40s'\n",
			shell);
		return CLI_EXIT_USAGE;
	}
	for (c = commands; c->run; c++)
		ns.v[ns.n++] = c->cmd->name;
	each_external(add_name, &ns);
	rc = completion_bash(stdout, "/proc/self/exe", ns.v, ns.n);
	return rc;
}

int main(int argc, char **argv)
{
	struct main_opts o;
	int rc;

	if (argc < 2)
		return usage(stderr);
	memset(&o, 0, sizeof o);
	if ((rc = cli_parse(&main_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (o.version) {
		printf("limbvol %s\n", LV_VERSION_STRING);
		return CLI_EXIT_OK;
	}
	if (o.completion)
		return completion(o.completion);
	if (o.help || o.command.n == 0)
		return usage(o.help ? stdout : stderr);
	argv = o.command.v;
	argc = o.command.n;
	if (!strcmp(argv[0], "version")) {
		printf("limbvol %s\n", LV_VERSION_STRING);
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[0], "help")) {
		/* limbvol help CMD [SUB]: what `limbvol CMD [SUB] --help` prints */
		char *args[4] = { NULL, NULL, NULL, NULL };
		int n = 0;
		if (argc == 1)
			return usage(stdout);
		if (argc > 3)
			return cli_usage_error("help",
					       "expected a command and at most a subcommand");
		args[n++] = argv[1];
		if (argc == 3)
			args[n++] = argv[2];
		args[n++] = (char *)"--help";
		return run(n, args);
	}
	return run(argc, argv);
}
