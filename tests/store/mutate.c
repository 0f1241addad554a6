/*
 * mutate SEED_FILE OUT_DIR N: N deterministic mutations of a file (bytes
 * overwritten, inserted, deleted, truncated), for import_fuzz_cli.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x2545F4914F6CDD1Du;
static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 16);
}

int main(int argc, char **argv)
{
	static const char alphabet[] = ",\n\r\"0123456789.-e x\\";
	static char seed[1 << 20], buf[(1 << 20) + 64];
	FILE *f;
	size_t n;
	int count;

	if (argc != 4 || !(f = fopen(argv[1], "rb")))
		return 64;
	n = fread(seed, 1, sizeof seed, f);
	fclose(f);
	count = atoi(argv[3]);
	for (int k = 0; k < count; k++) {
		char path[4096];
		size_t len = n;
		int edits = 1 + (int)(next_rand() % 4);
		memcpy(buf, seed, n);
		for (int i = 0; i < edits && len > 0; i++) {
			size_t at = next_rand() % len;
			switch (next_rand() % 5) {
			case 0:
				buf[at] = alphabet[next_rand() % (sizeof alphabet - 1)];
				break;
			case 1:
				if (len + 1 < sizeof buf) {
					memmove(buf + at + 1, buf + at, len - at);
					buf[at] = alphabet[next_rand() % (sizeof alphabet - 1)];
					len++;
				}
				break;
			case 2:
				memmove(buf + at, buf + at + 1, len - at - 1);
				len--;
				break;
			case 3:
				len = at;
				break;
			default:
				buf[at] = (char)(next_rand() & 0xff);
			}
		}
		snprintf(path, sizeof path, "%s/m%04d.csv", argv[2], k);
		if (!(f = fopen(path, "wb")) || fwrite(buf, 1, len, f) != len || fclose(f))
			return 74;
	}
	return 0;
}
