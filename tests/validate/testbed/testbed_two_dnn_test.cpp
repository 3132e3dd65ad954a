// SPDX-License-Identifier: Apache-2.0
// A live run of topologies/two_dnn_cpu_redis.dot: two DNNs on the CPU with a real redis-server
// between them.
#include "tests/support/run_command.hpp"
#include "tests/validate/testbed/testbed_db.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <csignal>
#include <map>

using namespace servesim;

TEST_CASE("a two-DNN live run sends every face box through a real Redis", "[slow]") {
  const std::string db = test::scratch_dir("testbed-two-dnn") + "/results.db";
  // Small detector input, two faces per image, batches of up to 2 faces: short in Debug builds.
  const auto out = test::run_servesim(
      "testbed --topology " + std::string(SERVESIM_SOURCE_DIR) +
      "/topologies/two_dnn_cpu_redis.dot --set resize.out_px=64x64 --set "
      "faces.items_per_request=fixed:2"
      " --set identify.max_batch=2 --rate 3 --duration-s 2 --warmup-s 0.2 --seed 4 --image small"
      " --db " +
      db + " --json");
  INFO(out.err);
  REQUIRE(out.exit_code == 0);
  const auto report = nlohmann::json::parse(out.out);
  const auto run_id = report.at("run_id").get<std::int64_t>();

  // The redis-server the testbed started is gone.
  const auto at = out.err.find("redis-server pid ");
  REQUIRE(at != std::string::npos);
  const int redis_pid = std::stoi(out.err.substr(at + 17));
  CHECK((::kill(redis_pid, 0) != 0 && errno == ESRCH));

  const auto requests = test::query_rows(
      db, "SELECT request_id, parent_id, sent_ns, done_ns FROM requests WHERE run_id = " +
              std::to_string(run_id) + " ORDER BY request_id");
  std::map<std::int64_t, std::vector<std::int64_t>> children;  // parent -> child ids
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> times;
  int parents = 0;
  for (const auto& r : requests) {
    const std::int64_t id = std::stoll(r[0]);
    times[id] = {std::stoll(r[2]), std::stoll(r[3])};
    if (r[1].empty() || std::stoll(r[1]) < 0) {
      ++parents;
    } else {
      children[std::stoll(r[1])].push_back(id);
    }
  }
  REQUIRE(parents >= 2);
  REQUIRE(children.size() == static_cast<std::size_t>(parents));
  const auto stages = test::stored_stages(db, run_id);
  std::map<std::int64_t, std::map<std::string, test::StoredStage>> by_request;
  for (const auto& s : stages) by_request[s.request_id][s.stage] = s;
  for (const auto& [parent, kids] : children) {
    REQUIRE(kids.size() == 2);  // fixed:2
    const auto& p = by_request.at(parent);
    std::int64_t last_done = 0;
    for (std::int64_t kid : kids) {
      const auto& c = by_request.at(kid);
      REQUIRE(c.size() == 4);                                // crop, broker, face_norm, identify
      CHECK(times.at(kid).first == times.at(parent).first);  // a child's "sent" is its parent's
      // The child starts where the detector ended and tiles up to its done time.
      CHECK(c.at("crop").enter_ns == p.at("detect").end_ns);
      CHECK(c.at("broker").enter_ns == c.at("crop").end_ns);
      CHECK(c.at("broker").category == "broker");
      CHECK(c.at("broker").end_ns > c.at("broker").start_ns);  // LPUSH to BRPOP takes time
      CHECK(c.at("face_norm").enter_ns == c.at("broker").end_ns);
      CHECK(c.at("identify").enter_ns == c.at("face_norm").end_ns);
      CHECK(c.at("identify").batch_size <= 2);
      CHECK(c.at("identify").end_ns == times.at(kid).second);
      last_done = std::max(last_done, times.at(kid).second);
    }
    // The parent resumes when its last child is done.
    CHECK(p.at("post").enter_ns == last_done);
    CHECK(p.at("send").end_ns == times.at(parent).second);
  }
  CHECK(report.at("fanout").at("items_per_request").get<double>() == Approx(2.0));
}
