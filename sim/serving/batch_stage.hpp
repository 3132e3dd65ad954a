// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/resource.hpp"
#include "sim/engine/sim_time.hpp"
#include "sim/serving/request.hpp"

#include <optional>
#include <utility>
#include <vector>

namespace servesim::sim {

/// What a batcher asks of the stage it batches for: how long a call takes and the thread
/// wake-ups around it. The stage answers, so the batcher only orders requests.
class BatchStage {
 public:
  virtual ~BatchStage() = default;
  /// Duration of one call on `batch`, which already holds `unit`.
  virtual SimDuration batch_duration(const std::vector<Request*>& batch, const Resource& unit) = 0;
  /// The wake-up of the worker a batch is handed to when it finds its unit idle; also the
  /// batcher's own thread when its max_delay timer fires, unless `sample_batch_timer` gives it.
  virtual SimDuration sample_dispatch() { return 0; }
  /// From the max_delay deadline to a timed batch's start on an idle unit, both threads'
  /// wake-ups in one draw (measured in situ as a whole); nullopt when not measured.
  virtual std::optional<SimDuration> sample_batch_timer() { return std::nullopt; }
  /// After a call, how long its worker stays busy before the unit is free again; the items move
  /// on at once.
  virtual SimDuration sample_turnaround() { return 0; }
  /// Asked when a call ends with requests waiting: true if the next batch is formed before the
  /// call's items move on, false if after them.
  virtual bool draw_batch_first() { return true; }
};

/// A stage whose calls cost what `cost(batch)` says and that wakes no thread: for tests of the
/// batching rules.
template <typename CostFn>
class FixedCostStage final : public BatchStage {
 public:
  explicit FixedCostStage(CostFn cost) : cost_(std::move(cost)) {}
  SimDuration batch_duration(const std::vector<Request*>& batch, const Resource&) override {
    return cost_(batch);
  }

 private:
  CostFn cost_;
};

}  // namespace servesim::sim
