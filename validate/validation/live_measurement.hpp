// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/serving/serving_config.hpp"
#include "sim/store/run_result.hpp"

namespace servesim::validate {

/// Runs a scenario on the live testbed of this machine and returns the measured run (provenance
/// kind "measured", per-request records included). Open-loop scenarios must be Poisson at a
/// fixed rate and closed-loop ones without think time: what the load generator does.
sim::RunResult measure_live(const sim::ServingConfig& scenario);

}  // namespace servesim::validate
