// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/broker_server.hpp"

#include "tests/calib/brokers/process_check.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <stdexcept>

using namespace servesim::calib;
using servesim::test::children_named;
using servesim::test::process_gone;
using namespace std::chrono_literals;

TEST_CASE("a missing server program names the Debian package to install", "[unit]") {
  BrokerServerOptions options;
  options.executable = "/nonexistent/bin/redis-server";
  CHECK_THROWS_WITH(BrokerServer(BrokerKind::redis, options),
                    Catch::Contains("/nonexistent/bin/redis-server") &&
                        Catch::Contains("apt-get install redis-server"));
  options.executable = "servesim-no-such-nats-server";
  CHECK_THROWS_WITH(BrokerServer(BrokerKind::nats, options),
                    Catch::Contains("servesim-no-such-nats-server") &&
                        Catch::Contains("Debian package nats-server"));
}

TEST_CASE("an unreachable broker URL is named in the error", "[unit]") {
  const std::string port = std::to_string(pick_free_port());
  BrokerServerOptions options;
  options.start_timeout = 2000ms;
  options.url = "redis://127.0.0.1:" + port;
  CHECK_THROWS_WITH(BrokerServer(BrokerKind::redis, options),
                    Catch::Contains("cannot reach redis at redis://127.0.0.1:" + port) &&
                        Catch::Contains("refused"));
  options.url = "nats://127.0.0.1:" + port;
  CHECK_THROWS_WITH(BrokerServer(BrokerKind::nats, options),
                    Catch::Contains("cannot reach nats at nats://127.0.0.1:" + port));
  options.url = "nats://127.0.0.1:" + port;
  CHECK_THROWS_WITH(BrokerServer(BrokerKind::redis, options),
                    Catch::Contains("is a nats URL where a redis one is needed"));
}

TEST_CASE("a server program that exits at once fails with its status and log", "[unit]") {
  BrokerServerOptions options;
  options.executable = find_executable("false");
  REQUIRE_FALSE(options.executable.empty());
  CHECK_THROWS_WITH(BrokerServer(BrokerKind::redis, options),
                    Catch::Contains("exited with status 1 before accepting connections"));
}

TEST_CASE("real Redis and NATS servers start, answer, and are gone after stop", "[slow]") {
  for (BrokerKind kind : {BrokerKind::redis, BrokerKind::nats}) {
    const std::string name(broker_name(kind));
    INFO(name);
    pid_t pid = -1;
    std::string data_dir;
    {
      BrokerServer server(kind);
      REQUIRE(server.owns_process());
      pid = server.pid();
      REQUIRE(pid > 0);
      CHECK(server.endpoint().host == "127.0.0.1");
      CHECK(check_endpoint(server.endpoint(), 2000ms).empty());
      data_dir = std::filesystem::path(server.log_path()).parent_path().string();
      CHECK(std::filesystem::is_directory(data_dir));

      // A second handle on the same server, by URL, owns nothing and stops nothing.
      BrokerServerOptions by_url;
      by_url.url = server.url();
      {
        BrokerServer shared(kind, by_url);
        CHECK_FALSE(shared.owns_process());
        CHECK(shared.pid() == -1);
        CHECK(shared.url() == server.url());
      }
      CHECK(check_endpoint(server.endpoint(), 2000ms).empty());
    }
    CHECK(process_gone(pid));
    CHECK_FALSE(std::filesystem::exists(data_dir));
  }
  CHECK(children_named("redis-server").empty());
  CHECK(children_named("nats-server").empty());
}

TEST_CASE("a server is stopped when the code using it throws", "[slow]") {
  pid_t pid = -1;
  try {
    BrokerServer server(BrokerKind::redis);
    pid = server.pid();
    throw std::runtime_error("probe failed");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) == "probe failed");
  }
  REQUIRE(pid > 0);
  CHECK(process_gone(pid));
  CHECK(children_named("redis-server").empty());
}
