// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace servesim::calib {

/// What a measured cost table was measured on, for its provenance row.
struct MachineDescription {
  std::string cpu_model;  ///< /proc/cpuinfo "model name", "unknown CPU" when absent
  int logical_cores = 0;  ///< online logical CPUs
  std::string kernel;     ///< uname: system name and release, e.g. "Linux 6.1.0-18-amd64"

  /// One line for cost_tables.machine, e.g. "Intel(R) Xeon(R) ... (2 logical cores), Linux 6.1".
  std::string text() const;
};

/// Reads the running machine's description.
MachineDescription machine_description();

/// The model name from the text of a /proc/cpuinfo file; "unknown CPU" when it has none.
std::string cpu_model_from_cpuinfo(const std::string& cpuinfo_text);

/// Compiler, build type and SQLite version; probes append their client library versions.
std::string base_library_versions();

}  // namespace servesim::calib
