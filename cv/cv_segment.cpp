// The limb's soft mask: chroma distance from the background (cvs_segment.h).
#include "cv_try.hpp"
#include "cvs_segment.h"

#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <vector>
#include <opencv2/imgproc.hpp>

namespace
{

// Chroma divided by luma: YCrCb's Cr - 128 and Cb - 128 and its Y all scale
// with the light, so their ratio does not change when a shadow or the
// limb's shading darkens a surface (imaging.md: shadows keep the
// background's chroma and lose lightness).  The offset added to Y keeps
// near-black pixels, whose chroma is mostly noise, from exploding.
const float kLumaOffset = 32.0f;
const float kChromaScale = 100.0f;

void normalised_chroma(const cv::Mat &bgr, cv::Mat &ycc, cv::Mat &an, cv::Mat &bn)
{
	cv::cvtColor(bgr, ycc, cv::COLOR_BGR2YCrCb);
	an.create(bgr.size(), CV_32F);
	bn.create(bgr.size(), CV_32F);
	float inv[256];
	for (int l = 0; l < 256; l++)
		inv[l] = kChromaScale / ((float)l + kLumaOffset);
	for (int y = 0; y < ycc.rows; y++) {
		const unsigned char *p = ycc.ptr<unsigned char>(y);
		float *pa = an.ptr<float>(y), *pb = bn.ptr<float>(y);
		for (int x = 0; x < ycc.cols; x++, p += 3) {
			float k = inv[p[0]];
			pa[x] = ((float)p[1] - 128.0f) * k;
			pb[x] = ((float)p[2] - 128.0f) * k;
		}
	}
}

// The edge to a fraction of a pixel.  A pixel covering a fraction a of the
// limb mixes the limb's colour there with the background's:
//     P = a s L + (1 - a) G,
// L the limb's colour (the mean over the sure limb nearby: its hue), s its
// shading at the outline (unknown: a round limb darkens towards its edges,
// and the light falls differently on each side), G the background's colour
// nearby (the mean over the sure background, so a shadow near the limb is
// its own background).  Two unknowns, a and b = a s, three channels:
//     P - G = b L - a G,  least squares.
// On a PNG of a generated cylinder the coverage is right to 0.01 of a
// pixel, and the edge found from the area under the profile (lv_silhouette)
// does not move as the outline crosses the pixel grid.  A JPEG's halved
// chroma and its 8 x 8 blocks spread an edge pixel's colour beyond the
// pixels refined here: an outline along the pixel grid still comes out up
// to 0.2 px wide or narrow, depending on where it falls on the 2 x 2 and
// 8 x 8 grids (doc/photo.md, Accuracy).  (The chroma-over-luma ratio used before takes the
// limb's mean ratio for its colour at the outline; with the luma offset the
// ratio drops where the limb is shaded, which put the edges of a generated
// cylinder up to 0.06 px off, differently on its lit and its shaded side.)
// Sure pixels (two pixels inside or outside the outline) become 1 and 0;
// pixels with no sure background near them, or whose limb and background
// have nearly the same hue (no second equation), keep the classification.
//
// The local colours are summed over the window of each pixel refined (the
// thin band between the sure limb and the sure background), not filtered
// over the whole image: per frame of limbvol capture, whole-image float
// copies and box filters cost as much as the rest of the analysis.  The sums
// are of whole numbers, so they are exact either way; the window's rows and
// columns beyond the image are reflected as cv::boxFilter reflects them
// (BORDER_REFLECT_101).
void refine_edges(const cv::Mat &bgr, cv::Mat &mask)
{
	const int r = 4; // local colours over 9 x 9 windows
	const int w = mask.cols, h = mask.rows;
	cv::Mat bin = mask >= 128, in, out, kernel = cv::Mat::ones(3, 3, CV_8U);
	cv::erode(bin, in, kernel, cv::Point(-1, -1), 2);
	cv::erode(~bin, out, kernel, cv::Point(-1, -1), 2);
	cv::Scalar mean_in = cv::mean(bgr, in);

	// the window's columns, x - r .. x + r, reflected at the image's sides
	std::vector<int> col((size_t)w + 2 * r);
	for (int i = 0; i < w + 2 * r; i++)
		col[(size_t)i] = cv::borderInterpolate(i - r, w, cv::BORDER_REFLECT_101);

	for (int y = 0; y < h; y++) {
		const unsigned char *pin = in.ptr<unsigned char>(y),
				    *pout = out.ptr<unsigned char>(y);
		const cv::Vec3b *pf = bgr.ptr<cv::Vec3b>(y);
		unsigned char *pm = mask.ptr<unsigned char>(y);
		for (int x = 0; x < w; x++) {
			if (pin[x] || pout[x]) {
				pm[x] = pin[x] ? 255 : 0;
				continue;
			}
			cv::Vec3d si(0, 0, 0), so(0, 0, 0);
			int ci = 0, co = 0;
			for (int dy = -r; dy <= r; dy++) {
				int yy = cv::borderInterpolate(y + dy, h, cv::BORDER_REFLECT_101);
				const unsigned char *qi = in.ptr<unsigned char>(yy),
						    *qo = out.ptr<unsigned char>(yy);
				const cv::Vec3b *qf = bgr.ptr<cv::Vec3b>(yy);
				for (int i = x; i <= x + 2 * r; i++) {
					int xx = col[(size_t)i];
					if (qi[xx]) {
						si += cv::Vec3d(qf[xx]);
						ci++;
					} else if (qo[xx]) {
						so += cv::Vec3d(qf[xx]);
						co++;
					}
				}
			}
			if (co < 3)
				continue; /* no background near: keep */
			cv::Vec3d L = ci >= 3 ? si / (double)ci
					      : cv::Vec3d(mean_in[0], mean_in[1], mean_in[2]);
			cv::Vec3d G = so / (double)co, D = cv::Vec3d(pf[x]) - G;
			double ll = L.dot(L), gg = G.dot(G), lg = L.dot(G);
			double det = ll * gg - lg * lg;
			if (!(det > 0.01 * ll * gg))
				continue; /* the same hue: keep */
			// [ll -lg; -lg gg] [b; a] = [L.D; -G.D]
			double a = (ll * -G.dot(D) + lg * L.dot(D)) / det;
			a = std::min(1.0, std::max(0.0, a));
			pm[x] = (unsigned char)std::lround(a * 255.0);
		}
	}
}

float median_of(std::vector<float> &v)
{
	if (v.empty())
		return 0;
	size_t m = v.size() / 2;
	std::nth_element(v.begin(), v.begin() + (long)m, v.end());
	return v[m];
}

// Otsu's threshold on a histogram.
int otsu(const double *h, int n)
{
	double total = 0, sum = 0;
	for (int i = 0; i < n; i++) {
		total += h[i];
		sum += i * h[i];
	}
	double w0 = 0, s0 = 0, best = -1;
	int t = n / 2;
	for (int i = 0; i < n - 1; i++) {
		w0 += h[i];
		s0 += i * h[i];
		double w1 = total - w0;
		if (w0 <= 0 || w1 <= 0)
			continue;
		double m0 = s0 / w0, m1 = (sum - s0) / w1;
		double v = w0 * w1 * (m0 - m1) * (m0 - m1);
		if (v > best) {
			best = v;
			t = i + 1;
		}
	}
	return t;
}

// Median bin of h[lo, hi).
double hist_median(const double *h, int lo, int hi)
{
	double total = 0;
	for (int i = lo; i < hi; i++)
		total += h[i];
	double acc = 0;
	for (int i = lo; i < hi; i++) {
		acc += h[i];
		if (acc >= total / 2)
			return i + 0.5 - (acc - total / 2) / std::max(h[i], 1.0);
	}
	return hi;
}

// The background's chroma: medians of a and b over a strip along the
// border (a hundredth of the image's smaller side, 2 px at least).
void border_chroma(const cv::Mat &an, const cv::Mat &bn, float &a0, float &b0)
{
	const int w = an.cols, h = an.rows;
	int bw = std::max(2, std::min(w, h) / 100);
	std::vector<float> ba, bb;
	ba.reserve((size_t)(2 * bw * (w + h)));
	bb.reserve(ba.capacity());
	for (int y = 0; y < h; y++) {
		const float *pa = an.ptr<float>(y), *pb = bn.ptr<float>(y);
		bool full_row = y < bw || y >= h - bw;
		for (int x = 0; x < w; x++) {
			if (!full_row && x == bw) {
				x = w - bw - 1;
				continue;
			}
			ba.push_back(pa[x]);
			bb.push_back(pb[x]);
		}
	}
	a0 = median_of(ba);
	b0 = median_of(bb);
}

// Each pixel's distance from the background chroma (a0, b0), into d, and
// its histogram (nb bins of one unit).
void chroma_distance(const cv::Mat &an, const cv::Mat &bn, float a0, float b0, cv::Mat &d,
		     std::vector<double> &hist)
{
	const int w = an.cols, h = an.rows, nb = (int)hist.size();
	d.create(h, w, CV_32F);
	for (int y = 0; y < h; y++) {
		const float *pa = an.ptr<float>(y), *pb = bn.ptr<float>(y);
		float *pd = d.ptr<float>(y);
		for (int x = 0; x < w; x++) {
			float da = pa[x] - a0, db = pb[x] - b0;
			pd[x] = std::sqrt(da * da + db * db);
			hist[(size_t)std::min(nb - 1, (int)pd[x])] += 1;
		}
	}
}

// The marker card: its quad, scaled about its centre by card_scale, cleared
// from the mask; near_card, the box of the quad scaled twice as much.
void clear_card(cv::Mat &mask, const double *card_quad_px, double card_scale, cv::Rect &near_card)
{
	std::vector<cv::Point> card, wide;
	double cx = 0, cy = 0;
	for (int i = 0; i < 4; i++) {
		cx += card_quad_px[2 * i] / 4;
		cy += card_quad_px[2 * i + 1] / 4;
	}
	for (int i = 0; i < 4; i++) {
		double dx = card_quad_px[2 * i] - cx, dy = card_quad_px[2 * i + 1] - cy;
		card.emplace_back(cvRound(cx + dx * card_scale), cvRound(cy + dy * card_scale));
		wide.emplace_back(cvRound(cx + dx * card_scale * 2),
				  cvRound(cy + dy * card_scale * 2));
	}
	cv::fillConvexPoly(mask, card, cv::Scalar(0), cv::LINE_8);
	near_card = cv::boundingRect(wide);
}

// Regions of the mask dropped: specks (under a thousandth of the image) and,
// with a card, what is left of it (a region off the border lying mostly in
// near_card).  Returns the area kept (px).
double drop_specks(cv::Mat &mask, bool has_card, const cv::Rect &near_card)
{
	const int w = mask.cols, h = mask.rows;
	cv::Mat bin = mask >= 128, labels, stats, centroids;
	int n = cv::connectedComponentsWithStats(bin, labels, stats, centroids, 8, CV_32S);
	bin.release();
	std::vector<unsigned char> drop((size_t)n, 0);
	double min_area = 0.001 * w * h, limb_area = 0;
	bool any_drop = false;
	for (int i = 1; i < n; i++) {
		int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
		int cw = stats.at<int>(i, cv::CC_STAT_WIDTH),
		    ch = stats.at<int>(i, cv::CC_STAT_HEIGHT);
		int area = stats.at<int>(i, cv::CC_STAT_AREA);
		bool border = x == 0 || y == 0 || x + cw == w || y + ch == h;
		cv::Rect box(x, y, cw, ch);
		bool card_part = has_card && !border && (box & near_card).area() > 0 &&
			(box & near_card).area() >= box.area() / 2;
		if (area < min_area || card_part) {
			drop[(size_t)i] = 1;
			any_drop = true;
		} else {
			limb_area += area;
		}
	}
	if (any_drop)
		for (int y = 0; y < h; y++) {
			const int *pl = labels.ptr<int>(y);
			unsigned char *pm = mask.ptr<unsigned char>(y);
			for (int x = 0; x < w; x++)
				if (pl[x] > 0 && drop[(size_t)pl[x]])
					pm[x] = 0;
		}
	return limb_area;
}

} // namespace

