// ArUco dictionaries and marker cell patterns.
#include "cv_try.hpp"
#include "cvs_aruco.h"

#include <cstring>
#include <strings.h>
#include <opencv2/aruco.hpp>

namespace
{
struct dict_name {
	const char *name;
	int id;
	int size;
};
const dict_name dicts[] = {
	{ "4x4_50", cv::aruco::DICT_4X4_50, 50 },    { "4x4_100", cv::aruco::DICT_4X4_100, 100 },
	{ "4x4_250", cv::aruco::DICT_4X4_250, 250 }, { "5x5_50", cv::aruco::DICT_5X5_50, 50 },
	{ "5x5_100", cv::aruco::DICT_5X5_100, 100 }, { "6x6_50", cv::aruco::DICT_6X6_50, 50 },
	{ "6x6_250", cv::aruco::DICT_6X6_250, 250 },
};
} // namespace

extern "C" {

int cvs_aruco_dictionary(const char *name, int *dict_id, int *dict_size)
{
	for (const auto &d : dicts)
		if (std::strcmp(d.name, name) == 0 ||
		    (std::strncmp(name, "DICT_", 5) == 0 && strcasecmp(name + 5, d.name) == 0)) {
			*dict_id = d.id;
			*dict_size = d.size;
			return LV_OK;
		}
	return lv_error_set(
		LV_EINVAL,
		"unknown marker dictionary '%.40s' (expected 4x4_50, 4x4_100, 4x4_250, 5x5_50, 5x5_100, 6x6_50 or 6x6_250)",
		name);
}

int cvs_aruco_cells(int dict_id, int id, unsigned char *bits, int *cells)
{
	return cvs_try("marker cells", [&]() -> int {
		cv::Ptr<cv::aruco::Dictionary> d = cv::aruco::getPredefinedDictionary(dict_id);
		if (id < 0 || id >= d->bytesList.rows)
			return lv_error_set(LV_EINVAL,
					    "marker id %d is not in the dictionary (0 to %d)", id,
					    d->bytesList.rows - 1);
		int n = d->markerSize + 2;
		if (n * n > 64)
			return lv_error_set(LV_EINVAL, "marker of %dx%d cells is too large", n, n);
		cv::Mat img;
		// one pixel per cell: drawMarker renders exactly the cell pattern
		cv::aruco::drawMarker(d, id, n, img, 1);
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				bits[y * n + x] = img.at<unsigned char>(y, x) ? 1 : 0;
		*cells = n;
		return LV_OK;
	});
}

} // extern "C"
