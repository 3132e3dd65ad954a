// SPDX-License-Identifier: Apache-2.0
#include "sim/costs/cost_sources.hpp"

namespace servesim::sim {
namespace {
std::vector<CostTableText>& defaults() {
  static std::vector<CostTableText> tables;
  return tables;
}
}  // namespace

void register_default_cost_tables(std::vector<CostTableText> tables) {
  defaults() = std::move(tables);
}

const std::vector<CostTableText>& registered_default_cost_tables() { return defaults(); }

CostModel load_cost_model(const std::vector<std::string>& files) {
  CostModel model;
  for (const auto& [name, sql] : defaults()) model.add_sql_text("default table " + name, sql);
  for (const std::string& file : files) model.add_file(file);
  return model;
}

std::string describe_cost_sources(const std::vector<std::string>& files) {
  std::string text = "defaults(" + std::to_string(defaults().size()) + " tables)";
  for (const std::string& file : files) text += " + " + file;
  return text;
}

}  // namespace servesim::sim
