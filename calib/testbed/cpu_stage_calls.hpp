// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"
#include "sim/topology/topology.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace servesim::calib {

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
};

/// The calls of the stages that run on cpu pools, from a run's per-request stage records, in
/// start order; calls that start before `from_ns` (the warm-up) count towards others' co-run
/// label but are left out.
std::vector<CpuStageCall> cpu_stage_calls(const sim::Topology& topology,
                                          const std::vector<sim::RequestStageRecord>& records,
                                          std::int64_t from_ns);

}  // namespace servesim::calib
