// SPDX-License-Identifier: Apache-2.0
#include "app/process_setup.hpp"

#include "calib/tables/default_tables.hpp"
#include "sim/costs/cost_sources.hpp"
#include "sim/util/usage_error.hpp"

#include <iostream>
#include <malloc.h>
#include <regex>

namespace servesim::app {

void prepare_process() {
  // Decoded images and tensors are allocated and freed per request. By default glibc hands such
  // buffers back to the kernel and faults their pages in again later (about 12 us per 4 KiB page
  // on the development VM: 18 ms for a 1080p image), some of the time, depending on thresholds
  // it moves and on which thread frees. Keeping freed memory makes the calibration and the live
  // testbed allocate alike, as a server with pooled buffers does. Buffers above 32 MB (glibc's
  // largest threshold: 12 MP images) are still mapped afresh, in both.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  // The shipped default cost tables, for every command that predicts.
  std::vector<sim::CostTableText> defaults;
  for (const auto& table : calib::default_cost_tables()) {
    defaults.emplace_back(table.name, table.sql);
  }
  sim::register_default_cost_tables(std::move(defaults));
}

namespace {
/// One line that starts `servesim <command>: `, whatever the thrower wrote first: a message that
/// already names servesim (and maybe an option) keeps the option, not a second prefix.
std::string command_message(const std::string& command, const std::string& message) {
  static const std::regex kPrefix(R"(^servesim(?: [a-z]+)?((?: --[a-z-]+)*): )");
  std::smatch match;
  if (!std::regex_search(message, match, kPrefix)) return "servesim " + command + ": " + message;
  const std::string option = match[1].str();
  return "servesim " + command + ": " + (option.empty() ? "" : option.substr(1) + ": ") +
         match.suffix().str();
}
}  // namespace

int run_guarded(const char* name, CommandFn run, const std::vector<std::string>& args) {
  try {
    return run(args);
  } catch (const sim::UsageError& e) {
    // The command line or a file it names is wrong: fix what was typed.
    std::cerr << command_message(name, e.what()) << "\n";
    return 2;
  } catch (const std::exception& e) {
    // The command was right but the run failed (a database, a measurement, the machine).
    std::cerr << command_message(name, e.what()) << "\n";
    return 1;
  }
}

}  // namespace servesim::app
