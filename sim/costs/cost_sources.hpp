// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/costs/cost_model.hpp"

#include <string>
#include <utility>
#include <vector>

namespace servesim::sim {

/// SQL text of a shipped default cost table: (name, sql).
using CostTableText = std::pair<std::string, std::string>;

/// The binary registers the shipped default tables at start-up (they live in calib/tables and sim
/// must not depend on calib).
void register_default_cost_tables(std::vector<CostTableText> tables);
const std::vector<CostTableText>& registered_default_cost_tables();

/// The defaults, then each file in order: a later table replaces an earlier one for its device.
CostModel load_cost_model(const std::vector<std::string>& files);
/// Names of the sources load_cost_model used, for provenance.
std::string describe_cost_sources(const std::vector<std::string>& files);

}  // namespace servesim::sim
