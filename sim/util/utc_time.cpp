// SPDX-License-Identifier: Apache-2.0
#include "sim/util/utc_time.hpp"

#include <chrono>
#include <ctime>

namespace servesim::sim {

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

}  // namespace servesim::sim
