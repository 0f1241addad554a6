// cv_try.hpp - the one place where C++ exceptions stop.
//
// Every exported function of the shim runs its body through cvs_try(),
// which turns cv::Exception, std::bad_alloc, any std::exception and anything
// else into an lv_status and liblimbvol's per-thread error message.
#ifndef CVS_TRY_HPP
#define CVS_TRY_HPP

#include <exception>
#include <new>
#include <opencv2/core.hpp>

#include "limbvol/error.h"
#include "cvs.h"

struct cvs_image {
	cv::Mat mat;
};

template <class F> static int cvs_try(const char *what, F &&body) noexcept
{
	try {
		return body();
	} catch (const cv::Exception &e) {
		return lv_error_set(LV_EIMAGE, "%s: opencv: %s", what, e.err.c_str());
	} catch (const std::bad_alloc &) {
		return lv_error_set(LV_ENOMEM, "%s: out of memory", what);
	} catch (const std::exception &e) {
		return lv_error_set(LV_EINTERNAL, "%s: %s", what, e.what());
	} catch (...) {
		return lv_error_set(LV_EINTERNAL, "%s: unknown exception", what);
	}
}

#endif
