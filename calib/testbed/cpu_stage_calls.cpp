// SPDX-License-Identifier: Apache-2.0
#include "calib/testbed/cpu_stage_calls.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace servesim::calib {

std::vector<CpuStageCall> cpu_stage_calls(const sim::Topology& topology,
                                          const std::vector<sim::RequestStageRecord>& records,
                                          std::int64_t from_ns) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < topology.stages.size(); ++i) index[topology.stages[i].name] = i;
  // Items of one batch carry the same stage, start and end: one call.
  std::set<std::tuple<std::int64_t, std::int64_t, std::size_t, int>> seen;
  std::vector<CpuStageCall> calls;
  for (const sim::RequestStageRecord& r : records) {
    const auto it = index.find(r.stage);
    if (it == index.end() || topology.stages[it->second].on.empty()) continue;
    const sim::ResourceSpec& pool = topology.resource(topology.stages[it->second].on);
    if (pool.kind != sim::ResourceKind::kCpu) continue;
    if (!seen.insert({r.start_ns, r.end_ns, it->second, r.batch_size}).second) continue;
    calls.push_back({it->second, r.batch_size, false, r.start_ns, r.end_ns - r.start_ns,
                     r.start_ns - r.enter_ns});
  }
  std::sort(calls.begin(), calls.end(), [](const CpuStageCall& a, const CpuStageCall& b) {
    return std::tie(a.start_ns, a.stage) < std::tie(b.start_ns, b.stage);
  });
  // Sweep in start order, keeping the end times of the calls still running on each pool and the
  // latest end of any call started so far.
  std::map<std::string, std::multiset<std::int64_t>> running;
  std::map<std::string, std::int64_t> latest_end;
  std::vector<CpuStageCall> kept;
  for (CpuStageCall& c : calls) {
    const std::string& pool = topology.stages[c.stage].on;
    std::multiset<std::int64_t>& ends = running[pool];
    ends.erase(ends.begin(), ends.upper_bound(c.start_ns));
    c.corun = !ends.empty();
    const auto last = latest_end.find(pool);
    c.pool_idle_while_waiting = last == latest_end.end() || last->second <= c.start_ns - c.queue_ns;
    ends.insert(c.start_ns + c.duration_ns);
    std::int64_t& latest = latest_end[pool];
    latest = std::max(latest, c.start_ns + c.duration_ns);
    if (c.start_ns >= from_ns) kept.push_back(c);
  }
  return kept;
}

}  // namespace servesim::calib
