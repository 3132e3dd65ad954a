// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/program_options.hpp>

#include <string>
#include <utility>
#include <vector>

namespace servesim::sim {

/// An experiment (experiments/*.ini): the base settings of a study, every key an option of
/// `servesim simulate`, plus a [sweep] section whose keys take comma-separated values. The study
/// runs the cartesian product of the sweep axes, in file order.
struct ExperimentFile {
  std::string path;
  std::string name;                                                    // file name without .ini
  std::vector<std::pair<std::string, std::string>> base;               // key, value
  std::vector<std::pair<std::string, std::vector<std::string>>> axes;  // key, values

  /// Reads and checks the file against the known options; errors name the file, the line and
  /// the key.
  static ExperimentFile read(const std::string& path,
                             const boost::program_options::options_description& options);
  /// Sweep points: the product of the axes' sizes (1 without a sweep).
  std::size_t point_count() const;
  /// The swept (key, value) pairs of one point.
  std::vector<std::pair<std::string, std::string>> point_values(std::size_t index) const;
  /// The `servesim simulate` arguments of one point: base settings, then swept values.
  std::vector<std::string> point_args(std::size_t index) const;
  /// "image=small load=0.3" for one point.
  std::string point_label(std::size_t index) const;
};

}  // namespace servesim::sim
