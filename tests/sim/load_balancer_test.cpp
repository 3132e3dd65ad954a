// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/load_balancer.hpp"

#include "sim/engine/process.hpp"
#include "sim/serving/server_replica.hpp"
#include "sim/serving/stage_costs.hpp"
#include "sim/serving/stage_runtime.hpp"
#include "tests/sim/serving_fixtures.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <deque>
#include <memory>
#include <vector>

using namespace servesim::sim;

namespace {

/// Three servers of one single-core stage, and a load balancer in front of them.
struct Cluster {
  explicit Cluster(RoutePolicy policy, int max_inflight = 0)
      : topology(parse_topology(R"(digraph lb {
          cpu [kind=cpu, device=testcpu, cores=1];
          decode [kind=stage, op=jpeg_decode, on=cpu];
        })",
                                "lb.dot")) {
    stage = std::make_unique<StageRuntime>(topology, 0, 1);
    stage_costs.push_back(std::make_unique<StageCosts>(*stage, context));
    for (int s = 0; s < 3; ++s) {
      replicas.push_back(std::make_unique<ServerReplica>(engine, topology, stage_costs));
    }
    ServersSpec servers;
    servers.count = 3;
    servers.max_inflight = max_inflight;
    servers.route = policy;
    balancer = std::make_unique<LoadBalancer>(engine, servers, replicas);
  }

  /// A new request, admitted by the balancer now or once a server has room.
  Request& arrive() {
    requests.emplace_back();
    admit(requests.back());
    return requests.back();
  }
  Process admit(Request& request) { co_await balancer->admit(request); }

  /// Queues one more item on server `s`'s core, taking the core first if it is free.
  void queue_on(int s) {
    Resource& core = replicas[static_cast<std::size_t>(s)]->unit(0, -1);
    static_cast<void>(core.try_acquire());
    wait_for(core);
    ++queued[static_cast<std::size_t>(s)];
  }

  /// Frees every core queue_on took and lets each waiter through, so no coroutine is left
  /// suspended when the test ends (their frames would leak).
  void drain_cores() {
    for (std::size_t s = 0; s < replicas.size(); ++s) {
      Resource& core = replicas[s]->unit(0, -1);
      for (int k = 0; k <= queued[s]; ++k) {
        core.release();
        engine.run();
      }
    }
  }
  Process wait_for(Resource& core) { co_await core.acquire(); }

  Engine engine;
  Topology topology;
  CostModel costs;
  std::vector<ImageClass> classes;
  SpeedTrace speed;
  CostContext context{costs, classes, speed, engine};
  std::unique_ptr<StageRuntime> stage;
  std::vector<std::unique_ptr<StageCosts>> stage_costs;
  std::vector<std::unique_ptr<ServerReplica>> replicas;
  std::unique_ptr<LoadBalancer> balancer;
  std::deque<Request> requests;  // stable addresses: admission keeps a pointer while waiting
  std::array<int, 3> queued{};   // per server: items queue_on left waiting for its core
};

std::vector<int> servers_of(const std::deque<Request>& requests) {
  std::vector<int> servers;
  for (const Request& r : requests) servers.push_back(r.server);
  return servers;
}

}  // namespace

TEST_CASE("round robin cycles the servers and skips those at their cap", "[unit]") {
  Cluster cluster(RoutePolicy::kRoundRobin, 2);
  for (int k = 0; k < 5; ++k) cluster.arrive();
  CHECK(servers_of(cluster.requests) == std::vector<int>{0, 1, 2, 0, 1});
  CHECK(cluster.balancer->inflight(0) == 2);
  cluster.balancer->release(cluster.requests[0]);  // server 0 has room again
  cluster.arrive();                                // the scan goes on from server 2
  cluster.arrive();                                // then from server 0
  cluster.balancer->release(cluster.requests[3]);
  cluster.arrive();  // the scan starts at server 1: 1 and 2 are full, 0 has room
  CHECK(servers_of(cluster.requests) == std::vector<int>{0, 1, 2, 0, 1, 2, 0, 0});
  CHECK(cluster.balancer->waiting() == 0);
}

TEST_CASE("a request that finds every server at its cap waits for the first release", "[unit]") {
  Cluster cluster(RoutePolicy::kRoundRobin, 1);
  for (int k = 0; k < 5; ++k) cluster.arrive();
  CHECK(servers_of(cluster.requests) == std::vector<int>{0, 1, 2, -1, -1});
  CHECK(cluster.balancer->waiting() == 2);
  cluster.balancer->release(cluster.requests[1]);
  CHECK(cluster.balancer->waiting() == 1);
  CHECK(cluster.requests[3].server == 1);  // the oldest waiter takes the room, in arrival order
  CHECK(cluster.requests[4].server == -1);
  CHECK(cluster.balancer->inflight(1) == 1);
  cluster.engine.run();  // the admitted request resumes at the release's time
  CHECK(cluster.engine.now() == 0);
  cluster.balancer->release(cluster.requests[0]);  // the last waiter goes too
  CHECK(cluster.requests[4].server == 0);
  cluster.engine.run();
  CHECK(cluster.balancer->waiting() == 0);
}

TEST_CASE("least outstanding sends a request to the server with the fewest in flight", "[unit]") {
  Cluster cluster(RoutePolicy::kLeastOutstanding);
  for (int k = 0; k < 4; ++k) cluster.arrive();
  CHECK(servers_of(cluster.requests) == std::vector<int>{0, 1, 2, 0});  // ties: the first
  cluster.balancer->release(cluster.requests[2]);
  cluster.arrive();
  CHECK(cluster.requests.back().server == 2);
  CHECK(cluster.balancer->inflight(0) == 2);
}

TEST_CASE("join-shortest-queue counts waiting work, not requests in flight", "[unit]") {
  Cluster cluster(RoutePolicy::kJoinShortestQueue);
  cluster.arrive();
  cluster.arrive();  // nothing queued anywhere: the first server, however many it holds
  CHECK(servers_of(cluster.requests) == std::vector<int>{0, 0});
  cluster.queue_on(0);
  cluster.arrive();
  CHECK(cluster.requests.back().server == 1);
  cluster.queue_on(1);
  cluster.queue_on(2);
  cluster.queue_on(0);  // server 0 now has a longer queue: two waiting behind its core
  cluster.arrive();
  CHECK(cluster.requests.back().server == 1);
  cluster.drain_cores();
}
