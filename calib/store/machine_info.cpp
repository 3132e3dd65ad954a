// SPDX-License-Identifier: Apache-2.0
#include "calib/store/machine_info.hpp"

#include <sqlite3.h>

#include "servesim/build_info.hpp"
#include <fstream>
#include <sstream>
#include <sys/utsname.h>
#include <unistd.h>

namespace servesim::calib {

std::string cpu_model_from_cpuinfo(const std::string& cpuinfo_text) {
  std::istringstream lines(cpuinfo_text);
  std::string line;
  while (std::getline(lines, line)) {
    // x86 says "model name"; some ARM kernels only give "Hardware" or "Processor".
    for (const char* key : {"model name", "Processor", "Hardware"}) {
      if (line.rfind(key, 0) != 0) continue;
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      const auto start = line.find_first_not_of(" \t", colon + 1);
      if (start == std::string::npos) continue;
      return line.substr(start);
    }
  }
  return "unknown CPU";
}

MachineDescription machine_description() {
  MachineDescription machine;
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::ostringstream text;
  text << cpuinfo.rdbuf();
  machine.cpu_model = cpu_model_from_cpuinfo(text.str());
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  machine.logical_cores = online > 0 ? static_cast<int>(online) : 0;
  utsname names{};
  if (uname(&names) == 0) {
    machine.kernel = std::string(names.sysname) + " " + names.release;
  } else {
    machine.kernel = "unknown kernel";
  }
  return machine;
}

std::string MachineDescription::text() const {
  return cpu_model + " (" + std::to_string(logical_cores) + " logical cores), " + kernel;
}

std::string base_library_versions() {
  return std::string(kCompiler) + " " + kBuildType + "; sqlite " + sqlite3_libversion();
}

}  // namespace servesim::calib
