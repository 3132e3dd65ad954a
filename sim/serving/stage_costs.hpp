// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/costs/cost_model.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/resource.hpp"
#include "sim/serving/batch_stage.hpp"
#include "sim/serving/broker_cost.hpp"
#include "sim/serving/request.hpp"
#include "sim/serving/speed_trace.hpp"
#include "sim/serving/stage_runtime.hpp"
#include "sim/workload/image_class.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace servesim::sim {

/// What a serving run prices its calls with: the cost tables, the run's image classes (a trace
/// adds classes as it goes), the cpu pools' speed over time and the clock that reads it.
struct CostContext {
  const CostModel& costs;
  const std::vector<ImageClass>& classes;
  const SpeedTrace& cpu_speed;
  const Engine& engine;
};

/// One stage of a serving run as the batcher and the request flow ask it: how long a call takes
/// (at the machine's speed, alone or co-running) and the wake-ups around it.
class StageCosts final : public BatchStage {
 public:
  StageCosts(StageRuntime& stage, const CostContext& context) : stage_(stage), run_(context) {}

  StageRuntime& runtime() { return stage_; }
  const StageRuntime& runtime() const { return stage_; }

  // Defined here: the flow asks these once per stage per item, the hot path of a run.
  SimDuration batch_duration(const std::vector<Request*>& batch, const Resource& unit) override {
    return at_machine_speed(stage_.sample(run_.costs, run_.classes, batch.front()->class_index,
                                          static_cast<int>(batch.size()), corun(unit)));
  }
  /// One unbatched call for an item of a class on `unit`, which it already holds.
  /// `run_common_u`: the worker run's common draw, used on a pool with a run_share.
  SimDuration call_duration(int class_index, const Resource& unit, double run_common_u) {
    const bool co_running = corun(unit);
    return at_machine_speed(
        stage_.host().run_share > 0
            ? stage_.sample_in_run(run_.costs, run_.classes, class_index, co_running, run_common_u)
            : stage_.sample(run_.costs, run_.classes, class_index, 1, co_running));
  }
  /// A transfer's latency after its wire time, holding nothing.
  SimDuration transfer_latency(int class_index) {
    return stage_.sample_transfer_latency(run_.costs, run_.classes, class_index, run_.engine.now());
  }

  SimDuration sample_dispatch() override { return stage_.sample_dispatch(run_.costs); }
  std::optional<SimDuration> sample_batch_timer() override {
    return stage_.sample_batch_timer(run_.costs);
  }
  SimDuration sample_turnaround() override { return stage_.sample_turnaround(run_.costs); }
  bool draw_batch_first() override { return stage_.draw_batch_first(); }

  /// Broker hops: one message's cost at a server broker, and its size.
  const BrokerMessageCost& broker_cost(int class_index) {
    return stage_.broker_cost(run_.costs, run_.classes, class_index);
  }
  std::int64_t message_bytes(int class_index) {
    return stage_.message_bytes(run_.classes, class_index);
  }

 private:
  /// A call already holds its unit: another working unit (not one waiting out its worker's
  /// turnaround, which calibration cannot see) means a co-running core.
  static bool corun(const Resource& unit) { return unit.working_units() > 1; }
  /// A cpu pool's call takes its cost-table time times the machine's speed at its start.
  SimDuration at_machine_speed(SimDuration table_ns) const {
    if (run_.cpu_speed.empty() || stage_.host().kind != ResourceKind::kCpu) return table_ns;
    return duration_from_ns(static_cast<double>(table_ns) * run_.cpu_speed.at(run_.engine.now()));
  }

  StageRuntime& stage_;
  CostContext run_;  // references only: copied, not owned
};

}  // namespace servesim::sim
