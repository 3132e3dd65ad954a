// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/core_pin.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace servesim::calib {
namespace {

std::string describe(const cpu_set_t& set) {
  std::string text;
  for (int core = 0; core < CPU_SETSIZE; ++core) {
    if (!CPU_ISSET(core, &set)) continue;
    int last = core;
    while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, &set)) ++last;
    if (!text.empty()) text += ",";
    text += std::to_string(core);
    if (last > core) text += "-" + std::to_string(last);
    core = last;
  }
  return text.empty() ? "none" : text;
}

}  // namespace

const char* allowed_cores_text() {
  thread_local std::string text;
  cpu_set_t set;
  CPU_ZERO(&set);
  text = sched_getaffinity(0, sizeof set, &set) == 0 ? describe(set) : "unknown";
  return text.c_str();
}

std::vector<int> allowed_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cores;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cores;
  for (int core = 0; core < CPU_SETSIZE; ++core) {
    if (CPU_ISSET(core, &set)) cores.push_back(core);
  }
  return cores;
}

ScopedCorePin::ScopedCorePin(int core) : core_(core) {
  CPU_ZERO(&previous_);
  if (sched_getaffinity(0, sizeof previous_, &previous_) != 0) {
    throw std::runtime_error(std::string("cannot read the thread's CPU affinity: ") +
                             std::strerror(errno));
  }
  if (core < 0 || core >= CPU_SETSIZE || !CPU_ISSET(core, &previous_)) {
    throw std::invalid_argument("cannot pin to core " + std::to_string(core) +
                                ": this process may run on cores " + describe(previous_) + " only");
  }
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(core, &one);
  if (sched_setaffinity(0, sizeof one, &one) != 0) {
    throw std::runtime_error("cannot pin to core " + std::to_string(core) + ": " +
                             std::strerror(errno));
  }
}

ScopedCorePin::~ScopedCorePin() { sched_setaffinity(0, sizeof previous_, &previous_); }

}  // namespace servesim::calib
