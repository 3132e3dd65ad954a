// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/frame_codec.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace servesim::validate {
namespace {

void put_le(std::vector<std::uint8_t>& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

std::uint64_t get_le(const std::uint8_t* in, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= static_cast<std::uint64_t>(in[i]) << (8 * i);
  return value;
}

std::string hex(std::uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

}  // namespace

std::vector<std::uint8_t> encode_frame_header(const FrameHeader& header) {
  std::vector<std::uint8_t> out;
  out.reserve(kFrameHeaderBytes);
  put_le(out, header.magic, 4);
  put_le(out, header.request_id, 8);
  put_le(out, header.payload_bytes, 4);
  return out;
}

FrameHeader parse_frame_header(std::span<const std::uint8_t> bytes, std::uint32_t expected_magic,
                               const std::string& where) {
  if (bytes.size() != kFrameHeaderBytes) {
    throw FrameError(where + ": frame header has " + std::to_string(bytes.size()) +
                     " bytes, expected " + std::to_string(kFrameHeaderBytes));
  }
  FrameHeader h;
  h.magic = static_cast<std::uint32_t>(get_le(bytes.data(), 4));
  h.request_id = get_le(bytes.data() + 4, 8);
  h.payload_bytes = static_cast<std::uint32_t>(get_le(bytes.data() + 12, 4));
  if (h.magic != expected_magic) {
    throw FrameError(where + ": bad frame magic " + hex(h.magic) + ", expected " +
                     hex(expected_magic) + " (not a servesim testbed peer, or out of step)");
  }
  if (h.payload_bytes > kMaxPayloadBytes) {
    throw FrameError(where + ": frame of request " + std::to_string(h.request_id) +
                     " declares a payload of " + std::to_string(h.payload_bytes) +
                     " bytes, over the limit of " + std::to_string(kMaxPayloadBytes));
  }
  return h;
}

bool read_exact(int fd, std::uint8_t* out, std::size_t bytes, const std::string& where) {
  std::size_t done = 0;
  while (done < bytes) {
    const ssize_t n = ::recv(fd, out + done, bytes - done, 0);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (n == 0) {
      if (done == 0) return false;
      throw FrameError(where + ": connection closed after " + std::to_string(done) + " of " +
                       std::to_string(bytes) + " bytes (truncated frame)");
    } else if (errno != EINTR) {
      throw FrameError(where + ": read failed: " + std::strerror(errno));
    }
  }
  return true;
}

namespace {
void send_all(int fd, const std::uint8_t* data, std::size_t bytes, int flags,
              const std::string& where) {
  std::size_t done = 0;
  while (done < bytes) {
    const ssize_t n = ::send(fd, data + done, bytes - done, MSG_NOSIGNAL | flags);
    if (n >= 0) {
      done += static_cast<std::size_t>(n);
    } else if (errno != EINTR) {
      throw FrameError(where + ": write failed: " + std::strerror(errno));
    }
  }
}
}  // namespace

void write_all(int fd, const std::uint8_t* data, std::size_t bytes, const std::string& where) {
  send_all(fd, data, bytes, 0, where);
}

bool read_frame(int fd, std::uint32_t expected_magic, const std::string& where, FrameHeader& header,
                std::vector<std::uint8_t>& payload) {
  std::uint8_t raw[kFrameHeaderBytes];
  if (!read_exact(fd, raw, sizeof raw, where)) return false;
  header = parse_frame_header(raw, expected_magic, where);
  payload.resize(header.payload_bytes);
  if (header.payload_bytes > 0 && !read_exact(fd, payload.data(), payload.size(), where)) {
    throw FrameError(where + ": connection closed before the payload of request " +
                     std::to_string(header.request_id));
  }
  return true;
}

void write_frame(int fd, std::uint32_t magic, std::uint64_t request_id,
                 std::span<const std::uint8_t> payload, const std::string& where) {
  const std::vector<std::uint8_t> header =
      encode_frame_header({magic, request_id, static_cast<std::uint32_t>(payload.size())});
  // MSG_MORE: header and payload leave in one segment without copying a multi-MB payload.
  send_all(fd, header.data(), header.size(), payload.empty() ? 0 : MSG_MORE, where);
  if (!payload.empty()) send_all(fd, payload.data(), payload.size(), 0, where);
}

}  // namespace servesim::validate
