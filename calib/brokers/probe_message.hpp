// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace servesim::calib {

/// The header every probe message starts with; the rest of the message is filler. Sender and
/// receiver run in one process, so steady_clock times compare directly.
struct ProbeHeader {
  std::uint64_t sequence = 0;  ///< 0, 1, 2, ... within one channel
  std::int64_t sent_ns = 0;    ///< steady_clock time just before the publish call
  std::uint64_t bytes = 0;     ///< whole message size, checked on receipt
};

/// Header size: magic, sequence, send time, size. Smaller messages cannot be probed.
inline constexpr std::size_t kProbeHeaderBytes = 32;

/// Writes the header into the first kProbeHeaderBytes of `message` (header.bytes is set to the
/// message size). Throws std::invalid_argument when the message is smaller than the header.
void write_probe_header(std::span<std::byte> message, ProbeHeader header);

/// The header of a received message; nullopt when it is not a probe message or its size does
/// not match the size it was sent with (a truncated or foreign message).
std::optional<ProbeHeader> read_probe_header(std::span<const std::byte> message);

/// steady_clock now, in nanoseconds.
std::int64_t steady_now_ns();

}  // namespace servesim::calib
