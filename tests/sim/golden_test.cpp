// SPDX-License-Identifier: Apache-2.0
// Golden fixed-seed runs of every shipped topology (SST's reference files): the JSON printed by
// `servesim simulate` (2-space indent, so a diff reads) must equal tests/golden/<topology>.json,
// value for value. After an intended change of results, regenerate with SERVESIM_UPDATE_GOLDEN=1
// and review the diff.
#include "tests/sim/serving_fixtures.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

namespace fs = std::filesystem;

TEST_CASE("every shipped topology reproduces its golden run", "[golden]") {
  const fs::path root = SERVESIM_SOURCE_DIR;
  const std::string db = servesim::test::scratch_dir("golden") + "/golden.db";
  const bool update = std::getenv("SERVESIM_UPDATE_GOLDEN") != nullptr;
  std::set<std::string> topologies;
  for (const auto& entry : fs::directory_iterator(root / "topologies")) {
    if (entry.path().extension() != ".dot") continue;
    const std::string name = entry.path().stem().string();
    topologies.insert(name);
    INFO("topology " << name);
    // Run from the source folder: the scenario object names the topology as given, and a
    // relative path keeps the goldens the same on every machine.
    const auto run = servesim::test::run_servesim_in(
        root.string(), "simulate --topology topologies/" + name +
                           ".dot --load 0.7 --image small:0.6,medium:0.4 --duration-s 2 --seed 42 "
                           "--json --db " +
                           db);
    REQUIRE(run.exit_code == 0);
    const fs::path golden = root / "tests" / "golden" / (name + ".json");
    if (update) std::ofstream(golden) << run.out;
    REQUIRE(fs::exists(golden));
    // Parsed: whitespace is not a result; doubles round-trip, so equal values are equal bits.
    CHECK(nlohmann::ordered_json::parse(run.out) ==
          nlohmann::ordered_json::parse(servesim::test::read_text(golden.string())));
  }
  CHECK(topologies.size() >= 4);
  // No golden outlives its topology.
  for (const auto& entry : fs::directory_iterator(root / "tests" / "golden")) {
    if (entry.path().extension() != ".json") continue;
    INFO("golden " << entry.path().filename().string());
    CHECK(topologies.count(entry.path().stem().string()) == 1);
  }
}
