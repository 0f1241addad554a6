/*
 * harness.h - a minimal test harness: named cases, checks with stated
 * tolerances, a non-zero exit when any check fails.
 *
 *   static void volume_cylinder(void) { CHECK_NEAR(v, 1989.44, 0.01); }
 *   int main(int argc, char **argv) {
 *       RUN(volume_cylinder);
 *       return lv_test_done();
 *   }
 *
 * `test_binary NAME` runs only the case NAME.
 */
#ifndef LV_TEST_HARNESS_H
#define LV_TEST_HARNESS_H

#include <math.h>
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <stdio.h>
#include <string.h>

static int lv_test_failed, lv_test_checks, lv_test_cases;
static const char *lv_test_only;
static const char *lv_test_current;

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		lv_test_checks++;                                                            \
		if (!(cond)) {                                                               \
			lv_test_failed++;                                                    \
			fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__, \
				lv_test_current, #cond);                                     \
		}                                                                            \
	} while (0)

#define CHECK_NEAR(got, want, tol)                                                         \
	do {                                                                               \
		double g_ = (got), w_ = (want), t_ = (tol);                                \
		lv_test_checks++;                                                          \
		if (!(fabs(g_ - w_) <= t_)) {                                              \
			lv_test_failed++;                                                  \
			fprintf(stderr, "%s:%d: %s: %s = %.9g, expected %.9g within %g\n", \
				__FILE__, __LINE__, lv_test_current, #got, g_, w_, t_);    \
		}                                                                          \
	} while (0)

/* Relative tolerance: |got - want| <= rel * |want|. */
#define CHECK_REL(got, want, rel) CHECK_NEAR(got, want, fabs((double)(want)) * (rel))

#define CHECK_STATUS(expr, status)                                                            \
	do {                                                                                  \
		int s_ = (expr);                                                              \
		lv_test_checks++;                                                             \
		if (s_ != (status)) {                                                         \
			lv_test_failed++;                                                     \
			fprintf(stderr, "%s:%d: %s: %s returned %d, expected %d\n", __FILE__, \
				__LINE__, lv_test_current, #expr, s_, (int)(status));         \
		}                                                                             \
	} while (0)

#define CHECK_STR_CONTAINS(hay, needle)                                                      \
	do {                                                                                 \
		const char *h_ = (hay);                                                      \
		lv_test_checks++;                                                            \
		if (!h_ || !strstr(h_, (needle))) {                                          \
			lv_test_failed++;                                                    \
			fprintf(stderr, "%s:%d: %s: '%s' does not contain '%s'\n", __FILE__, \
				__LINE__, lv_test_current, h_ ? h_ : "(null)", (needle));    \
		}                                                                            \
	} while (0)

#define RUN(fn)                                                    \
	do {                                                       \
		if (!lv_test_only || !strcmp(lv_test_only, #fn)) { \
			lv_test_current = #fn;                     \
			lv_test_cases++;                           \
			fn();                                      \
		}                                                  \
	} while (0)

#define LV_TEST_INIT(argc, argv) (lv_test_only = (argc) > 1 ? (argv)[1] : NULL)

static inline int lv_test_done(void)
{
	printf("%d cases, %d checks, %d failed\n", lv_test_cases, lv_test_checks, lv_test_failed);
	if (lv_test_cases == 0) {
		fprintf(stderr, "no test case ran\n");
		return 1;
	}
	return lv_test_failed ? 1 : 0;
}

#endif
