/* GSL's default error handler aborts the program: liblimbvol turns it off
 * once, before its first GSL call, and checks every return code instead. */
#ifndef GSL_SETUP_H
#define GSL_SETUP_H

void gsl_setup(void);

#endif
