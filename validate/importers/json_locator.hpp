// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace servesim::validate {

/// 1-based line and column in a text; {0, 0} when unknown.
struct TextPosition {
  int line = 0;
  int column = 0;
};

/// Where the value at a JSON pointer ("/experiments/0/requests/3") sits in the text, for error
/// messages: the position of its member key, or of its opening bracket for an array element;
/// for a pointer that does not exist (a missing member), the deepest existing ancestor's.
/// Parses the text again, so call it only on the error path.
TextPosition locate_json_value(std::string_view text, const std::string& pointer);

/// The 1-based line and column of a byte offset (0-based) in the text.
TextPosition position_of_offset(std::string_view text, std::size_t offset);

}  // namespace servesim::validate
