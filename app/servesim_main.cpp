// SPDX-License-Identifier: Apache-2.0
// servesim: one binary, one subcommand per job. It links no CUDA library: `calibrate --backend
// cuda` starts servesim-cuda (app/cuda_backend_launcher.hpp).
#include "app/commands.hpp"
#include "app/process_setup.hpp"

#include "servesim/build_info.hpp"
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

namespace {
namespace app = servesim::app;

struct Command {
  const char* name;
  app::CommandFn run;
  const char* summary;
};

const Command kCommands[] = {
    {"demo", &app::demo_command, "the engine against queueing theory"},
    {"run", &app::run_command, "run an experiment file, sweeps included (main job)"},
    {"simulate", &app::simulate_command, "simulate one scenario"},
    {"export", &app::export_command, "write result tables as CSV"},
    {"import", &app::import_command, "store measured runs (perf_analyzer, Triton...)"},
    {"calibrate", &app::calibrate_command, "measure this machine into a cost table"},
    {"testbed", &app::testbed_command, "a live measured run on this machine"},
    {"validate", &app::validate_command, "prediction against a measured run"},
    {"bench", &app::bench_command, "print the engine's speed figures"},
};

/// "servesim <command>: " and the message, whoever wrote it: code shared by several commands
/// names another command ("servesim simulate: " from the scenario options) or an option
/// ("servesim validate --measured: "), and an exception from below names none.

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
  app::prepare_process();
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
    if (args[0] == c.name) {
      return app::run_guarded(c.name, c.run,
                              std::vector<std::string>(args.begin() + 1, args.end()));
    }
  }
  std::cerr << "servesim: unknown command '" << args[0] << "' (see 'servesim --help')\n";
  return 2;
}
