/* The bash completion script, from every command's option table (completion.h). */
#include "completion.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#define TABLE_MAX 65536

/* What one command's table says, as the script's words. */
struct table {
	char opts[4096], vals[2048], files[1024], dirs[512], subs[512];
	char choices[4096]; /* script lines: 'KEY --opt') echo 'a b' ;; */
};

/* Run SELF args... and read its standard output (at most TABLE_MAX bytes). */
static int capture(const char *self, char *const *args, char *buf, size_t size)
{
	int fd[2], status = 0;
	size_t len = 0;
	ssize_t r;
	pid_t pid;

	if (pipe(fd))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		execv(self, args);
		_exit(127);
	}
	close(fd[1]);
	while (len + 1 < size && (r = read(fd[0], buf + len, size - len - 1)) > 0)
		len += (size_t)r;
	buf[len] = '\0';
	close(fd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return 0;
}

/* Only words made of these reach the script: nothing to quote. */
static int safe(const char *w)
{
	return w[0] &&
		strspn(w,
		       "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		       "-_.:+|") == strlen(w);
}

static void add(char *list, size_t size, const char *word)
{
	if (strlen(list) + strlen(word) + 2 >= size)
		return;
	if (list[0])
		strcat(list, " ");
	strcat(list, word);
}

/* One "opt LONG SHORT TAKES CHOICES" line into t. */
static void add_option(struct table *t, const char *key, char *line)
{
	char *w[5], *save = NULL;
	int n = 0;

	for (char *tok = strtok_r(line, " ", &save); tok && n < 5; tok = strtok_r(NULL, " ", &save))
		w[n++] = tok;
	if (n != 5 || strcmp(w[0], "opt"))
		return;
	for (int k = 1; k < 5; k++)
		if (!safe(w[k]))
			return;
	for (int k = 1; k <= 2; k++) {
		if (!strcmp(w[k], "-"))
			continue;
		add(t->opts, sizeof t->opts, w[k]);
		if (strcmp(w[3], "flag"))
			add(t->vals, sizeof t->vals, w[k]);
		if (!strcmp(w[3], "file"))
			add(t->files, sizeof t->files, w[k]);
		if (!strcmp(w[3], "dir"))
			add(t->dirs, sizeof t->dirs, w[k]);
		if (strcmp(w[4], "-")) {
			char entry[512];
			for (char *c = w[4]; *c; c++)
				if (*c == '|')
					*c = ' ';
			snprintf(entry, sizeof entry, "\t'%s %s') echo '%s' ;;\n", key, w[k], w[4]);
			if (strlen(t->choices) + strlen(entry) < sizeof t->choices)
				strcat(t->choices, entry);
			for (char *c = w[4]; *c; c++)
				if (*c == ' ')
					*c = '|';
		}
	}
}

static int read_table(const char *self, const char *name, const char *sub, struct table *t,
		      char *buf)
{
	char *args[5] = { (char *)"limbvol", (char *)name, NULL, NULL, NULL };
	char key[128], *save = NULL;

	args[2] = sub ? (char *)sub : (char *)"--completion-table";
	args[3] = sub ? (char *)"--completion-table" : NULL;
	memset(t, 0, sizeof *t);
	if (capture(self, args, buf, TABLE_MAX) < 0)
		return -1;
	snprintf(key, sizeof key, "%s%s%s", name, sub ? " " : "", sub ? sub : "");
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "sub ", 4) && safe(line + 4))
			add(t->subs, sizeof t->subs, line + 4);
		else
			add_option(t, key, line);
	}
	return 0;
}

static void put_case(FILE *f, const char *key, const struct table *t)
{
	fprintf(f,
		"\t'%s')\n\t\topts='%s'\n\t\tvals='%s'\n\t\tfiles='%s'\n\t\tdirs='%s'\n"
		"\t\tsubs='%s'\n\t\t;;\n",
		key, t->opts, t->vals, t->files, t->dirs, t->subs);
}

static const char script_head[] =
	"# bash completion for limbvol: generated from the option tables of every\n"
	"# limbvol command by `limbvol --completion bash`; do not edit.\n\n";

