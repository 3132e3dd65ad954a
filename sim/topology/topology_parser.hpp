// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/topology/topology.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace servesim::sim {

/// A topology that cannot be used: the message names the file, the node, the attribute and the
/// fix.
class TopologyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An override of one node attribute from the command line: "node.attr=value".
struct AttributeOverride {
  std::string node;
  std::string attribute;
  std::string value;
  static AttributeOverride parse(const std::string& text);
};

/// Reads a topology from a Graphviz DOT file (Boost.Graph read_graphviz) and checks it: known
/// kinds, ops and attributes, well-formed values, stages on existing resources of the right kind,
/// stage edges forming one acyclic chain that reaches every stage.
Topology read_topology(const std::string& path,
                       const std::vector<AttributeOverride>& overrides = {});
/// Same, from DOT text (`origin` names it in errors).
Topology parse_topology(const std::string& dot_text, const std::string& origin,
                        const std::vector<AttributeOverride>& overrides = {});

}  // namespace servesim::sim
