// SPDX-License-Identifier: Apache-2.0
#include "sim/engine/engine.hpp"
#include "sim/engine/event_order.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace servesim::sim;

namespace {
struct Log {
  std::vector<std::uint64_t> fired;
  static void record(void* ctx, std::uint64_t arg) { static_cast<Log*>(ctx)->fired.push_back(arg); }
};
}  // namespace

TEST_CASE("event order is time, then priority, then insertion", "[unit]") {
  CHECK(EventOrder::make(1, 5, 9) < EventOrder::make(2, -5, 0));
  CHECK(EventOrder::make(1, -1, 9) < EventOrder::make(1, 0, 0));
  CHECK(EventOrder::make(1, 0, 3) < EventOrder::make(1, 0, 4));
  CHECK_FALSE(EventOrder::make(1, 0, 4) < EventOrder::make(1, 0, 4));
  CHECK(EventOrder::make(7, -32768, 5).priority() == -32768);
  CHECK(EventOrder::make(7, 32767, 5).priority() == 32767);
  CHECK(EventOrder::make(7, 3, 12345).seq() == 12345);
}

TEST_CASE("engine fires equal-time events by priority then insertion", "[unit]") {
  Engine engine;
  Log log;
  engine.schedule_at(10, &Log::record, &log, 1, 0);
  engine.schedule_at(10, &Log::record, &log, 2, -1);
  engine.schedule_at(5, &Log::record, &log, 3, 9);
  engine.schedule_at(10, &Log::record, &log, 4, 0);
  engine.schedule_at(10, &Log::record, &log, 5, -1);
  engine.run();
  CHECK(log.fired == std::vector<std::uint64_t>{3, 2, 5, 1, 4});
  CHECK(engine.now() == 10);
  CHECK(engine.events_processed() == 5);
}

TEST_CASE("a heap of many random events pops in order", "[unit]") {
  EventQueue queue;
  std::uint64_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    queue.push(static_cast<SimTime>(x >> 44), static_cast<EventPriority>((x >> 20) % 3), nullptr,
               nullptr, static_cast<std::uint64_t>(i));
  }
  FiredEvent previous{-1, nullptr, nullptr, 0};
  std::size_t popped = 0;
  FiredEvent e;
  while (queue.pop(e)) {
    REQUIRE(e.time_ns >= previous.time_ns);
    previous = e;
    ++popped;
  }
  CHECK(popped == 20000);
}

TEST_CASE("cancel removes a pending event; cancel after fire is a no-op", "[unit]") {
  Engine engine;
  Log log;
  const EventId a = engine.schedule_at(1, &Log::record, &log, 1);
  const EventId b = engine.schedule_at(2, &Log::record, &log, 2);
  const EventId c = engine.schedule_at(3, &Log::record, &log, 3);
  CHECK(engine.cancel(b));
  CHECK_FALSE(engine.cancel(b));
  CHECK(engine.events_pending() == 2);
  engine.run();
  CHECK(log.fired == std::vector<std::uint64_t>{1, 3});
  CHECK_FALSE(engine.cancel(a));
  CHECK_FALSE(engine.cancel(c));
  // A recycled slot does not let an old id cancel the new event.
  const EventId d = engine.schedule_at(4, &Log::record, &log, 4);
  CHECK_FALSE(engine.cancel(a));
  CHECK_FALSE(engine.cancel(c));
  engine.run();
  CHECK(log.fired.back() == 4);
  CHECK_FALSE(engine.cancel(d));
}

TEST_CASE("run_until stops at the horizon and leaves later events", "[unit]") {
  Engine engine;
  Log log;
  engine.schedule_at(5, &Log::record, &log, 1);
  engine.schedule_at(10, &Log::record, &log, 2);
  engine.schedule_at(11, &Log::record, &log, 3);
  engine.run_until(10);
  CHECK(log.fired == std::vector<std::uint64_t>{1, 2});
  CHECK(engine.now() == 10);
  CHECK(engine.events_pending() == 1);
  engine.run_until(100);
  CHECK(engine.now() == 100);
  CHECK(log.fired.size() == 3);
}

TEST_CASE("scheduling in the past is refused", "[unit]") {
  Engine engine;
  Log log;
  engine.schedule_at(10, &Log::record, &log, 1);
  engine.run();
  CHECK_THROWS_WITH(engine.schedule_at(9, &Log::record, &log, 2), Catch::Contains("in the past"));
}

TEST_CASE("two engines in one process do not interfere", "[unit]") {
  Engine first;
  Engine second;
  Log log_first;
  Log log_second;
  first.schedule_at(3, &Log::record, &log_first, 1);
  second.schedule_at(1, &Log::record, &log_second, 2);
  second.schedule_at(7, &Log::record, &log_second, 3);
  first.run();
  CHECK(first.now() == 3);
  CHECK(second.now() == 0);
  CHECK(second.events_pending() == 2);
  second.run();
  CHECK(log_first.fired == std::vector<std::uint64_t>{1});
  CHECK(log_second.fired == std::vector<std::uint64_t>{2, 3});
}
