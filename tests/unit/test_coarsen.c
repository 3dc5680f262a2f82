/*
 * test_coarsen.c - time_coarsen(): submission times are stored rounded
 * down to the day (by default), hour or minute, in local time.
 */
#include <stdlib.h>
#include <time.h>

#include <criterion/criterion.h>

#include "config.h"
#include "util.h"

static void
paris(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
}

/* 2026-11-29 18:05:42 in Paris (UTC+1) is 17:05:42 UTC. */
#define T 1795971942LL

Test(coarsen, day_hour_minute_second, .init = paris)
{
	struct tm tm;
	time_t t;

	t = (time_t)time_coarsen(T, RES_DAY);
	localtime_r(&t, &tm);
	cr_assert_eq(tm.tm_hour, 0);
	cr_assert_eq(tm.tm_min, 0);
	cr_assert_eq(tm.tm_sec, 0);
	cr_assert_eq(tm.tm_mday, 29);
	cr_assert_eq(time_coarsen(T, RES_HOUR), T - 5 * 60 - 42);
	cr_assert_eq(time_coarsen(T, RES_MINUTE), T - 42);
	cr_assert_eq(time_coarsen(T, RES_SECOND), T);
}

Test(coarsen, never_rounds_up_around_dst, .init = paris)
{
	/* Every hour over the 2026 spring and autumn changes. */
	static const long long starts[] = { 1774742400LL, 1792886400LL };

	for (size_t k = 0; k < 2; k++)
		for (long long t = starts[k] - 86400; t < starts[k] + 86400;
		    t += 1234) {
			cr_assert_leq(time_coarsen(t, RES_DAY), t);
			cr_assert_gt(time_coarsen(t, RES_DAY), t - 90000);
			cr_assert_leq(time_coarsen(t, RES_HOUR), t);
			cr_assert_gt(time_coarsen(t, RES_HOUR), t - 3600);
		}
}
