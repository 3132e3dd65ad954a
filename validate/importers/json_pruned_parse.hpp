// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace servesim::validate {

/// Text that is not JSON; byte is the 1-based offset where the parser stopped.
class JsonSyntaxError : public std::runtime_error {
 public:
  JsonSyntaxError(std::size_t byte_offset, const std::string& reason)
      : std::runtime_error(reason), byte(byte_offset) {}
  std::size_t byte;
};

/// Parses JSON text into a DOM, leaving out every object member whose key is in drop (with its
/// whole value): perf_analyzer exports carry each request's input and output tensors, which the
/// importer does not need. Linear time, unlike nlohmann's callback parser, whose clean-up after
/// each object scans the parent array (quadratic in the number of requests).
nlohmann::json parse_json_pruned(std::string_view text, const std::vector<std::string>& drop);

}  // namespace servesim::validate
