# A synthetic patient for benchmarks and the killed-import test: N
# measurements of patient P (11 sites each, alternating arms, distinct
# dates) in the `limbvol export` CSV format.
#   awk -v N=100000 -v P=BENCH -f gen_export.awk > big.csv
BEGIN {
	print "record,patient,limb,date,phase,site_cm,circumference_cm,width_side_cm,measurement,session,kind,notes,method,model,tape_sd_cm,volume_ml,sd_ml,source,birth_year,sex,weight_kg,affected,landmark"
	printf "patient,%s,,,,,,,,,,,,,,,,,,,,,\n", P
	for (m = 1; m <= N; m++) {
		limb = (m % 2) ? "left-arm" : "right-arm"
		date = sprintf("%04d-%02d-%02dT%02d:%02d", 2000 + int(m / 8064) % 20,
		               int(m / 672) % 12 + 1, int(m / 24) % 28 + 1, int(m / 2) % 24, m % 60)
		for (i = 0; i <= 10; i++)
			printf "site,%s,%s,%s,other,%d,%.1f,,%d,,,,tape,frustum,0.1,%.3f,5.1,bench,,,,,\n",
			       P, limb, date, 4 * i, 18 + i + (m % 7) * 0.1, m, 2000 + (m % 97)
	}
}
