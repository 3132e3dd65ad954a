// SPDX-License-Identifier: Apache-2.0
#include "validate/validation/live_measurement.hpp"

#include "sim/util/usage_error.hpp"

#include "validate/testbed/testbed_run.hpp"
#include <iostream>

namespace servesim::validate {

sim::RunResult measure_live(const sim::ServingConfig& scenario) {
  if (scenario.concurrency == 0 && (scenario.arrival != "poisson" || scenario.load > 0)) {
    throw sim::UsageError(
        "servesim validate --live: the load generator sends Poisson arrivals at --rate R or keeps "
        "--concurrency N requests in flight; --arrival " +
        scenario.arrival + (scenario.load > 0 ? " and --load" : "") + " are simulator-only");
  }
  if (scenario.think_ms > 0) {
    throw sim::UsageError("servesim validate --live: --think-ms is simulator-only");
  }
  TestbedConfig config;
  config.topology_path = scenario.topology.source_path;
  config.overrides = scenario.overrides;
  config.rate_per_s = scenario.rate_per_s;
  config.concurrency = scenario.concurrency;
  config.images = scenario.images.describe();
  config.duration_s = scenario.duration_s;
  config.warmup_s = scenario.warmup_s;
  config.seed = scenario.seed;
  config.tag = "validate";
  config.progress = [](const std::string& line) { std::cerr << "testbed: " << line << "\n"; };
  return run_testbed(config);
}

}  // namespace servesim::validate
