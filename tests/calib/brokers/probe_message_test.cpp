// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/probe_message.hpp"

#include "calib/brokers/probe_config.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace servesim::calib;

TEST_CASE("a probe header survives the trip and checks the size", "[unit]") {
  std::vector<std::byte> message(1000, std::byte{0x5a});
  write_probe_header(message, {7, 123456789, 0});
  const auto header = read_probe_header(message);
  REQUIRE(header);
  CHECK(header->sequence == 7);
  CHECK(header->sent_ns == 123456789);
  CHECK(header->bytes == 1000);
  CHECK(message[999] == std::byte{0x5a});  // the filler is untouched

  // A truncated copy, a foreign value and a too-small buffer are not probe messages.
  CHECK_FALSE(read_probe_header(std::span(message).first(999)));
  std::vector<std::byte> foreign(1000, std::byte{0});
  CHECK_FALSE(read_probe_header(foreign));
  CHECK_FALSE(read_probe_header(std::span(message).first(16)));
  std::vector<std::byte> tiny(kProbeHeaderBytes - 1);
  CHECK_THROWS_WITH(write_probe_header(tiny, {}), Catch::Contains("smaller than"));
}

TEST_CASE("probe counts follow the byte budget and floor", "[unit]") {
  BrokerProbeConfig c;
  c.latency_messages = 500;
  c.throughput_messages = 2000;
  c.min_messages = 10;
  c.phase_byte_budget = 256 << 20;
  c.window_bytes = 16 << 20;
  c.max_window_messages = 128;
  CHECK(c.latency_count(1024) == 500);  // 256 Ki messages affordable
  CHECK(c.throughput_count(1024) == 2000);
  CHECK(c.throughput_count(256 << 10) == 1024);  // 256 MiB / 256 KiB
  CHECK(c.latency_count(4 << 20) == 64);         // 256 MiB / 4 MiB
  CHECK(c.throughput_count(64 << 20) == 10);     // the floor: 4 affordable, 10 minimum
  CHECK(c.window_messages(1024) == 128);         // capped by max_window_messages
  CHECK(c.window_messages(1 << 20) == 16);
  CHECK(c.window_messages(32 << 20) == 1);  // at least one in flight

  CHECK_NOTHROW(BrokerProbeConfig::quick().validate());
  BrokerProbeConfig bad = c;
  bad.message_bytes = {1024, 8};
  CHECK_THROWS_WITH(bad.validate(), Catch::Contains("message size 8 bytes"));
  bad = c;
  bad.message_bytes.clear();
  CHECK_THROWS_WITH(bad.validate(), Catch::Contains("message_bytes is empty"));
}
