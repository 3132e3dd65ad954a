// SPDX-License-Identifier: Apache-2.0
// A shipped topology (topologies/*.dot) for tests, and its stages by name.
#pragma once

#include "sim/topology/topology_parser.hpp"

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>

namespace servesim::test {

/// topologies/<name>.dot, read once per test process.
inline const sim::Topology& shipped_topology(const std::string& name) {
  static std::map<std::string, sim::Topology> read;
  auto it = read.find(name);
  if (it == read.end()) {
    it = read.emplace(name, sim::read_topology(std::string(SERVESIM_SOURCE_DIR) + "/topologies/" +
                                               name + ".dot"))
             .first;
  }
  return it->second;
}

/// Index of the stage called `name` in topology.stages.
inline std::size_t stage_index(const sim::Topology& topology, const std::string& name) {
  for (std::size_t i = 0; i < topology.stages.size(); ++i) {
    if (topology.stages[i].name == name) return i;
  }
  throw std::invalid_argument("topology " + topology.name + " has no stage '" + name + "'");
}

}  // namespace servesim::test
