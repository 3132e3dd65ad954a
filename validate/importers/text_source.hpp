// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace servesim::validate {

/// A text file read whole and split into lines (without '\n' or a trailing '\r'), so that parsers
/// can name the line of any error.
struct TextFile {
  std::string path;
  std::vector<std::string> lines;

  /// Throws ImportError naming this file and the 1-based line.
  [[noreturn]] void fail(int line, const std::string& what) const;
};

/// Reads a file whole; throws ImportError if it cannot be read or holds nothing but whitespace.
std::string read_whole_file(const std::string& path);
/// read_whole_file, split into lines.
TextFile read_text_file(const std::string& path);

std::string_view trim(std::string_view text);
/// Splits on sep and trims each field; "a, b," gives {"a", "b", ""}.
std::vector<std::string> split_fields(std::string_view line, char sep);

/// The whole text as a finite number (no trailing junk), or nothing.
std::optional<double> to_number(std::string_view text);
/// The whole text as a 64-bit integer, or nothing.
std::optional<std::int64_t> to_integer(std::string_view text);

}  // namespace servesim::validate
