// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/cpu_stage_calls.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace servesim::validate {

namespace {

/// Sets timer_late_ns on the timed batches of `calls` (sorted by start) that found an instance
/// and a unit free from their deadline on. The units busy over [deadline, start) are bounded by
/// those busy at the deadline plus those started after it: a call counted twice only makes the
/// test stricter.
void mark_timed_batches(const sim::Topology& topology, std::vector<CpuStageCall>& calls) {
  std::int64_t longest_ns = 0;
  for (const CpuStageCall& c : calls) longest_ns = std::max(longest_ns, c.duration_ns);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    CpuStageCall& c = calls[i];
    const sim::StageSpec& stage = topology.stages[c.stage];
    const sim::BatchingSpec& batching = stage.batching;
    if (batching.max_batch <= 1 || c.batch >= batching.max_batch) continue;
    const std::int64_t deadline_ns = c.start_ns - c.queue_ns + batching.max_delay_ns;
    if (deadline_ns > c.start_ns) continue;  // sent before its deadline: not by the timer
    int units_busy = 0;
    int instances_busy = 0;
    for (std::size_t j = i; j-- > 0 && calls[j].start_ns >= deadline_ns - longest_ns;) {
      const CpuStageCall& o = calls[j];
      if (topology.stages[o.stage].on != stage.on) continue;
      const bool running_at_deadline =
          o.start_ns <= deadline_ns && deadline_ns < o.start_ns + o.duration_ns;
      if (running_at_deadline || o.start_ns > deadline_ns) ++units_busy;
      if (running_at_deadline && o.stage == c.stage) ++instances_busy;
    }
    if (units_busy < topology.resource(stage.on).cores && instances_busy < batching.instances) {
      c.timer_late_ns = c.start_ns - deadline_ns;
    }
  }
}

/// Sets turnaround_ns on the calls of `calls` (sorted by start) that end a worker's run with the
/// other units of their pool busy and a queued job waiting: the gap to the pool's next start is
/// then the worker's own time, since nothing else could have taken the free unit.
void mark_turnarounds(const sim::Topology& topology, std::vector<CpuStageCall>& calls) {
  std::int64_t longest_ns = 0;
  for (const CpuStageCall& c : calls) longest_ns = std::max(longest_ns, c.duration_ns);
  const auto starting_from = [&calls](std::int64_t t_ns) {
    return std::lower_bound(calls.begin(), calls.end(), t_ns,
                            [](const CpuStageCall& c, std::int64_t t) { return c.start_ns < t; }) -
           calls.begin();
  };
  for (CpuStageCall& c : calls) {
    if (!ends_worker_run(topology, c.stage)) continue;
    const std::string& pool = topology.stages[c.stage].on;
    const std::int64_t end_ns = c.start_ns + c.duration_ns;
    const auto first_after = static_cast<std::size_t>(starting_from(end_ns));
    // The pool's other calls running at this end, and when the first of them ends.
    int others_busy = 0;
    std::int64_t others_end_ns = std::numeric_limits<std::int64_t>::max();
    for (std::size_t j = first_after; j-- > 0 && calls[j].start_ns >= end_ns - longest_ns;) {
      const CpuStageCall& o = calls[j];
      if (&o == &c || topology.stages[o.stage].on != pool) continue;
      if (o.start_ns + o.duration_ns > end_ns) {
        ++others_busy;
        others_end_ns = std::min(others_end_ns, o.start_ns + o.duration_ns);
      }
    }
    if (others_busy != topology.resource(pool).cores - 1) continue;
    // The pool's next start, and the first job queue call after this end (the queue is FIFO:
    // if any job waited, that one did).
    const CpuStageCall* next = nullptr;
    const CpuStageCall* next_job = nullptr;
    for (std::size_t j = first_after; j < calls.size() && next_job == nullptr; ++j) {
      const CpuStageCall& o = calls[j];
      if (topology.stages[o.stage].on != pool) continue;
      if (next == nullptr) next = &o;
      if (starts_worker_run(topology, o.stage)) next_job = &o;
    }
    if (next == nullptr || next->start_ns >= others_end_ns || next_job == nullptr ||
        next_job->start_ns - next_job->queue_ns > end_ns) {
      continue;
    }
    c.turnaround_ns = next->start_ns - end_ns;
  }
}

}  // namespace

bool starts_worker_run(const sim::Topology& topology, std::size_t stage) {
  const sim::StageSpec& s = topology.stages[stage];
  if (s.batching.max_batch > 1) return false;  // a batch also waits for its batcher
  if (stage == 0) return true;
  const sim::StageSpec& before = topology.stages[stage - 1];
  return before.on != s.on || before.batching.max_batch > 1;
}

bool ends_worker_run(const sim::Topology& topology, std::size_t stage) {
  const sim::StageSpec& s = topology.stages[stage];
  if (s.batching.max_batch > 1 || stage + 1 == topology.stages.size()) return true;
  const sim::StageSpec& after = topology.stages[stage + 1];
  return after.on != s.on || after.batching.max_batch > 1;
}

std::vector<CpuStageCall> cpu_stage_calls(const sim::Topology& topology,
                                          const std::vector<sim::RequestStageRecord>& records,
                                          std::int64_t from_ns) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < topology.stages.size(); ++i) index[topology.stages[i].name] = i;
  // Items of one batch carry the same stage, start and end: one call.
  std::map<std::tuple<std::int64_t, std::int64_t, std::size_t, int>, std::size_t> seen;
  std::vector<CpuStageCall> calls;
  for (const sim::RequestStageRecord& r : records) {
    const auto it = index.find(r.stage);
    if (it == index.end() || topology.stages[it->second].on.empty()) continue;
    const sim::ResourceSpec& pool = topology.resource(topology.stages[it->second].on);
    if (pool.kind != sim::ResourceKind::kCpu) continue;
    const auto [call, added] =
        seen.try_emplace({r.start_ns, r.end_ns, it->second, r.batch_size}, calls.size());
    if (!added) {
      std::int64_t& queue_ns = calls[call->second].queue_ns;
      queue_ns = std::max(queue_ns, r.start_ns - r.enter_ns);
      continue;
    }
    calls.push_back({it->second, r.batch_size, false, r.start_ns, r.end_ns - r.start_ns,
                     r.start_ns - r.enter_ns});
  }
  std::sort(calls.begin(), calls.end(), [](const CpuStageCall& a, const CpuStageCall& b) {
    return std::tie(a.start_ns, a.stage) < std::tie(b.start_ns, b.stage);
  });
  mark_timed_batches(topology, calls);
  mark_turnarounds(topology, calls);
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

}  // namespace servesim::validate
