// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

namespace servesim::calib {

/// A child process in its own process group, stopped (SIGTERM, then SIGKILL) and reaped by its
/// destructor, so that no server outlives the harness or a failing test.
///
/// The child also gets SIGKILL if the thread that started it dies (PR_SET_PDEATHSIG), which
/// covers a harness killed outright; start children from a thread that outlives them.
class ChildProcess {
 public:
  /// Starts argv (argv[0] an absolute path) with stdin from /dev/null and stdout and stderr
  /// appended to log_path. Throws std::runtime_error naming the program when it cannot be
  /// executed (the exec error is reported back from the child).
  static ChildProcess spawn(const std::vector<std::string>& argv, const std::string& log_path);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  /// -1 once stopped (reaped) or moved from.
  pid_t pid() const { return pid_; }
  /// True while the child has not exited. Does not reap it: stop() does, after signalling the
  /// group, so the group id cannot have been reused by then.
  bool running();
  /// "exited with status 1", "killed by signal 9", or "running".
  std::string status_text() const;
  /// SIGTERM to the group, wait up to `grace`, then SIGKILL; always reaps. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
  bool exited_ = false;
  int exit_code_ = 0;   // CLD_EXITED or CLD_KILLED / CLD_DUMPED
  int exit_value_ = 0;  // exit status or signal number
};

/// The absolute path of an executable: `name` itself when it contains a '/', else the first
/// match on PATH, then in /usr/local/sbin, /usr/sbin, /sbin (where Debian puts servers).
/// Empty when there is none.
std::string find_executable(const std::string& name);

/// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int pick_free_port();

/// The last `max_lines` lines of a text file, for error messages; empty if unreadable.
std::string tail_of_file(const std::string& path, int max_lines = 10);

}  // namespace servesim::calib
