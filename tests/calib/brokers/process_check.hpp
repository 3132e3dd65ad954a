// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace servesim::test {

/// Pids of this process's children whose command name is `name` (read from /proc).
std::vector<pid_t> children_named(const std::string& name);
/// True when no process with that pid exists any more (kill(pid, 0) fails with ESRCH) and it is
/// not a zombie child waiting to be reaped.
bool process_gone(pid_t pid);

}  // namespace servesim::test
