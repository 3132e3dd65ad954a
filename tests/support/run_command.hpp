// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace servesim::test {

struct CommandOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the built servesim binary with a shell argument string; captures both streams.
CommandOutput run_servesim(const std::string& arguments);
/// The same, with `directory` as the working directory.
CommandOutput run_servesim_in(const std::string& directory, const std::string& arguments);
/// A fresh scratch directory under the system temp dir (emptied if it exists).
std::string scratch_dir(const std::string& name);
/// A scratch directory of this test process ("<name>-<pid>"), removed when the process exits, so
/// parallel test processes do not collide.
std::string process_scratch_dir(const std::string& name);

}  // namespace servesim::test
