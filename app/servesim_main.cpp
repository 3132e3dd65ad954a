// SPDX-License-Identifier: Apache-2.0
// servesim: one binary, one subcommand per job.
#include "calib/cli/calibrate_command.hpp"
#include "calib/importers/import_command.hpp"
#include "calib/tables/default_tables.hpp"
#include "calib/testbed/testbed_command.hpp"
#include "calib/validate/validate_command.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/usage_error.hpp"
#include "sim/costs/cost_sources.hpp"
#include "sim/store/sqlite_db.hpp"

#include "servesim/build_info.hpp"
#include <cstring>
#include <iostream>
#include <malloc.h>
#include <regex>
#include <string>
#include <vector>

namespace {
using CommandFn = int (*)(const std::vector<std::string>&);

struct Command {
  const char* name;
  CommandFn run;
  const char* summary;
};

const Command kCommands[] = {
    {"demo", &servesim::sim::demo_command, "the engine against queueing theory"},
    {"run", &servesim::sim::run_command, "run an experiment file, sweeps included (main job)"},
    {"simulate", &servesim::sim::simulate_command, "simulate one scenario"},
    {"export", &servesim::sim::export_command, "write result tables as CSV"},
    {"import", &servesim::calib::import_command, "store measured runs (perf_analyzer, Triton...)"},
    {"calibrate", &servesim::calib::calibrate_command, "measure this machine into a cost table"},
    {"testbed", &servesim::calib::testbed_command, "a live measured run on this machine"},
    {"validate", &servesim::calib::validate_command, "prediction against a measured run"},
    {"bench", &servesim::sim::bench_command, "print the engine's speed figures"},
};

/// "servesim <command>: " and the message, whoever wrote it: code shared by several commands
/// names another command ("servesim simulate: " from the scenario options) or an option
/// ("servesim validate --measured: "), and an exception from below names none.
std::string command_message(const std::string& command, const std::string& message) {
  static const std::regex kPrefix(R"(^servesim(?: [a-z]+)?((?: --[a-z-]+)*): )");
  std::smatch match;
  if (!std::regex_search(message, match, kPrefix)) return "servesim " + command + ": " + message;
  const std::string option = match[1].str();
  return "servesim " + command + ": " + (option.empty() ? "" : option.substr(1) + ": ") +
         match.suffix().str();
}

void print_help() {
  std::cout
      << "servesim " << servesim::kVersion
      << ": predicts latency, throughput and energy of vision inference services\n\n"
         "Usage: servesim <command> [options]   (servesim <command> --help for its options)\n\n"
         "Commands:\n";
  for (const Command& c : kCommands) {
    std::cout << "  " << c.name << std::string(12 - std::strlen(c.name), ' ') << c.summary << "\n";
  }
  std::cout << "\nOptions:\n  --help      this text\n  --version   version and build\n";
}
}  // namespace

int main(int argc, char** argv) {
  // Decoded images and tensors are allocated and freed per request. By default glibc hands such
  // buffers back to the kernel and faults their pages in again later (about 12 us per 4 KiB page
  // on the development VM: 18 ms for a 1080p image), some of the time, depending on thresholds
  // it moves and on which thread frees. Keeping freed memory makes the calibration and the live
  // testbed allocate alike, as a server with pooled buffers does. Buffers above 32 MB (glibc's
  // largest threshold: 12 MP images) are still mapped afresh, in both.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  // The shipped default cost tables, for every command that predicts.
  std::vector<servesim::sim::CostTableText> defaults;
  for (const auto& table : servesim::calib::default_cost_tables()) {
    defaults.emplace_back(table.name, table.sql);
  }
  servesim::sim::register_default_cost_tables(std::move(defaults));
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_help();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "servesim " << servesim::kVersion << " (" << servesim::kGitSha << ", "
              << servesim::kCompiler << ", " << servesim::kBuildType << ")\n";
    return 0;
  }
  for (const Command& c : kCommands) {
    if (args[0] != c.name) continue;
    try {
      return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const servesim::sim::UsageError& e) {
      // The command line or a file it names is wrong: fix what was typed.
      std::cerr << command_message(c.name, e.what()) << "\n";
      return 2;
    } catch (const std::exception& e) {
      // The command was right but the run failed (a database, a measurement, the machine).
      std::cerr << command_message(c.name, e.what()) << "\n";
      return 1;
    }
  }
  std::cerr << "servesim: unknown command '" << args[0] << "' (see 'servesim --help')\n";
  return 2;
}
