// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/results_store.hpp"

#include <catch2/catch.hpp>

#include "validate/importers/imported_run.hpp"
#include <string>

namespace servesim::test {

/// A file under tests/validate/importers/data/.
inline std::string fixture(const std::string& name) {
  return std::string(SERVESIM_SOURCE_DIR) + "/tests/validate/importers/data/" + name;
}

/// The metric's value; fails the test when the run has no such metric.
inline double metric(const sim::RunResult& run, const std::string& name) {
  const sim::MetricValue* m = validate::find_metric(run, name);
  INFO("metric " << name);
  REQUIRE(m != nullptr);
  return m->value;
}

inline std::string metric_unit(const sim::RunResult& run, const std::string& name) {
  const sim::MetricValue* m = validate::find_metric(run, name);
  INFO("metric " << name);
  REQUIRE(m != nullptr);
  return m->unit;
}

inline const sim::BreakdownValue& category(const sim::RunResult& run, const std::string& name) {
  for (const sim::BreakdownValue& b : run.breakdown) {
    if (b.category == name) return b;
  }
  FAIL("no breakdown category " << name);
  static const sim::BreakdownValue none{};
  return none;
}

inline std::int64_t count_rows(sim::ResultsStore& store, const std::string& table) {
  auto statement = store.db().prepare("SELECT count(*) FROM " + table);
  statement.step();
  return statement.column_int(0);
}

}  // namespace servesim::test
