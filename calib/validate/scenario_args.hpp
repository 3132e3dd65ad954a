// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace servesim::calib {

/// The serving options (`--topology ... --rate ... --seed ...`) that reproduce a stored run's
/// scenario, from its config_json (the keys ServingConfig::to_json writes). Throws
/// std::invalid_argument naming the key that is missing or malformed.
std::vector<std::string> scenario_args_from_config_json(const std::string& config_json);

}  // namespace servesim::calib
