// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/every_core_runs.hpp"

#include "calib/sweep/core_pin.hpp"

#include <catch2/catch.hpp>

#include <sched.h>
#include <stdexcept>

using namespace servesim::calib;

TEST_CASE("allowed_cores lists the affinity mask", "[unit]") {
  const std::vector<int> cores = allowed_cores();
  REQUIRE_FALSE(cores.empty());
  cpu_set_t set;
  CPU_ZERO(&set);
  REQUIRE(sched_getaffinity(0, sizeof set, &set) == 0);
  CHECK(static_cast<int>(cores.size()) == CPU_COUNT(&set));
  for (int core : cores) CHECK(CPU_ISSET(core, &set));
}

TEST_CASE("every core is timed in turn, pinned, and weighs the same in the pooled samples",
          "[unit]") {
  std::vector<int> cores = allowed_cores();
  if (cores.size() == 1) cores.push_back(cores.front());  // a one-core runner: the same core twice
  RepetitionPolicy policy = RepetitionPolicy::quick();
  policy.warmup_runs = 1;
  policy.min_repetitions = 7;
  policy.max_repetitions = 7;
  std::vector<int> ran_on;
  volatile double sink = 0;
  const auto run = [&] {
    ran_on.push_back(sched_getcpu());
    for (int i = 0; i < 20000; ++i) sink = sink + 1.0 / (i + 1);
  };
  const EveryCoreRuns r = time_on_every_core(run, policy, cores);
  REQUIRE(r.cores == cores);
  REQUIRE(r.core_median_ns.size() == cores.size());
  for (double m : r.core_median_ns) CHECK(m > 0);
  // Every core ran at most 7 timed runs after its warm-up; all of them pinned there, in order.
  std::size_t at = 0;
  for (int core : cores) {
    REQUIRE(at < ran_on.size());
    const std::size_t begin = at;
    while (at < ran_on.size() && at - begin < 8 && ran_on[at] == core) ++at;
    CHECK(at - begin >= 1 + 3);  // the warm-up and at least the floor of timed runs
  }
  CHECK(at == ran_on.size());
  CHECK(r.pooled.samples_ns.size() % cores.size() == 0);
  CHECK(r.pooled.samples_ns.size() <= 7 * cores.size());
  CHECK(r.pooled.median.median_ns > 0);
  CHECK_THROWS_AS(time_on_every_core(run, policy, {}), std::invalid_argument);
}
