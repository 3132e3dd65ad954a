// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"
#include "sim/topology/topology.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace servesim::validate {

/// One call of a cpu stage in a live run: a batch's items share one call.
struct CpuStageCall {
  std::size_t stage = 0;  ///< index in topology.stages
  int batch = 1;
  /// Another call was running on the same cpu pool when this one started: the rule by which
  /// the simulator picks a pool's corun_device costs (busy units > 1 at the start).
  bool corun = false;
  std::int64_t start_ns = 0;
  std::int64_t duration_ns = 0;
  std::int64_t queue_ns = 0;  ///< start - enter (of the batch's earliest item)
  /// No call ran on the pool while this one waited ([enter, start]): its wait was the hand-over
  /// to an idle worker and nothing else.
  bool pool_idle_while_waiting = false;
  /// A timed batch (fewer items than max_batch, started after its earliest item's max_delay
  /// deadline) that found an instance of its stage and a unit of its pool free from the deadline
  /// on: start - deadline, the batcher's thread waking from its timer and then the worker it
  /// hands the batch to. -1 for every other call.
  std::int64_t timer_late_ns = -1;
  /// A call that ends its worker's run (see ends_worker_run), with every other unit of its pool
  /// busy from its end until the pool's next call started and a call of the pool's job queue
  /// already waiting at its end: that next start - this end, the worker's own time between
  /// taking calls (handing the items on, writing a reply, waking the batcher). -1 for every
  /// other call.
  std::int64_t turnaround_ns = -1;
};

/// True if the testbed's worker takes a call of `stage` from its job queue (and so may sleep
/// before it): the first stage, or one after a batched stage or a stage on another resource.
/// Consecutive unbatched stages on one pool run back to back on one worker, as in the simulator.
bool starts_worker_run(const sim::Topology& topology, std::size_t stage);
/// True if the worker lets its unit go after a call of `stage`: a batched stage, the last
/// stage, or one followed by a batched stage or a stage on another resource.
bool ends_worker_run(const sim::Topology& topology, std::size_t stage);

/// The calls of the stages that run on cpu pools, from a run's per-request stage records, in
/// start order; calls that start before `from_ns` (the warm-up) count towards others' co-run
/// label but are left out.
std::vector<CpuStageCall> cpu_stage_calls(const sim::Topology& topology,
                                          const std::vector<sim::RequestStageRecord>& records,
                                          std::int64_t from_ns);

}  // namespace servesim::validate
