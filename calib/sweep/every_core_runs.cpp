// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/every_core_runs.hpp"

#include "calib/sweep/core_pin.hpp"

#include <algorithm>
#include <stdexcept>

namespace servesim::calib {

EveryCoreRuns time_on_every_core(const std::function<void()>& run, const RepetitionPolicy& policy,
                                 const std::vector<int>& cores) {
  if (cores.empty()) throw std::invalid_argument("time_on_every_core: no cores given");
  EveryCoreRuns out;
  std::vector<TimedRuns> per_core;
  for (int core : cores) {
    const ScopedCorePin pin(core);
    per_core.push_back(time_repeatedly(run, policy));  // warm-up on this core's caches too
    out.cores.push_back(core);
    out.core_median_ns.push_back(per_core.back().median.median_ns);
  }
  std::size_t n = per_core.front().samples_ns.size();
  for (const TimedRuns& r : per_core) n = std::min(n, r.samples_ns.size());
  TimedRuns& pooled = out.pooled;
  pooled.cpu_share = 1.0;
  pooled.attempts = 0;
  pooled.stop = StopReason::converged;
  for (const TimedRuns& r : per_core) {
    pooled.samples_ns.insert(pooled.samples_ns.end(), r.samples_ns.begin(),
                             r.samples_ns.begin() + static_cast<std::ptrdiff_t>(n));
    pooled.warmup_runs += r.warmup_runs;
    pooled.cpu_share = std::min(pooled.cpu_share, r.cpu_share);
    pooled.attempts = std::max(pooled.attempts, r.attempts);
    if (r.stop != StopReason::converged) pooled.stop = r.stop;  // the weakest core's reason
  }
  std::vector<double> sorted = pooled.samples_ns;
  std::sort(sorted.begin(), sorted.end());
  pooled.median = median_interval(sorted, policy.z);
  return out;
}

}  // namespace servesim::calib
