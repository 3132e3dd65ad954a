// SPDX-License-Identifier: Apache-2.0
// The server alone, driven by hand over a real loopback socket.
#include "validate/testbed/testbed_server.hpp"

#include "kernels/preprocess/synthetic_jpeg.hpp"
#include "sim/topology/topology_parser.hpp"

#include <catch2/catch.hpp>

#include "validate/testbed/frame_codec.hpp"
#include "validate/testbed/testbed_plan.hpp"
#include <arpa/inet.h>
#include <chrono>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace servesim;
using namespace servesim::validate;

namespace {

// A tiny classifier server: 32x32 MobileNetV2, one core, no batching.
const char* kTiny =
    "digraph tiny { nic [kind=nic, gbits_per_s=40]; cpu [kind=cpu, cores=1];"
    " recv [kind=stage, op=net_recv, on=nic]; decode [kind=stage, op=jpeg_decode, on=cpu];"
    " resize [kind=stage, op=resize, on=cpu, out_px=\"32x32\"];"
    " normalize [kind=stage, op=normalize, on=cpu];"
    " infer [kind=stage, op=infer, model=mobilenetv2, on=cpu];"
    " post [kind=stage, op=postprocess, on=cpu]; send [kind=stage, op=net_send, on=nic];"
    " recv -> decode -> resize -> normalize -> infer -> post -> send; }";

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  return fd;
}

std::string wait_for_error(const TestbedServer& server) {
  for (int i = 0; i < 500 && server.first_error().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return server.first_error();
}

}  // namespace

TEST_CASE("the server answers a request with a top-5 reply and records every stage", "[unit]") {
  const sim::Topology topology = sim::parse_topology(kTiny, "tiny.dot");
  TestbedServer server(topology, plan_testbed(topology), 1);
  server.start();
  const int fd = connect_to(server.port());
  const auto jpeg = kernels::generate_synthetic_jpeg(96, 64, 3);
  write_frame(fd, kRequestMagic, 7, jpeg, "test client");
  FrameHeader header;
  std::vector<std::uint8_t> reply;
  REQUIRE(read_frame(fd, kReplyMagic, "test client", header, reply));
  CHECK(header.request_id == 7);
  CHECK(reply.size() == 5 * 8);  // five (class index, probability) pairs
  float probability_sum = 0;
  for (int k = 0; k < 5; ++k) {
    float p = 0;
    std::memcpy(&p, reply.data() + 8 * k + 4, 4);
    CHECK(p >= 0);
    probability_sum += p;
  }
  CHECK(probability_sum <= 1.0001F);
  ::close(fd);
  server.stop();
  const auto records = server.take_stage_records();
  REQUIRE(records.size() == 7);
  CHECK(records.front().stage == "recv");
  CHECK(records.back().stage == "send");
  CHECK(server.first_error().empty());
}

TEST_CASE("bad frames and bad JPEGs stop the run with a clear error", "[unit]") {
  const sim::Topology topology = sim::parse_topology(kTiny, "tiny.dot");
  TestbedServer server(topology, plan_testbed(topology), 1);
  server.start();
  const int fd = connect_to(server.port());
  SECTION("a frame with the wrong magic") {
    const auto header = encode_frame_header({0x12345678, 1, 4});
    write_all(fd, header.data(), header.size(), "test client");
    CHECK_THAT(wait_for_error(server), Catch::Contains("testbed connection 0") &&
                                           Catch::Contains("bad frame magic 0x12345678"));
  }
  SECTION("a payload that is not a JPEG") {
    const std::vector<std::uint8_t> garbage(100, 0x42);
    write_frame(fd, kRequestMagic, 9, garbage, "test client");
    CHECK_THAT(wait_for_error(server), Catch::Contains("request 9"));
  }
  ::close(fd);
  server.stop();
}
