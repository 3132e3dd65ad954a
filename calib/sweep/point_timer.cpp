// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/point_timer.hpp"

#include "calib/sweep/cache_evictor.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

namespace servesim::calib {
namespace {

using Clock = std::chrono::steady_clock;

double thread_cpu_ns() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

}  // namespace

const char* to_string(StopReason reason) {
  switch (reason) {
    case StopReason::converged:
      return "converged";
    case StopReason::max_repetitions:
      return "max repetitions";
    case StopReason::time_limit:
      return "time limit";
  }
  return "?";
}

namespace {

TimedRuns one_attempt(const std::function<void()>& run, const RepetitionPolicy& policy) {
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + policy.max_point_time;
  const Clock::duration warmup_budget = policy.max_point_time / 5;

  TimedRuns result;
  for (int i = 0; i < policy.warmup_runs; ++i) {
    evict_caches(policy.evict_cache_bytes);
    run();
    ++result.warmup_runs;
    if (Clock::now() - start > warmup_budget) break;
  }

  std::vector<double> sorted;
  double evict_ns = 0;  // untimed, and left out of the cpu share
  const double cpu_start = thread_cpu_ns();
  const Clock::time_point timed_start = Clock::now();
  // At least 6 runs before the rule applies: fewer cannot give a 95% interval of the median.
  const int check_from = std::max(policy.min_repetitions, 6);
  while (true) {
    if (policy.evict_cache_bytes > 0) {
      const Clock::time_point e0 = Clock::now();
      evict_caches(policy.evict_cache_bytes);
      evict_ns += static_cast<double>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - e0).count());
    }
    const Clock::time_point t0 = Clock::now();
    run();
    const Clock::time_point t1 = Clock::now();
    const double ns =
        static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
    result.samples_ns.push_back(ns);
    sorted.insert(std::upper_bound(sorted.begin(), sorted.end(), ns), ns);
    const int n = static_cast<int>(sorted.size());
    if (n >= check_from) {
      result.median = median_interval(sorted, policy.z);
      if (result.median.valid && result.median.relative_half_width() <= policy.target_ci_fraction) {
        result.stop = StopReason::converged;
        break;
      }
    }
    if (n >= policy.max_repetitions) {
      result.stop = StopReason::max_repetitions;
      break;
    }
    if (n >= policy.floor_repetitions && t1 >= deadline) {
      result.stop = StopReason::time_limit;
      break;
    }
  }
  double wall_ns = static_cast<double>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - timed_start).count());
  const double cpu_ns = thread_cpu_ns() - cpu_start - evict_ns;
  wall_ns -= evict_ns;
  result.cpu_share = wall_ns > 0 ? std::min(1.0, cpu_ns / wall_ns) : 1.0;
  result.median = median_interval(sorted, policy.z);
  return result;
}

}  // namespace

TimedRuns time_repeatedly(const std::function<void()>& run, const RepetitionPolicy& policy) {
  policy.validate();
  TimedRuns best = one_attempt(run, policy);
  int attempts = 1;
  while (best.cpu_share < policy.min_cpu_share && attempts < policy.max_attempts) {
    TimedRuns next = one_attempt(run, policy);
    ++attempts;
    if (next.cpu_share > best.cpu_share) best = std::move(next);
  }
  best.attempts = attempts;
  return best;
}

}  // namespace servesim::calib
