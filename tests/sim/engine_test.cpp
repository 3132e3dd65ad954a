// SPDX-License-Identifier: Apache-2.0
#include "sim/engine/engine.hpp"

#include "sim/engine/process.hpp"
#include "sim/engine/task.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

using namespace servesim::sim;

namespace {
Process ticker(Engine& engine, std::vector<SimTime>& seen, SimDuration step, int count) {
  for (int i = 0; i < count; ++i) {
    co_await engine.delay(step);
    seen.push_back(engine.now());
  }
}

Task<int> twice_later(Engine& engine, int value) {
  co_await engine.delay(5);
  co_return 2 * value;
}

Task<> failing_step(Engine& engine) {
  co_await engine.delay(1);
  throw std::runtime_error("stage failed");
}

Process composite(Engine& engine, std::vector<std::string>& log) {
  const int v = co_await twice_later(engine, 21);
  log.push_back("got " + std::to_string(v) + " at " + std::to_string(engine.now()));
  try {
    co_await failing_step(engine);
  } catch (const std::runtime_error& e) {
    log.push_back(std::string("caught ") + e.what() + " at " + std::to_string(engine.now()));
  }
}

Process thrower(Engine& engine) {
  co_await engine.delay(3);
  throw std::runtime_error("model error");
}
}  // namespace

TEST_CASE("processes read top to bottom and interleave in time order", "[unit]") {
  Engine engine;
  std::vector<SimTime> a;
  std::vector<SimTime> b;
  ticker(engine, a, 3, 3);
  ticker(engine, b, 4, 2);
  engine.run();
  CHECK(a == std::vector<SimTime>{3, 6, 9});
  CHECK(b == std::vector<SimTime>{4, 8});
  CHECK(engine.now() == 9);
}

TEST_CASE("a process awaits tasks and catches their exceptions", "[unit]") {
  Engine engine;
  std::vector<std::string> log;
  composite(engine, log);
  engine.run();
  CHECK(log == std::vector<std::string>{"got 42 at 5", "caught stage failed at 6"});
}

TEST_CASE("an exception escaping a process leaves Engine::run", "[unit]") {
  Engine engine;
  thrower(engine);
  CHECK_THROWS_WITH(engine.run(), "model error");
  CHECK(engine.now() == 3);
}
