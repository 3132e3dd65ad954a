// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/broker_endpoint.hpp"

#include "calib/brokers/child_process.hpp"

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace servesim::calib;
using namespace std::chrono_literals;

TEST_CASE("broker URLs parse with default ports and reject what they cannot mean", "[unit]") {
  const BrokerEndpoint r = BrokerEndpoint::parse("redis://127.0.0.1:7000");
  CHECK(r.kind == BrokerKind::redis);
  CHECK(r.host == "127.0.0.1");
  CHECK(r.port == 7000);
  CHECK(r.url() == "redis://127.0.0.1:7000");
  const BrokerEndpoint n = BrokerEndpoint::parse("nats://localhost");
  CHECK(n.kind == BrokerKind::nats);
  CHECK(n.port == 4222);
  CHECK(BrokerEndpoint::parse("redis://localhost/").port == 6379);

  CHECK_THROWS_WITH(BrokerEndpoint::parse("kafka://h:1"),
                    Catch::Contains("kafka://h:1") && Catch::Contains("unknown scheme"));
  CHECK_THROWS_WITH(BrokerEndpoint::parse("127.0.0.1:6379"), Catch::Contains("no scheme"));
  CHECK_THROWS_WITH(BrokerEndpoint::parse("redis://h:99999"), Catch::Contains("99999"));
  CHECK_THROWS_WITH(BrokerEndpoint::parse("redis://:6379"), Catch::Contains("no host"));
  CHECK_THROWS_WITH(BrokerEndpoint::parse("redis://user@h:1"), Catch::Contains("credentials"));
}

TEST_CASE("a closed port is reported as refused", "[unit]") {
  BrokerEndpoint closed;
  closed.port = pick_free_port();  // nobody listens there
  CHECK_THAT(check_endpoint(closed, 1000ms), Catch::Contains("refused"));
}

TEST_CASE("a server that speaks another protocol is not taken for a broker", "[unit]") {
  // A loopback listener that greets with an HTTP line.
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(listener >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  REQUIRE(::listen(listener, 4) == 0);
  std::thread greeter([listener] {
    for (int i = 0; i < 2; ++i) {
      const int client = ::accept(listener, nullptr, nullptr);
      if (client < 0) return;
      const char reply[] = "HTTP/1.1 400 Bad Request\r\n";
      (void)!::write(client, reply, sizeof reply - 1);
      ::close(client);
    }
  });
  BrokerEndpoint endpoint;
  endpoint.port = ntohs(address.sin_port);
  endpoint.kind = BrokerKind::redis;
  const std::string as_redis = check_endpoint(endpoint, 2000ms);
  endpoint.kind = BrokerKind::nats;
  const std::string as_nats = check_endpoint(endpoint, 2000ms);
  greeter.join();
  ::close(listener);
  CHECK_THAT(as_redis, Catch::Contains("HTTP/1.1 400") && Catch::Contains("not a redis"));
  CHECK_THAT(as_nats, Catch::Contains("not a nats"));
}
