/* Helpers shared by the fuzz harnesses (fuzz.h). */
#include "fuzz.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int fuzz_file(const uint8_t *data, size_t size, char *path)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);
	size_t off = 0;

	FUZZ_CHECK(fd >= 0);
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);
		FUZZ_CHECK(n > 0);
		off += (size_t)n;
	}
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

const char *fuzz_dir(void)
{
	static char dir[64];
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/lvfuzz.XXXXXX");
		FUZZ_CHECK(mkdtemp(dir) != NULL);
	}
	return dir;
}

void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t off = 0;
	FUZZ_CHECK(fd >= 0);
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);
		FUZZ_CHECK(n > 0);
		off += (size_t)n;
	}
	close(fd);
}

int fuzz_has_nul(const uint8_t *data, size_t size)
{
	return size && memchr(data, 0, size) != NULL;
}
