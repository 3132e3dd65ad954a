// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/stage_costs.hpp"

namespace servesim::sim {

SimDuration StageCosts::batch_duration(const std::vector<Request*>& batch, const Resource& unit) {
  return at_machine_speed(stage_.sample(run_.costs, run_.classes, batch.front()->class_index,
                                        static_cast<int>(batch.size()), corun(unit)));
}

SimDuration StageCosts::call_duration(int class_index, const Resource& unit, double run_common_u) {
  const bool co_running = corun(unit);
  return at_machine_speed(
      stage_.host().run_share > 0
          ? stage_.sample_in_run(run_.costs, run_.classes, class_index, co_running, run_common_u)
          : stage_.sample(run_.costs, run_.classes, class_index, 1, co_running));
}

SimDuration StageCosts::transfer_latency(int class_index) {
  return stage_.sample_transfer_latency(run_.costs, run_.classes, class_index, run_.engine.now());
}

SimDuration StageCosts::at_machine_speed(SimDuration table_ns) const {
  if (run_.cpu_speed.empty() || stage_.host().kind != ResourceKind::kCpu) return table_ns;
  return duration_from_ns(static_cast<double>(table_ns) * run_.cpu_speed.at(run_.engine.now()));
}

}  // namespace servesim::sim
