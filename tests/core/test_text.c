/* UTF-8 validity against RFC 3629's table (and its examples of ill-formed bytes). */
#include "harness.h"
#include "limbvol/text.h"

static void lengths(void)
{
	CHECK(lv_utf8_length("a") == 1);
	CHECK(lv_utf8_length("\xc3\xa9") == 2); /* U+00E9 */
	CHECK(lv_utf8_length("\xe2\x80\x94") == 3); /* U+2014 */
	CHECK(lv_utf8_length("\xf0\x9f\x98\x80") == 4); /* U+1F600 */
	CHECK(lv_utf8_length("\xc0\xaf") == 0); /* overlong '/' */
	CHECK(lv_utf8_length("\xe0\x80\xaf") == 0); /* overlong */
	CHECK(lv_utf8_length("\xed\xa0\x80") == 0); /* surrogate U+D800 */
	CHECK(lv_utf8_length("\xf4\x90\x80\x80") == 0); /* beyond U+10FFFF */
	CHECK(lv_utf8_length("\x80") == 0); /* a lone continuation byte */
	CHECK(lv_utf8_length("\xe2\x80") == 0); /* cut short by the NUL */
	CHECK(lv_utf8_length("\xff") == 0);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(lengths);
	return lv_test_done();
}
