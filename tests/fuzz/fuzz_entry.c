/*
 * Typed tape values (core/cli/tape_entry.c): the quick entry's arguments and
 * the interactive answers.  The first byte picks the mode: quick entry (the
 * rest split into arguments at newlines and NULs, as a shell would pass
 * them), or -i answers read from the rest (alone, with --other, or in mm).
 * Invariants after a successful entry: at most LV_MAX_SITES values, each a
 * plausible circumference, the profiles build; in plain -i mode every answer
 * line read before the first empty one is free of NUL bytes (a NUL must be
 * refused, not end the line early).
 */
#include "fuzz.h"

#include <string.h>

#include "limbvol/error.h"
#include "limbvol/profile.h"
#include "tape_entry.h"

#define MAX_ARGS 256

static char a_tape[] = "tape", a_i[] = "-i", a_other[] = "--other", a_unit[] = "--unit",
	    a_mm[] = "mm";

/* NUL bytes in the lines -i reads up to its first empty line */
static int nul_before_end(const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i, blank = 1, nul = 0;
		while (j < n && p[j] != '\n') {
			if (p[j] == 0)
				nul = 1;
			else if (p[j] != ' ' && p[j] != '\t' && p[j] != '\r')
				blank = 0;
			j++;
		}
		if (nul)
			return 1;
		if (blank)
			return 0;
		i = j + 1;
	}
	return 0;
}

static const struct cli_opt options[] = {
	{ CLI_INCLUDE, .include = entry_options, .offset = 0 },
	{ CLI_END },
};
static const struct cli_cmd cmd = { "tape", "usage: fuzz_entry\n", NULL, options, NULL, NULL, NULL,
				    0 };

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char draft[600];
	(void)argc;
	(void)argv;
	/* an interrupted entry is kept as a draft: not in the user's home */
	snprintf(draft, sizeof draft, "%s/draft", fuzz_dir());
	setenv("LIMBVOL_DRAFT", draft, 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *argv[MAX_ARGS + 4];
	char *copy = NULL;
	struct entry e;
	FILE *in = NULL, *quiet = fopen("/dev/null", "w");
	int argc = 0, rc = 0, mode;
	lv_profile *limb = NULL, *other = NULL;

	entry_init(&e);
	if (size < 2 || !quiet)
		goto out;
	mode = data[0] % 4;
	argv[argc++] = a_tape;
	if (mode == 0) {
		char *p;
		copy = malloc(size);
		memcpy(copy, data + 1, size - 1);
		copy[size - 1] = '\0';
		for (p = copy; argc < MAX_ARGS;) {
			size_t n = strcspn(p, "\n"); /* stops at a NUL too */
			argv[argc++] = p;
			p[n] = '\0';
			if (p + n >= copy + size - 1)
				break;
			p += n + 1;
		}
		argv[argc] = NULL;
		if (cli_parse(&cmd, argc, argv, &e) != CLI_CONTINUE || e.interactive)
			goto out;
		in = fmemopen((void *)"", 1, "r");
	} else {
		argv[argc++] = a_i;
		if (mode == 2)
			argv[argc++] = a_other;
		if (mode == 3) {
			argv[argc++] = a_unit;
			argv[argc++] = a_mm;
		}
		argv[argc] = NULL;
		FUZZ_CHECK(cli_parse(&cmd, argc, argv, &e) == CLI_CONTINUE);
		in = fmemopen((void *)(data + 1), size - 1, "r");
	}
	FUZZ_CHECK(in != NULL);
	rc = entry_finish(&e, "tape", in, quiet);
	if (rc == 0) {
		FUZZ_CHECK(e.n_circ <= LV_MAX_SITES && e.n_other <= LV_MAX_SITES);
		for (size_t k = 0; k < e.n_circ; k++)
			FUZZ_CHECK(lv_check_circumference_cm(e.circ_cm[k]) == 0);
		for (size_t k = 0; k < e.n_other; k++)
			FUZZ_CHECK(lv_check_circumference_cm(e.other_cm[k]) == 0);
		if (mode == 1)
			FUZZ_CHECK(!nul_before_end(data + 1, size - 1));
		if (entry_has_values(&e) && entry_profiles(&e, "tape", &limb, &other) == 0)
			FUZZ_CHECK(lv_profile_count(limb) == e.n_circ);
	}
out:
	lv_profile_free(limb);
	lv_profile_free(other);
	entry_free(&e);
	free(copy);
	if (in)
		fclose(in);
	if (quiet)
		fclose(quiet);
	lv_error_clear();
	return 0;
}
