// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/probe_message.hpp"

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>

namespace servesim::calib {
namespace {
// "SSIMPRB1" read as a little-endian integer; tells probe messages from anything else.
constexpr std::uint64_t kMagic = 0x314252504D495353ULL;
}  // namespace

void write_probe_header(std::span<std::byte> message, ProbeHeader header) {
  if (message.size() < kProbeHeaderBytes) {
    throw std::invalid_argument("probe message of " + std::to_string(message.size()) +
                                " bytes is smaller than its " + std::to_string(kProbeHeaderBytes) +
                                "-byte header");
  }
  header.bytes = message.size();
  std::byte* out = message.data();
  std::memcpy(out, &kMagic, 8);
  std::memcpy(out + 8, &header.sequence, 8);
  std::memcpy(out + 16, &header.sent_ns, 8);
  std::memcpy(out + 24, &header.bytes, 8);
}

std::optional<ProbeHeader> read_probe_header(std::span<const std::byte> message) {
  if (message.size() < kProbeHeaderBytes) return std::nullopt;
  std::uint64_t magic = 0;
  ProbeHeader header;
  const std::byte* in = message.data();
  std::memcpy(&magic, in, 8);
  std::memcpy(&header.sequence, in + 8, 8);
  std::memcpy(&header.sent_ns, in + 16, 8);
  std::memcpy(&header.bytes, in + 24, 8);
  if (magic != kMagic || header.bytes != message.size()) return std::nullopt;
  return header;
}

std::int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace servesim::calib
