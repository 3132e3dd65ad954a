// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "validate/importers/text_source.hpp"
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace servesim::validate {

/// One sample line of the Prometheus text exposition format:
/// `name{label="value",...} value [timestamp_ms]`.
struct PrometheusSample {
  std::string name;
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0.0;
  std::optional<std::int64_t> timestamp_ms;
  int line = 0;

  /// The label's value, or "" when the sample has no such label.
  std::string label(const std::string& key) const;
};

/// Parses every sample of a scrape (# HELP / # TYPE / comments and blank lines skipped). Throws
/// ImportError naming the file and line of a malformed sample.
std::vector<PrometheusSample> parse_prometheus_text(const TextFile& file);

}  // namespace servesim::validate
