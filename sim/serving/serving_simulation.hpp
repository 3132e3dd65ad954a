// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/costs/cost_model.hpp"
#include "sim/serving/serving_config.hpp"
#include "sim/serving/serving_result.hpp"

namespace servesim::sim {

/// Simulates one serving scenario: arrivals through the load balancer, the stages of the
/// topology on its resources, dynamic batching, and the measured window's statistics.
ServingResult run_serving(const ServingConfig& config, const CostModel& costs);

}  // namespace servesim::sim
