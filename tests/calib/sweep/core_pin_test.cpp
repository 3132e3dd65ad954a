// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/core_pin.hpp"

#include <catch2/catch.hpp>

#include <sched.h>
#include <stdexcept>

using servesim::calib::ScopedCorePin;

TEST_CASE("pinning moves the thread to one core and restores its affinity after", "[unit]") {
  cpu_set_t before;
  CPU_ZERO(&before);
  REQUIRE(sched_getaffinity(0, sizeof before, &before) == 0);
  int last_allowed = -1;
  for (int core = 0; core < CPU_SETSIZE; ++core) {
    if (CPU_ISSET(core, &before)) last_allowed = core;
  }
  REQUIRE(last_allowed >= 0);
  {
    const ScopedCorePin pin(last_allowed);
    cpu_set_t now;
    CPU_ZERO(&now);
    REQUIRE(sched_getaffinity(0, sizeof now, &now) == 0);
    CHECK(CPU_COUNT(&now) == 1);
    CHECK(CPU_ISSET(last_allowed, &now));
    CHECK(sched_getcpu() == last_allowed);
  }
  cpu_set_t after;
  CPU_ZERO(&after);
  REQUIRE(sched_getaffinity(0, sizeof after, &after) == 0);
  CHECK(CPU_EQUAL(&before, &after));
  CHECK_THROWS_WITH(ScopedCorePin(-1), Catch::Contains("may run on cores"));
  CHECK_THROWS_AS(ScopedCorePin(CPU_SETSIZE + 5), std::invalid_argument);
}
