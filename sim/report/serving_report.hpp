// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/serving/serving_config.hpp"
#include "sim/serving/serving_result.hpp"
#include "sim/store/run_result.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace servesim::sim {

/// The faces of a serving run: one JSON object, a readable table, and the results-store rows.
/// None holds wall-clock time, so the same seed gives the same bytes.
/// The JSON (2-space indent) names its metrics as docs/vocabulary.md does and carries the
/// scenario that re-runs it; `cost_files` are the --costs layered over the shipped tables.
std::string serving_report_json(const ServingConfig& config, const ServingResult& result,
                                const std::vector<std::string>& cost_files);
std::string serving_report_table(const ServingConfig& config, const ServingResult& result);
RunResult serving_run_result(const ServingConfig& config, const ServingResult& result,
                             const std::string& cost_sources);
/// The scenario object of simulate's JSON: every input needed to run it again.
nlohmann::ordered_json serving_scenario_json(const ServingConfig& config,
                                             const std::vector<std::string>& cost_files);

}  // namespace servesim::sim
