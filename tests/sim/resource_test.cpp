// SPDX-License-Identifier: Apache-2.0
#include "sim/engine/resource.hpp"

#include "sim/engine/engine.hpp"
#include "sim/engine/process.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace servesim::sim;

namespace {
Process job(Engine& engine, Resource& cpu, std::string name, SimDuration work,
            std::vector<std::string>& log) {
  co_await cpu.acquire();
  log.push_back(name + " starts " + std::to_string(engine.now()));
  co_await engine.delay(work);
  cpu.release();
}

Process job_at(Engine& engine, Resource& cpu, SimTime at, int units, SimDuration work,
               std::vector<SimTime>& starts) {
  co_await engine.delay(at);
  co_await cpu.acquire(units);
  starts.push_back(engine.now());
  co_await engine.delay(work);
  cpu.release(units);
}
}  // namespace

TEST_CASE("a resource grants in arrival order and keeps busy time", "[unit]") {
  Engine engine;
  Resource cpu(engine, "cpu", 2);
  std::vector<std::string> log;
  job(engine, cpu, "a", 10, log);
  job(engine, cpu, "b", 4, log);
  job(engine, cpu, "c", 6, log);
  job(engine, cpu, "d", 1, log);
  engine.run();
  CHECK(log == std::vector<std::string>{"a starts 0", "b starts 0", "c starts 4", "d starts 10"});
  CHECK(engine.now() == 11);
  // Busy unit-time 10 + 4 + 6 + 1 = 21 over 11 ns on 2 units.
  CHECK(cpu.busy_unit_ns() == Approx(21.0));
  CHECK(cpu.utilization() == Approx(21.0 / 22.0));
  // c waits 4 ns, d waits 10 ns: 14 waiter-ns over 11 ns.
  CHECK(cpu.mean_queue_length() == Approx(14.0 / 11.0));
}

TEST_CASE("a wide request is not overtaken by a narrow one (strict FIFO)", "[unit]") {
  Engine engine;
  Resource pool(engine, "pool", 2);
  std::vector<SimTime> starts;
  job_at(engine, pool, 0, 1, 10, starts);  // holds one unit until 10
  job_at(engine, pool, 1, 2, 5, starts);   // needs both: waits until 10
  job_at(engine, pool, 2, 1, 1, starts);   // would fit at 2, but queues behind the wide one
  engine.run();
  CHECK(starts == std::vector<SimTime>{0, 10, 15});
}

TEST_CASE("reset_statistics starts a new window", "[unit]") {
  Engine engine;
  Resource cpu(engine, "cpu", 1);
  std::vector<std::string> log;
  job(engine, cpu, "a", 10, log);
  engine.run_until(5);
  cpu.reset_statistics();
  engine.run_until(20);
  CHECK(cpu.window_ns() == 15);
  CHECK(cpu.utilization() == Approx(5.0 / 15.0));
}

TEST_CASE("bad capacity and over-release are refused", "[unit]") {
  Engine engine;
  CHECK_THROWS_WITH(Resource(engine, "gpu", 0), Catch::Contains("capacity must be at least 1"));
  Resource cpu(engine, "cpu", 1);
  CHECK_THROWS_WITH(cpu.release(), Catch::Contains("only 0 are busy"));
}

TEST_CASE("release_after keeps the unit busy, then grants the next waiter", "[unit]") {
  Engine engine;
  Resource cpu(engine, "cpu", 1);
  std::vector<SimTime> starts;
  REQUIRE(cpu.try_acquire());
  cpu.release_after(7);
  CHECK(cpu.busy_units() == 1);
  CHECK(cpu.working_units() == 0);       // held, but its work has moved on
  job_at(engine, cpu, 0, 1, 5, starts);  // asks at 0, waits for the delayed release
  engine.run();
  REQUIRE(starts.size() == 1);
  CHECK(starts[0] == 7);
  CHECK(cpu.busy_units() == 0);
  CHECK(cpu.busy_unit_ns() == Approx(12.0));  // the held 7 ns count as busy
}
