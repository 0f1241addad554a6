// Images in and out of OpenCV.
#include "cv_try.hpp"
#include "cv_image_file.hpp"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>
#include <opencv2/imgcodecs.hpp>

namespace
{

int refuse(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int refuse(const char *path, const char *fmt, ...)
{
	char why[300];
	va_list ap;
	va_start(ap, fmt);
	std::vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return lv_error_set(LV_EIMAGE, "%s %s", path, why);
}

unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 |
		p[3];
}

// The size a JPEG declares in its first SOFn frame header, walking the
// marker segments from SOI (each length checked against the bytes there).
bool jpeg_size(const std::vector<unsigned char> &b, unsigned long *w, unsigned long *h)
{
	size_t i = 2, n = b.size();
	while (i + 4 <= n) {
		if (b[i] != 0xFF)
			return false;
		unsigned char m = b[i + 1];
		if (m == 0xFF) { // fill byte
			i++;
			continue;
		}
		if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { // no length
			i += 2;
			continue;
		}
		if (m == 0xD9 || m == 0xDA) // EOI, SOS before any frame header
			return false;
		size_t len = be16(&b[i + 2]);
		if (len < 2 || i + 2 + len > n)
			return false;
		bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
		if (sof) {
			if (len < 7)
				return false;
			*h = be16(&b[i + 5]);
			*w = be16(&b[i + 7]);
			return true;
		}
		i += 2 + len;
	}
	return false;
}

// The size a PNG declares in its IHDR chunk (the first chunk, by the spec).
bool png_size(const std::vector<unsigned char> &b, unsigned long *w, unsigned long *h)
{
	if (b.size() < 24 || be32(&b[8]) != 13 || std::memcmp(&b[12], "IHDR", 4))
		return false;
	*w = be32(&b[16]);
	*h = be32(&b[20]);
	return true;
}

// The size a PNM (P1 to P6) declares: magic, then width and height as
// decimal numbers, blanks and # comments between them.
bool pnm_size(const std::vector<unsigned char> &b, unsigned long *w, unsigned long *h)
{
	size_t i = 2, n = b.size();
	unsigned long v[2];
	if (n < 3 || b[0] != 'P' || b[1] < '1' || b[1] > '6')
		return false;
	for (int k = 0; k < 2; k++) {
		for (;;) {
			while (i < n && std::isspace(b[i]))
				i++;
			if (i < n && b[i] == '#') {
				while (i < n && b[i] != '\n')
					i++;
				continue;
			}
			break;
		}
		if (i >= n || !std::isdigit(b[i]))
			return false;
		v[k] = 0;
		for (int d = 0; i < n && std::isdigit(b[i]); i++, d++) {
			if (d > 9)
				return false;
			v[k] = v[k] * 10 + (unsigned long)(b[i] - '0');
		}
	}
	*w = v[0];
	*h = v[1];
	return true;
}

// The size a BMP's info header declares (the height negative for a
// top-down bitmap).
bool bmp_size(const std::vector<unsigned char> &b, unsigned long *w, unsigned long *h)
{
	if (b.size() < 26 || b[0] != 'B' || b[1] != 'M')
		return false;
	long x = (long)(int32_t)((uint32_t)b[18] | (uint32_t)b[19] << 8 | (uint32_t)b[20] << 16 |
				 (uint32_t)b[21] << 24);
	long y = (long)(int32_t)((uint32_t)b[22] | (uint32_t)b[23] << 8 | (uint32_t)b[24] << 16 |
				 (uint32_t)b[25] << 24);
	if (x <= 0 || y == 0 || y == LONG_MIN)
		return false;
	*w = (unsigned long)x;
	*h = (unsigned long)(y < 0 ? -y : y);
	return true;
}

// The file's bytes through one descriptor: a regular file (a FIFO or a
// device is refused unread) of at most CVS_MAX_IMAGE_FILE_BYTES.
int read_bytes(const char *path, std::vector<unsigned char> &out)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO, "cannot read %s: %s",
				    path, strerror(errno));
	int rc = LV_OK;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		rc = refuse(path, "is not a regular file: expected a JPEG or PNG photo");
	else if (st.st_size > CVS_MAX_IMAGE_FILE_BYTES)
		rc = refuse(path, "is larger than %d MiB: the limit of an image file",
			    CVS_MAX_IMAGE_FILE_BYTES >> 20);
	else {
		out.resize((size_t)st.st_size);
		size_t got = 0;
		while (got < out.size()) {
			ssize_t r = read(fd, out.data() + got, out.size() - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		if (got < out.size())
			rc = lv_error_set(LV_EIO, "cannot read %s: %s", path,
					  got ? "it became shorter while read" : strerror(errno));
	}
	close(fd);
	return rc;
}

} // namespace

