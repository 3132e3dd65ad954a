// SPDX-License-Identifier: Apache-2.0
#include "calib/backends/progress_display.hpp"

#include <unistd.h>

namespace servesim::calib {
namespace {
constexpr std::size_t kBarWidth = 24;
constexpr std::size_t kLineWidth = 100;  // longer text is cut so the bar stays on one line
}  // namespace

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

void ProgressDisplay::draw(std::size_t finished, std::size_t total, const std::string& text) {
  const std::size_t filled = total == 0 ? kBarWidth : finished * kBarWidth / total;
  std::string line = "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "] " +
                     std::to_string(finished) + "/" + std::to_string(total) + " " + text;
  if (line.size() > kLineWidth) line = line.substr(0, kLineWidth - 3) + "...";
  out_ << "\r\033[K" << line << std::flush;
  bar_open_ = true;
  last_bar_ = line;
}

void ProgressDisplay::start(std::size_t index, std::size_t total, const std::string& label) {
  if (terminal_) draw(index, total, label);
}

void ProgressDisplay::done(std::size_t index, std::size_t total, const std::string& label,
                           const std::string& result) {
  if (terminal_) {
    draw(index + 1, total, label + ": " + result);
  } else {
    out_ << "calibrate: [" << index + 1 << "/" << total << "] " << label << ": " << result << "\n"
         << std::flush;
  }
}

void ProgressDisplay::note(const std::string& line) {
  if (terminal_ && bar_open_) {
    out_ << "\r\033[K" << line << "\n" << last_bar_ << std::flush;
  } else {
    out_ << line << "\n" << std::flush;
  }
}

void ProgressDisplay::finish() {
  if (terminal_ && bar_open_) out_ << "\n" << std::flush;
  bar_open_ = false;
}

}  // namespace servesim::calib
