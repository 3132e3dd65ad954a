// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/probe_config.hpp"

#include "calib/brokers/probe_message.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace servesim::calib {
namespace {
int capped(int wanted, int floor, std::int64_t budget, std::int64_t bytes) {
  const std::int64_t affordable = budget / std::max<std::int64_t>(bytes, 1);
  return static_cast<int>(
      std::max<std::int64_t>(floor, std::min<std::int64_t>(wanted, affordable)));
}
}  // namespace

BrokerProbeConfig BrokerProbeConfig::quick() {
  BrokerProbeConfig config;
  config.message_bytes = {1 << 10, 64 << 10, 1 << 20};
  config.warmup_messages = 5;
  config.latency_messages = 100;
  config.throughput_messages = 400;
  config.min_messages = 8;
  config.phase_byte_budget = std::int64_t{24} << 20;
  config.window_bytes = std::int64_t{4} << 20;
  config.max_window_messages = 32;
  config.phase_time_limit = std::chrono::milliseconds(4'000);
  config.receive_timeout = std::chrono::milliseconds(5'000);
  return config;
}

void BrokerProbeConfig::validate() const {
  const auto fail = [](const std::string& what) {
    throw std::invalid_argument("broker probe settings: " + what);
  };
  if (message_bytes.empty()) fail("message_bytes is empty; give at least one size");
  for (std::int64_t bytes : message_bytes) {
    if (bytes < static_cast<std::int64_t>(kProbeHeaderBytes) || bytes > (std::int64_t{64} << 20)) {
      fail("message size " + std::to_string(bytes) + " bytes is outside " +
           std::to_string(kProbeHeaderBytes) + " bytes .. 64 MiB");
    }
  }
  if (warmup_messages < 0) fail("warmup_messages must be >= 0");
  if (latency_messages < 1 || throughput_messages < 2 || min_messages < 2) {
    fail("latency_messages >= 1, throughput_messages >= 2 and min_messages >= 2 are needed");
  }
  if (phase_byte_budget < 1 || window_bytes < 1 || max_window_messages < 1) {
    fail("phase_byte_budget, window_bytes and max_window_messages must be positive");
  }
  if (phase_time_limit.count() < 1 || receive_timeout.count() < 1) {
    fail("phase_time_limit and receive_timeout must be positive");
  }
}

int BrokerProbeConfig::latency_count(std::int64_t bytes) const {
  return std::min(latency_messages,
                  capped(latency_messages, min_messages, phase_byte_budget, bytes));
}

int BrokerProbeConfig::throughput_count(std::int64_t bytes) const {
  return std::min(throughput_messages,
                  capped(throughput_messages, min_messages, phase_byte_budget, bytes));
}

int BrokerProbeConfig::window_messages(std::int64_t bytes) const {
  return std::clamp(static_cast<int>(window_bytes / std::max<std::int64_t>(bytes, 1)), 1,
                    max_window_messages);
}

}  // namespace servesim::calib
