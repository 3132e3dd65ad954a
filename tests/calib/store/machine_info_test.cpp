// SPDX-License-Identifier: Apache-2.0
#include "calib/store/machine_info.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace servesim::calib;

TEST_CASE("the CPU model is read from cpuinfo text", "[unit]") {
  const std::string x86 =
      "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n"
      "processor\t: 1\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n";
  CHECK(cpu_model_from_cpuinfo(x86) == "Intel(R) Xeon(R) CPU @ 2.20GHz");
  CHECK(cpu_model_from_cpuinfo("processor : 0\nflags : fpu\n") == "unknown CPU");
  CHECK(cpu_model_from_cpuinfo("") == "unknown CPU");
}

TEST_CASE("this machine's description has cores, kernel and model", "[unit]") {
  const MachineDescription machine = machine_description();
  CHECK(machine.logical_cores == static_cast<int>(std::thread::hardware_concurrency()));
  CHECK(machine.kernel.rfind("Linux ", 0) == 0);
  CHECK_FALSE(machine.cpu_model.empty());
  const std::string text = machine.text();
  CHECK_THAT(text, Catch::Contains(std::to_string(machine.logical_cores) + " logical cores"));
  CHECK_THAT(text, Catch::Contains(machine.kernel));
  CHECK_THAT(base_library_versions(), Catch::Contains("sqlite 3."));
}
