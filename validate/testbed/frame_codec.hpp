// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace servesim::validate {

/// The testbed's wire format on its loopback TCP connection. Every frame is a 16-byte header
/// (little-endian: u32 magic, u64 request id, u32 payload bytes) and the payload: the JPEG of a
/// request, or the reply of the server (top-5 classes).
inline constexpr std::uint32_t kRequestMagic = 0x51525353;  // "SSRQ"
inline constexpr std::uint32_t kReplyMagic = 0x50525353;    // "SSRP"
inline constexpr std::size_t kFrameHeaderBytes = 16;
/// Larger payloads are refused: the largest image class is ~3 MB, so this catches garbage.
inline constexpr std::uint32_t kMaxPayloadBytes = 64u << 20;

/// A frame that cannot be read: the message names the connection, the field and what was wrong.
class FrameError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FrameHeader {
  std::uint32_t magic = 0;
  std::uint64_t request_id = 0;
  std::uint32_t payload_bytes = 0;
};

/// The 16 header bytes of a frame.
std::vector<std::uint8_t> encode_frame_header(const FrameHeader& header);
/// Parses and checks a header: exactly kFrameHeaderBytes, the expected magic, a payload under
/// kMaxPayloadBytes. `where` names the connection in errors. Throws FrameError.
FrameHeader parse_frame_header(std::span<const std::uint8_t> bytes, std::uint32_t expected_magic,
                               const std::string& where);

/// Reads exactly `bytes` into `out`; false on a clean end of stream before the first byte.
/// Throws FrameError naming `where` on an error or on an end of stream inside the data.
bool read_exact(int fd, std::uint8_t* out, std::size_t bytes, const std::string& where);
/// Writes everything (MSG_NOSIGNAL: a closed peer is an error, not SIGPIPE). Throws FrameError.
void write_all(int fd, const std::uint8_t* data, std::size_t bytes, const std::string& where);

/// Reads one whole frame: false on a clean end of stream between frames.
bool read_frame(int fd, std::uint32_t expected_magic, const std::string& where, FrameHeader& header,
                std::vector<std::uint8_t>& payload);
/// Writes header and payload.
void write_frame(int fd, std::uint32_t magic, std::uint64_t request_id,
                 std::span<const std::uint8_t> payload, const std::string& where);

}  // namespace servesim::validate
