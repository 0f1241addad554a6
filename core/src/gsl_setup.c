/* Turning GSL's aborting error handler off, once per process (threads of a
 * batch may call GSL at the same time: a plain call would be a data race). */
#include "gsl_setup.h"

#include <gsl/gsl_errno.h>
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void setup(void)
{
	gsl_set_error_handler_off();
}

void gsl_setup(void)
{
	pthread_once(&once, setup);
}
