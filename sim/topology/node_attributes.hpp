// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/topology/topology.hpp"

#include <map>
#include <string>

namespace servesim::sim {

/// One DOT node's attributes with typed, checked access: every error names the file, the node,
/// the attribute and what a valid value looks like. Unknown attributes are rejected, so typos do
/// not pass silently (Graphviz's own cosmetic attributes are allowed).
class NodeAttributes {
 public:
  NodeAttributes(std::string origin, std::string node,
                 const std::map<std::string, std::string>& attributes);

  const std::string& kind() const { return kind_; }
  ResourceSpec resource_spec() const;
  StageSpec stage_spec() const;
  ServersSpec servers_spec() const;

 private:
  BrokerSpec broker_spec() const;
  /// fanout and join: no resource, no cost.
  StageSpec control_stage_spec(StageSpec s) const;
  /// Reads "WxH" into the stage's out_width_px / out_height_px.
  void size_px(const std::string& name, StageSpec& s) const;

  [[noreturn]] void fail(const std::string& attribute, const std::string& reason) const;
  void allow_only(std::initializer_list<const char*> names) const;
  bool has(const std::string& name) const { return attributes_.count(name) != 0; }
  std::string text(const std::string& name, const std::string& fallback) const;
  std::string required_text(const std::string& name) const;
  long integer(const std::string& name, long fallback, long min, long max) const;
  double real(const std::string& name, double fallback, double min) const;
  RoutePolicy policy(const std::string& name) const;

  std::string origin_;
  std::string node_;
  std::string kind_;
  const std::map<std::string, std::string>& attributes_;
};

/// Rejects a stage bound to a resource of the wrong kind for its op.
void check_stage_host(const std::string& origin, const StageSpec& stage, const ResourceSpec& host);

}  // namespace servesim::sim
