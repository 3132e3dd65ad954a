// SPDX-License-Identifier: Apache-2.0
// The repetition rule: warm-up runs untimed, and each of the three ways a point stops.
#include "calib/sweep/point_timer.hpp"

#include "calib/sweep/cache_evictor.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace servesim::calib;
using namespace std::chrono_literals;

namespace {
// Busy work that takes roughly `us` microseconds of wall time.
void spin_for(std::chrono::microseconds us) {
  const auto end = std::chrono::steady_clock::now() + us;
  while (std::chrono::steady_clock::now() < end) {
  }
}
}  // namespace

TEST_CASE("a point whose median never settles stops at max_repetitions", "[unit]") {
  RepetitionPolicy policy;
  policy.warmup_runs = 2;
  policy.min_repetitions = 6;
  policy.max_repetitions = 9;
  policy.max_point_time = 10s;
  policy.target_ci_fraction = 0.001;
  policy.max_attempts = 1;  // counts below must not depend on other processes
  int calls = 0;
  // Alternating 0 and 2 ms: the interval of the median spans both.
  const TimedRuns runs = time_repeatedly(
      [&] {
        if (calls++ % 2 == 0) spin_for(2000us);
      },
      policy);
  CHECK(calls == 2 + 9);
  CHECK(runs.warmup_runs == 2);
  CHECK(runs.samples_ns.size() == 9);
  CHECK(runs.stop == StopReason::max_repetitions);
  // Far from the 0.1% target: the interval spans the two modes (about 0.5 of the median).
  CHECK(runs.median.relative_half_width() > 0.3);
}

TEST_CASE("a slow point stops at the time budget after the floor of runs", "[unit]") {
  RepetitionPolicy policy;
  policy.warmup_runs = 3;
  policy.floor_repetitions = 3;
  policy.min_repetitions = 10;
  policy.max_point_time = 50ms;
  policy.max_attempts = 1;
  int calls = 0;
  const TimedRuns runs = time_repeatedly(
      [&] {
        ++calls;
        std::this_thread::sleep_for(20ms);
      },
      policy);
  // One warm-up uses up the 10 ms warm-up budget (a fifth of 50 ms); timed runs then end at 40
  // ms, 60 ms (past the 50 ms deadline, but n = 2 is below the floor) and 80 ms (n = 3: stop).
  CHECK(runs.warmup_runs == 1);
  CHECK(runs.samples_ns.size() == 3);
  CHECK(calls == 4);
  CHECK(runs.stop == StopReason::time_limit);
  for (double ns : runs.samples_ns) CHECK(ns >= 20e6);
  CHECK(runs.cpu_share < 0.5);  // sleeping uses no CPU
}

TEST_CASE("a steady point stops as soon as its interval is within the target", "[unit]") {
  RepetitionPolicy policy;
  policy.warmup_runs = 0;
  policy.min_repetitions = 30;  // ranks 9 and 22 bound the median: a few preemptions do not matter
  policy.max_repetitions = 1000;
  policy.max_point_time = 20s;
  policy.target_ci_fraction = 0.9;  // +-90%: met by any sane timer at the first check
  policy.max_attempts = 1;
  int calls = 0;
  const TimedRuns runs = time_repeatedly(
      [&] {
        ++calls;
        spin_for(200us);
      },
      policy);
  CHECK(runs.stop == StopReason::converged);
  CHECK(runs.samples_ns.size() == 30);
  CHECK(calls == 30);
  CHECK(runs.median.valid);
  CHECK(runs.median.median_ns >= 200e3);
}

TEST_CASE("a point that did not get its core is measured again, keeping the best", "[unit]") {
  RepetitionPolicy policy;
  policy.warmup_runs = 1;
  policy.floor_repetitions = 2;
  policy.min_repetitions = 6;
  policy.max_point_time = 10ms;
  policy.min_cpu_share = 0.9;
  policy.max_attempts = 3;
  int calls = 0;
  // Sleeping uses no CPU: every attempt's share is near 0, so all three are made.
  const TimedRuns runs = time_repeatedly(
      [&] {
        ++calls;
        std::this_thread::sleep_for(4ms);
      },
      policy);
  CHECK(runs.attempts == 3);
  // Each attempt: one warm-up (past the 2 ms warm-up budget), then 2 timed runs (floor, and
  // past the deadline).
  CHECK(calls == 3 * (1 + 2));
  CHECK(runs.samples_ns.size() == 2);
  CHECK(runs.cpu_share < 0.9);
  // With the rule off, one attempt whatever the share.
  policy.min_cpu_share = 0;
  calls = 0;
  CHECK(time_repeatedly([&] { ++calls; }, policy).attempts == 1);
}

TEST_CASE("a bad policy is refused with the field's name", "[unit]") {
  RepetitionPolicy policy;
  policy.target_ci_fraction = 0;
  CHECK_THROWS_WITH(time_repeatedly([] {}, policy), Catch::Contains("target_ci_fraction"));
  policy = RepetitionPolicy{};
  policy.max_repetitions = 2;
  CHECK_THROWS_WITH(policy.validate(), Catch::Contains("max_repetitions"));
  policy = RepetitionPolicy{};
  policy.max_attempts = 0;
  CHECK_THROWS_WITH(policy.validate(), Catch::Contains("max_attempts"));
  policy = RepetitionPolicy{};
  policy.evict_cache_bytes = -1;
  CHECK_THROWS_WITH(policy.validate(), Catch::Contains("evict_cache_bytes"));
}

TEST_CASE("cold-cache runs read the eviction buffer before each run, untimed", "[unit]") {
  RepetitionPolicy policy = RepetitionPolicy::quick();
  policy.warmup_runs = 1;
  policy.min_repetitions = 6;
  policy.max_repetitions = 6;
  policy.evict_cache_bytes = 32LL << 20;
  const std::int64_t before = evicted_bytes_on_this_thread();
  const TimedRuns runs = time_repeatedly([] { spin_for(50us); }, policy);
  REQUIRE(runs.samples_ns.size() == 6);
  // Once before the warm-up run and once before each of the six timed runs.
  CHECK(evicted_bytes_on_this_thread() - before == 7 * policy.evict_cache_bytes);
  // Reading 32 MiB takes milliseconds; a 50 us run's samples must not contain it.
  CHECK(runs.median.median_ns < 1e6);
  // A hot-loop policy reads nothing.
  policy.evict_cache_bytes = 0;
  const std::int64_t hot = evicted_bytes_on_this_thread();
  time_repeatedly([] { spin_for(50us); }, policy);
  CHECK(evicted_bytes_on_this_thread() == hot);
}
