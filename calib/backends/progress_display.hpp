// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

namespace servesim::calib {

/// Progress of a long calibration on stderr: a bar redrawn in place on a terminal, one plain
/// line per finished point otherwise (logs, CI, pipes), so both stay readable.
class ProgressDisplay {
 public:
  /// `terminal`: draw the bar (use isatty on the stream's descriptor).
  ProgressDisplay(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}
  ~ProgressDisplay() { finish(); }
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  /// Point `index` (0-based) of `total` begins (bar only).
  void start(std::size_t index, std::size_t total, const std::string& label);
  /// It finished with `result` (e.g. "p50 1.062 ms, 40 runs, +-1.1%").
  void done(std::size_t index, std::size_t total, const std::string& label,
            const std::string& result);
  /// A whole line of its own (a phase, a warning); the bar is redrawn after it.
  void note(const std::string& line);
  /// Ends the bar's line. Idempotent.
  void finish();

  bool terminal() const { return terminal_; }

 private:
  void draw(std::size_t finished, std::size_t total, const std::string& text);

  std::ostream& out_;
  bool terminal_;
  bool bar_open_ = false;
  std::string last_bar_;
};

/// True when stderr is a terminal.
bool stderr_is_terminal();

}  // namespace servesim::calib
