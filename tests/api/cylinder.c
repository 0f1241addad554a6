/* A program built against the installed liblimbvol: doc/clinical.md's cylinder. */
#include <stdio.h>
#include <limbvol/limbvol.h>

int main(void)
{
	double s[11], c[11];
	lv_profile *p = NULL;
	lv_volume v;
	char buf[32];

	for (int i = 0; i < 11; i++) {
		s[i] = 4.0 * i;
		c[i] = 25.0;
	}
	if (lv_profile_new(&p, s, c, 11) < 0 || lv_volume_total(p, LV_MODEL_FRUSTUM, 0.1, &v) < 0)
		return 1;
	lv_number_format(v.volume_ml, 2, buf, sizeof buf);
	puts(buf);
	lv_profile_free(p);
	return 0;
}
