/*
 * limbvol - the dispatcher.  It only dispatches: a built-in command runs
 * from the table in commands.c; any other command NAME runs the program
 * limbvol-NAME found next to this one (then in ../libexec/limbvol beside it,
 * then in LV_LIBEXECDIR, then on PATH),
 * the way git runs its non-builtin commands.  That keeps OpenCV out of this
 * program: capture/ and calib/ ship their own executables.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "limbvol/version.h"

#ifndef LV_LIBEXECDIR
#define LV_LIBEXECDIR "/usr/local/libexec/limbvol"
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
	if (snprintf(out, size, "%s/limbvol-%s", LV_LIBEXECDIR, name) < (int)size &&
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

/* List limbvol-* programs in one folder, asking each for its summary. */
static void list_externals_in(FILE *f, const char *dir, int *shown)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[PATH_MAX], cmd[PATH_MAX + 32], line[200] = "";
		const char *name = e->d_name + 8;
		FILE *p;
		if (strncmp(e->d_name, "limbvol-", 8) || !name_is_safe(name))
			continue;
		if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path ||
		    !is_executable(path))
			continue;
		snprintf(cmd, sizeof cmd, "'%s' --summary 2>/dev/null", path);
		p = popen(cmd, "r");
		if (p) {
			if (!fgets(line, sizeof line, p))
				line[0] = '\0';
			pclose(p);
		}
		line[strcspn(line, "\n")] = '\0';
		fprintf(f, "  %-10s %s\n", name, line);
		(*shown)++;
	}
	closedir(d);
}

static int usage(FILE *f)
{
	const struct command *c;
	char dir[PATH_MAX];
	int shown = 0;

	fprintf(f,
		"usage: limbvol <command> [options] [args]\n"
		"       limbvol help <command>      help for one command\n"
		"       limbvol --version\n\n"
		"limbvol measures swollen limbs: volume from a tape measure or photos,\n"
		"clinical metrics (excess volume, PEV, RVC) and trends over time.\n\n"
		"commands:\n");
	for (c = commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fflush(f);
	self_dir(dir, sizeof dir);
	if (dir[0])
		list_externals_in(f, dir, &shown);
	if (!shown && dir[0] && strlen(dir) + 20 < sizeof dir) {
		strcat(dir, "/../libexec/limbvol");
		list_externals_in(f, dir, &shown);
	}
	if (!shown)
		list_externals_in(f, LV_LIBEXECDIR, &shown);
	fprintf(f,
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

	for (c = commands; c->name; c++)
		if (!strcmp(c->name, name))
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

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("limbvol %s\n", LV_VERSION_STRING);
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			char *args[3] = { argv[2], (char *)"--help", NULL };
			return run(2, args);
		}
		return usage(stdout);
	}
	return run(argc - 1, argv + 1);
}
