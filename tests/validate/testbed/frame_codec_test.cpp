// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/frame_codec.hpp"

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>

using namespace servesim::validate;

namespace {
struct SocketPair {
  int fd[2] = {-1, -1};
  SocketPair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0); }
  ~SocketPair() {
    for (int f : fd) {
      if (f >= 0) ::close(f);
    }
  }
  void close_writer() {
    ::close(fd[0]);
    fd[0] = -1;
  }
};
}  // namespace

TEST_CASE("frame header is 16 little-endian bytes and round-trips", "[unit]") {
  const auto bytes = encode_frame_header({kRequestMagic, 0x0102030405060708ULL, 300});
  REQUIRE(bytes.size() == 16);
  // "SSRQ" in memory order, then the id's low byte first, then 300 = 0x012c.
  CHECK(bytes[0] == 'S');
  CHECK(bytes[1] == 'S');
  CHECK(bytes[2] == 'R');
  CHECK(bytes[3] == 'Q');
  CHECK(bytes[4] == 0x08);
  CHECK(bytes[11] == 0x01);
  CHECK(bytes[12] == 0x2c);
  CHECK(bytes[13] == 0x01);
  const FrameHeader h = parse_frame_header(bytes, kRequestMagic, "test");
  CHECK(h.request_id == 0x0102030405060708ULL);
  CHECK(h.payload_bytes == 300);
}

TEST_CASE("bad frame headers are refused with the connection and the field", "[unit]") {
  auto reply = encode_frame_header({kReplyMagic, 7, 10});
  CHECK_THROWS_WITH(parse_frame_header(reply, kRequestMagic, "conn A"),
                    Catch::Contains("conn A") && Catch::Contains("bad frame magic 0x50525353") &&
                        Catch::Contains("expected 0x51525353"));
  auto huge = encode_frame_header({kRequestMagic, 9, kMaxPayloadBytes + 1});
  CHECK_THROWS_WITH(parse_frame_header(huge, kRequestMagic, "conn B"),
                    Catch::Contains("conn B") && Catch::Contains("request 9") &&
                        Catch::Contains("over the limit"));
  std::vector<std::uint8_t> short_header(15, 0);
  CHECK_THROWS_WITH(parse_frame_header(short_header, kRequestMagic, "conn C"),
                    Catch::Contains("15 bytes, expected 16"));
}

TEST_CASE("frames cross a socket, truncation and clean ends are told apart", "[unit]") {
  SocketPair pair;
  const std::vector<std::uint8_t> jpeg = {0xff, 0xd8, 1, 2, 3};
  write_frame(pair.fd[0], kRequestMagic, 42, jpeg, "writer");
  FrameHeader h;
  std::vector<std::uint8_t> payload;
  REQUIRE(read_frame(pair.fd[1], kRequestMagic, "reader", h, payload));
  CHECK(h.request_id == 42);
  CHECK(payload == jpeg);

  SECTION("clean end between frames") {
    pair.close_writer();
    CHECK_FALSE(read_frame(pair.fd[1], kRequestMagic, "reader", h, payload));
  }
  SECTION("end inside a header") {
    const auto header = encode_frame_header({kRequestMagic, 43, 5});
    write_all(pair.fd[0], header.data(), 10, "writer");
    pair.close_writer();
    CHECK_THROWS_WITH(read_frame(pair.fd[1], kRequestMagic, "reader", h, payload),
                      Catch::Contains("reader") && Catch::Contains("after 10 of 16 bytes"));
  }
  SECTION("end inside a payload") {
    const auto header = encode_frame_header({kRequestMagic, 44, 100});
    write_all(pair.fd[0], header.data(), header.size(), "writer");
    write_all(pair.fd[0], jpeg.data(), jpeg.size(), "writer");
    pair.close_writer();
    CHECK_THROWS_WITH(read_frame(pair.fd[1], kRequestMagic, "reader", h, payload),
                      Catch::Contains("after 5 of 100 bytes") ||
                          Catch::Contains("before the payload of request 44"));
  }
}