int image_load(cvs_image **out, const char *path, int mode, bool need_end)
{
	*out = nullptr;
	return cvs_try(path, [&]() -> int {
		std::vector<unsigned char> b;
		int rc = read_bytes(path, b);
		if (rc < 0)
			return rc;
		bool jpeg = b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
		bool png = b.size() >= 8 && !std::memcmp(b.data(), "\x89PNG\r\n\x1a\n", 8);
		bool pnm = b.size() >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6';
		bool bmp = b.size() >= 2 && b[0] == 'B' && b[1] == 'M';
		const char *kind = jpeg ? "JPEG frame" : png ? "PNG" : pnm ? "PNM" : "BMP";
		unsigned long w = 0, h = 0;
		if (!jpeg && !png && !pnm && !bmp)
			return refuse(path,
				      "is not an image that can be decoded: expected a JPEG "
				      "or PNG (or PNM, BMP)");
		bool sized = jpeg ? jpeg_size(b, &w, &h)
			: png     ? png_size(b, &w, &h)
			: pnm     ? pnm_size(b, &w, &h)
				  : bmp_size(b, &w, &h);
		if (!sized || w == 0 || h == 0)
			return refuse(
				path,
				"is not an image that can be decoded: its %s header is missing "
				"or damaged",
				kind);
		// the size the header declares, before any pixel is decoded
		if ((double)w * (double)h > CVS_MAX_PIXELS)
			return refuse(path,
				      "has %lux%lu pixels (%.0f megapixels): more than the limit of "
				      "%u megapixels",
				      w, h, (double)w * (double)h / 1e6, CVS_MAX_PIXELS / 1000000u);
		if (need_end) {
			// a truncated copy decodes with grey filling the rest
			size_t from = b.size() > 64 ? b.size() - 64 : 0;
			bool end = false;
			for (size_t i = from; i + 1 < b.size() && !end; i++)
				end = jpeg ? (b[i] == 0xFF && b[i + 1] == 0xD9)
					   : (i + 4 <= b.size() && !std::memcmp(&b[i], "IEND", 4));
			if (!end)
				return lv_error_set(
					LV_EIMAGE,
					"%s is truncated: the %s data stops before its end", path,
					jpeg ? "JPEG" : "PNG");
		}
		cv::Mat m = cv::imdecode(cv::Mat(1, (int)b.size(), CV_8U, b.data()),
					 mode == CVS_READ_GRAY ? cv::IMREAD_GRAYSCALE
							       : cv::IMREAD_COLOR);
		if (m.empty())
			return refuse(path,
				      "is not an image that can be decoded (truncated or damaged)");
		if ((unsigned long)m.cols != w || (unsigned long)m.rows != h)
			return refuse(path, "decoded to %dx%d pixels but its header says %lux%lu",
				      m.cols, m.rows, w, h);
		auto *img = new cvs_image;
		img->mat = std::move(m);
		*out = img;
		return LV_OK;
	});
}

extern "C" {

const char *cvs_version(void)
{
	return CV_VERSION;
}

void cvs_image_free(cvs_image *img)
{
	delete img;
}

void cvs_image_view(const cvs_image *img, cvs_view *out)
{
	out->data = const_cast<unsigned char *>(img->mat.data);
	out->width = img->mat.cols;
	out->height = img->mat.rows;
	out->stride = img->mat.step[0];
	out->channels = img->mat.channels();
}

int cvs_image_new(cvs_image **out, int width, int height, int channels)
{
	*out = nullptr;
	if (width <= 0 || height <= 0 || (channels != 1 && channels != 3) ||
	    (double)width * height > CVS_MAX_PIXELS)
		return lv_error_set(LV_EINVAL, "bad image size %dx%d", width, height);
	return cvs_try("new image", [&]() -> int {
		auto *img = new cvs_image;
		img->mat = cv::Mat::zeros(height, width, channels == 1 ? CV_8UC1 : CV_8UC3);
		*out = img;
		return LV_OK;
	});
}

int cvs_image_from_view(cvs_image **out, const cvs_view *v)
{
	*out = nullptr;
	return cvs_try("copy image", [&]() -> int {
		cv::Mat borrowed(v->height, v->width, v->channels == 1 ? CV_8UC1 : CV_8UC3, v->data,
				 v->stride);
		auto *img = new cvs_image;
		img->mat = borrowed.clone();
		*out = img;
		return LV_OK;
	});
}

int cvs_image_read(cvs_image **out, const char *path, int mode)
{
	return image_load(out, path, mode, false);
}

int cvs_image_write(const cvs_image *img, const char *path)
{
	return cvs_try(path, [&]() -> int {
		std::string p(path);
		std::string ext = p.substr(
			p.find_last_of('.') == std::string::npos ? p.size() : p.find_last_of('.'));
		std::string tmp = p + ".tmp" + std::to_string(getpid()) + ext;
		if (!cv::imwrite(tmp, img->mat)) {
			std::remove(tmp.c_str());
			return lv_error_set(LV_EIO, "cannot write %s", path);
		}
		if (std::rename(tmp.c_str(), path) != 0) {
			int e = errno;
			std::remove(tmp.c_str());
			return lv_error_set(LV_EIO, "cannot write %s: %s", path, std::strerror(e));
		}
		return LV_OK;
	});
}

} // extern "C"
