// SPDX-License-Identifier: Apache-2.0
#include "validate/validation/table_call_reference.hpp"

#include "sim/serving/stage_runtime.hpp"

#include <map>
#include <memory>

namespace servesim::validate {

CallReference table_call_reference(const sim::Topology& topology, const sim::ImageClass& image,
                                   const sim::CostModel& costs) {
  // Each stage's runtime caches its looked-up distributions, so a run's thousands of calls cost
  // one lookup per (stage, batch, co-run).
  auto runtimes = std::make_shared<std::map<std::size_t, std::unique_ptr<sim::StageRuntime>>>();
  return [&topology, &costs, classes = std::vector<sim::ImageClass>{image},
          runtimes](const CpuStageCall& call) {
    auto& runtime = (*runtimes)[call.stage];
    if (!runtime) runtime = std::make_unique<sim::StageRuntime>(topology, call.stage, 1);
    return runtime->cost(costs, classes, 0, call.batch, call.corun).mean();
  };
}

}  // namespace servesim::validate