static const char script_main[] =
	"_limbvol()\n"
	"{\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev= key= opt= w i\n"
	"\tlocal opts= vals= files= dirs= subs=\n"
	"\t((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
	"\t# the command and its subcommand: the first words that are no options\n"
	"\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	"\t\tw=${COMP_WORDS[i]}\n"
	"\t\t[[ $w == -* || $w == = ]] && continue\n"
	"\t\tif [[ -z $key ]]; then\n"
	"\t\t\tkey=$w\n"
	"\t\t\t[[ $key == help ]] && break\n"
	"\t\t\t_limbvol_table \"$key\"\n"
	"\t\telif [[ -n $subs && \" $subs \" == *\" $w \"* ]]; then\n"
	"\t\t\tkey=\"$key $w\"\n"
	"\t\t\t_limbvol_table \"$key\"\n"
	"\t\t\tbreak\n"
	"\t\telse\n"
	"\t\t\tbreak\n"
	"\t\tfi\n"
	"\tdone\n"
	"\tif [[ -z $key ]]; then\n"
	"\t\t_limbvol_table limbvol\n"
	"\t\tif [[ $cur == -* ]]; then\n"
	"\t\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	"\t\telse\n"
	"\t\t\tCOMPREPLY=($(compgen -W \"$_limbvol_commands help\" -- \"$cur\"))\n"
	"\t\tfi\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tif [[ $key == help ]]; then\n"
	"\t\tif ((COMP_CWORD == 2)); then\n"
	"\t\t\tCOMPREPLY=($(compgen -W \"$_limbvol_commands\" -- \"$cur\"))\n"
	"\t\telif ((COMP_CWORD == 3)); then\n"
	"\t\t\t_limbvol_table \"${COMP_WORDS[2]}\"\n"
	"\t\t\tCOMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n"
	"\t\tfi\n"
	"\t\treturn\n"
	"\tfi\n"
	"\t# the option whose value this is: --x V, --x=V (bash splits at '=')\n"
	"\tif [[ $cur == = ]]; then\n"
	"\t\topt=$prev\n"
	"\t\tcur=\n"
	"\telif [[ $prev == = ]] && ((COMP_CWORD > 1)); then\n"
	"\t\topt=${COMP_WORDS[COMP_CWORD - 2]}\n"
	"\telse\n"
	"\t\topt=$prev\n"
	"\tfi\n"
	"\tif [[ -n $opt && \" $vals \" == *\" $opt \"* ]]; then\n"
	"\t\tlocal choices\n"
	"\t\tchoices=$(_limbvol_choices \"$key\" \"$opt\")\n"
	"\t\tif [[ -n $choices ]]; then\n"
	"\t\t\tCOMPREPLY=($(compgen -W \"$choices\" -- \"$cur\"))\n"
	"\t\telif [[ \" $dirs \" == *\" $opt \"* ]]; then\n"
	"\t\t\tCOMPREPLY=($(compgen -d -- \"$cur\"))\n"
	"\t\telif [[ \" $files \" == *\" $opt \"* ]]; then\n"
	"\t\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
	"\t\telse\n"
	"\t\t\tCOMPREPLY=()\n"
	"\t\tfi\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tif [[ $cur == -* ]]; then\n"
	"\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	"\telif [[ -n $subs ]]; then\n"
	"\t\tCOMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n"
	"\telse\n"
	"\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
	"\tfi\n"
	"}\n"
	"complete -o filenames -F _limbvol limbvol\n";

int completion_bash(FILE *f, const char *self, const char *const *names, size_t n)
{
	static char buf[TABLE_MAX];
	static struct table t, sub;
	FILE *choices = tmpfile();
	char subs[512];
	int rc = CLI_EXIT_OK;

	if (!choices) {
		fprintf(stderr, "limbvol: cannot create a temporary file\n");
		return CLI_EXIT_CANTCREAT;
	}
	fputs(script_head, f);
	fputs("_limbvol_commands='", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? " " : "", names[i]);
	fputs("'\n\n_limbvol_table()\n{\n\topts= vals= files= dirs= subs=\n\tcase $1 in\n", f);
	/* the dispatcher's own options */
	memset(&t, 0, sizeof t);
	add(t.opts, sizeof t.opts, "--help -h --version -V");
	put_case(f, "limbvol", &t);
	for (size_t i = 0; i < n; i++) {
		if (!safe(names[i]) || read_table(self, names[i], NULL, &t, buf) < 0) {
			fprintf(stderr, "limbvol: %s --completion-table failed\n", names[i]);
			rc = CLI_EXIT_SOFTWARE;
			continue;
		}
		put_case(f, names[i], &t);
		fputs(t.choices, choices);
		snprintf(subs, sizeof subs, "%s", t.subs);
		for (char *save = NULL, *s = strtok_r(subs, " ", &save); s;
		     s = strtok_r(NULL, " ", &save)) {
			char key[256];
			if (read_table(self, names[i], s, &sub, buf) < 0) {
				fprintf(stderr, "limbvol: %s %s --completion-table failed\n",
					names[i], s);
				rc = CLI_EXIT_SOFTWARE;
				continue;
			}
			snprintf(key, sizeof key, "%s %s", names[i], s);
			put_case(f, key, &sub);
			fputs(sub.choices, choices);
		}
	}
	fputs("\tesac\n}\n\n_limbvol_choices()\n{\n\tcase \"$1 $2\" in\n", f);
	rewind(choices);
	{
		size_t len;
		while ((len = fread(buf, 1, sizeof buf, choices)) > 0)
			fwrite(buf, 1, len, f);
	}
	fclose(choices);
	fputs("\tesac\n}\n\n", f);
	fputs(script_main, f);
	if (fflush(f) || ferror(f))
		rc = CLI_EXIT_IO;
	return rc;
}
