// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/topology/attribute_schema.hpp"
#include "sim/topology/topology.hpp"

#include <map>
#include <optional>
#include <string>

namespace servesim::sim {

/// One DOT node's attributes with typed, checked access: every error names the file, the node,
/// the attribute and what a valid value looks like. The node is checked against its class's rows
/// of the attribute schema (attribute_schema.hpp): unknown or renamed attributes, wrong types and
/// values out of range are rejected, so typos do not pass silently (Graphviz's own cosmetic
/// attributes are allowed). Defaults come from the schema too.
class NodeAttributes {
 public:
  NodeAttributes(std::string origin, std::string node,
                 const std::map<std::string, std::string>& attributes);

  const std::string& kind() const { return kind_; }
  /// The kind for resources, the broker's type, the stage's op: what picks its schema rows.
  const std::string& node_class() const { return node_class_; }
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
  /// Checks every attribute against the schema rows of the node's class, and that the required
  /// ones are there.
  void check_against_schema() const;
  void check_value(const AttributeRow& row, const std::string& value) const;
  [[noreturn]] void fail_unknown(const std::string& name, const std::string& value) const;
  /// The schema row the code reads `name` from; a missing row is a bug here, not in the file.
  const AttributeRow& row(const std::string& name) const;
  bool has(const std::string& name) const { return attributes_.count(name) != 0; }
  /// The value, or the schema's default.
  std::string text(const std::string& name) const;
  std::string required_text(const std::string& name) const;
  long integer(const std::string& name) const;
  double real(const std::string& name) const;
  /// The value or the schema's default; none when the schema has no default.
  std::optional<double> optional_real(const std::string& name) const;
  RoutePolicy route(const std::string& name) const;

  std::string origin_;
  std::string node_;
  std::string kind_;
  std::string node_class_;
  const std::map<std::string, std::string>& attributes_;
};

/// Rejects a stage bound to a resource of the wrong kind for its op.
void check_stage_host(const std::string& origin, const StageSpec& stage, const ResourceSpec& host);

}  // namespace servesim::sim