extern "C" {

int cvs_segment_limb(cvs_image **out, const cvs_image *img, const double *card_quad_px,
		     double card_scale, cvs_segment_info *info)
{
	*out = nullptr;
	if (!img || img->mat.empty() || img->mat.type() != CV_8UC3 || img->mat.cols < 16 ||
	    img->mat.rows < 16)
		return lv_error_set(LV_EINVAL, "segmentation: expected a colour image");
	return cvs_try("segmentation", [&]() -> int {
		const cv::Mat &bgr = img->mat;
		const int w = bgr.cols, h = bgr.rows;
		cv::Mat ycc, an, bn, d;
		float a0, b0;
		normalised_chroma(bgr, ycc, an, bn);
		border_chroma(an, bn, a0, b0);

		// distance from the background chroma, split by Otsu's threshold
		const int nb = 256;
		std::vector<double> hist((size_t)nb, 0.0);
		chroma_distance(an, bn, a0, b0, d, hist);
		int t = otsu(hist.data(), nb);
		double above = 0;
		for (int i = t; i < nb; i++)
			above += hist[(size_t)i];
		if (above < 0.001 * w * h)
			return lv_error_set(
				LV_EIMAGE,
				"nothing stands out from the background: no limb in the photo, or a "
				"background of the limb's colour");
		double d_bg = hist_median(hist.data(), 0, t);
		double d_fg = hist_median(hist.data(), t, nb);
		if (info) {
			info->background_spread = d_bg;
			info->limb_distance = d_fg;
		}
		if (!(d_fg - d_bg >= CVS_SEGMENT_MIN_CONTRAST))
			return lv_error_set(
				LV_EIMAGE,
				"the limb does not stand out from the background (chroma contrast %.1f, "
				"need %.1f): use a plain background of a colour unlike skin",
				d_fg - d_bg, CVS_SEGMENT_MIN_CONTRAST);

		// coverage: background median -> 0, limb median -> 255
		cv::Mat mask;
		double scale = 255.0 / (d_fg - d_bg);
		d.convertTo(mask, CV_8U, scale, -d_bg * scale);
		d.release();
		// lightly smoothed against noise (the outline is measured again
		// by refine_edges)
		cv::GaussianBlur(mask, mask, cv::Size(3, 3), 0.8);

		// the card: clear the scaled quad, then drop what is left of it
		cv::Rect near_card;
		if (card_quad_px)
			clear_card(mask, card_quad_px, card_scale, near_card);
		double limb_area = drop_specks(mask, card_quad_px != nullptr, near_card);

		refine_edges(bgr, mask);

		if (info) {
			info->background_chroma[0] = a0;
			info->background_chroma[1] = b0;
			info->limb_fraction = limb_area / ((double)w * h);
		}
		auto *res = new cvs_image;
		res->mat = std::move(mask);
		*out = res;
		return LV_OK;
	});
}

} // extern "C"
