/* GSL's default error handler aborts the program: liblimbvol turns it off
 * once, before its first GSL call, and checks every return code instead. */
#ifndef LV_GSL_SETUP_H
#define LV_GSL_SETUP_H

void lv_gsl_setup(void);

#endif
