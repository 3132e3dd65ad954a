// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/serving/serving_config.hpp"
#include "sim/serving/serving_result.hpp"
#include "sim/store/run_result.hpp"

#include <string>

namespace servesim::sim {

/// The faces of a serving run: one JSON object, a readable table, and the results-store rows.
/// None holds wall-clock time, so the same seed gives the same bytes.
std::string serving_report_json(const ServingConfig& config, const ServingResult& result);
std::string serving_report_table(const ServingConfig& config, const ServingResult& result);
RunResult serving_run_result(const ServingConfig& config, const ServingResult& result,
                             const std::string& cost_sources);

}  // namespace servesim::sim
