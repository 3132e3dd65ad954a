// SPDX-License-Identifier: Apache-2.0
// The topology attribute schema: one table that both checks DOT files and writes the attribute
// tables of topologies/README.md.
#include "sim/topology/attribute_schema.hpp"

#include "sim/topology/topology_parser.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

using namespace servesim::sim;

namespace {
const char* const kServer = R"(digraph g {
  cpu [kind=cpu, cores=2];
  gpu [kind=gpu, device=testgpu];
  nic [kind=nic, gbits_per_s=10];
  servers [kind=servers, count=2];
  recv [kind=stage, op=net_recv, on=nic];
  resize [kind=stage, op=resize, on=cpu, out_px="224x224"];
  normalize [kind=stage, op=normalize, on=cpu];
  infer [kind=stage, op=infer, model=tinynet, on=gpu, max_batch=8];
  recv -> resize -> normalize -> infer;
})";

std::string rejection(const std::string& set) {
  try {
    parse_topology(kServer, "s.dot", {AttributeOverride::parse(set)});
  } catch (const TopologyError& e) {
    return e.what();
  }
  return "(accepted)";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::vector<std::string> kKinds = {"cpu", "gpu", "link", "nic", "servers", "broker", "stage"};
}  // namespace

TEST_CASE("topology attribute schema: topologies/README.md matches the schema", "[unit]") {
  const std::string path = std::string(SERVESIM_SOURCE_DIR) + "/topologies/README.md";
  const std::string readme = read_text(path);
  const auto begin = readme.find(kSchemaBegin);
  const auto end = readme.find(kSchemaEnd);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  const std::string in_readme =
      readme.substr(begin, end - begin + std::string(kSchemaEnd).size() + 1);
  INFO(
      "topologies/README.md's attribute tables differ from sim/topology/attribute_schema.cpp; "
      "regenerate them: cmake --build build --target servesim_topology_schema && "
      "build/sim/servesim_topology_schema --update topologies/README.md");
  CHECK(in_readme == attribute_tables_markdown());
  CHECK(with_attribute_tables(readme) == readme);
}

TEST_CASE("topology attribute schema: one row per attribute and class, defaults in range",
          "[unit]") {
  std::set<std::pair<std::string, std::string>> seen;
  for (const std::string& kind : kKinds) {
    for (const std::string& node_class : node_classes(kind)) {
      INFO(node_class);
      CHECK(find_attribute("kind", node_class) != nullptr);
      for (const AttributeRow& row : attribute_schema()) {
        if (!row.applies(node_class)) continue;
        INFO(row.name);
        CHECK(seen.insert({row.name, node_class}).second);  // no second row for the same pair
      }
    }
  }
  for (const AttributeRow& row : attribute_schema()) {
    INFO(row.name);
    CHECK_FALSE(row.meaning.empty());
    CHECK_FALSE(row.applies_to.empty());
    CHECK_FALSE((row.required && !row.default_value.empty()));
    if (row.default_value.empty()) continue;
    if (row.type == AttributeType::kChoice) {
      CHECK(std::count(row.choices.begin(), row.choices.end(), row.default_value) == 1);
    } else if (row.type == AttributeType::kNumber || row.type == AttributeType::kWholeNumber) {
      char* end = nullptr;
      const double value = std::strtod(row.default_value.c_str(), &end);
      CHECK(*end == '\0');
      CHECK(row.range.contains(value));
    }
  }
  CHECK(attribute_schema().size() >= 50);
  CHECK(AttributeRange{0, 1, false, true}.text() == "[0, 1)");
}

TEST_CASE("topology attribute schema: an attribute unknown to the node's kind is rejected",
          "[unit]") {
  CHECK_THAT(rejection("cpu.colour=red"),
             Catch::StartsWith("s.dot: node 'cpu': attribute 'colour': not an attribute of "
                               "kind=cpu (allowed: cores, corun_device, device, kind, "
                               "run_share)"));
  // Another kind's attribute, another op's attribute.
  CHECK_THAT(rejection("gpu.cores=4"), Catch::Contains("attribute 'cores': not an attribute of "
                                                       "kind=gpu"));
  CHECK_THAT(rejection("normalize.out_px=8x8"),
             Catch::Contains("node 'normalize': attribute 'out_px': not an attribute of "
                             "kind=stage op=normalize"));
  CHECK_THAT(rejection("recv.items_per_request=fixed:2"),
             Catch::Contains("not an attribute of kind=stage op=net_recv"));
  // Graphviz's own attributes pass.
  CHECK(rejection("cpu.label=pool") == "(accepted)");
}

TEST_CASE("topology attribute schema: wrong types and values out of range are rejected", "[unit]") {
  CHECK_THAT(rejection("cpu.cores=two"),
             Catch::Contains("attribute 'cores': 'two' is not a whole number"));
  CHECK_THAT(rejection("cpu.cores=5000"),
             Catch::Contains("attribute 'cores': 5000 is out of range [1, 4096]"));
  CHECK_THAT(rejection("nic.gbits_per_s=0"),
             Catch::Contains("attribute 'gbits_per_s': 0 is out of range (0, inf)"));
  CHECK_THAT(rejection("nic.latency_us=soon"),
             Catch::Contains("attribute 'latency_us': 'soon' is not a number"));
  CHECK_THAT(rejection("gpu.route=random"),
             Catch::Contains("attribute 'route': 'random' unknown; use round_robin, "
                             "least_outstanding or jsq"));
  CHECK_THAT(rejection("resize.out_px=224"),
             Catch::Contains("attribute 'out_px': '224' is not WIDTHxHEIGHT"));
  CHECK_THAT(rejection("infer.batch_first_share=2"),
             Catch::Contains("attribute 'batch_first_share': 2 is out of range [0, 1]"));
  CHECK_THAT(rejection("servers.count=0"),
             Catch::Contains("node 'servers': attribute 'count': 0 is out of range [1, 100000]"));
}

TEST_CASE("topology attribute schema: a renamed attribute is rejected naming its new name",
          "[unit]") {
  CHECK_THAT(rejection("infer.batcher_preempt=0.7"),
             Catch::StartsWith("s.dot: node 'infer': attribute 'batcher_preempt': renamed to "
                               "'batch_first_share'") &&
                 Catch::Contains("write batch_first_share=0.7"));
  CHECK_THAT(rejection("servers.policy=jsq"), Catch::Contains("renamed to 'route'"));
  CHECK_THAT(rejection("resize.out=64x64"), Catch::Contains("renamed to 'out_px'"));
  CHECK_THAT(rejection("infer.preferred=4"), Catch::Contains("renamed to 'preferred_batch'"));
  // In a file as from --set; and only where the new name applies.
  std::string old_dot = kServer;
  old_dot.replace(old_dot.find("out_px="), 7, "out=");
  CHECK_THROWS_WITH(parse_topology(old_dot, "old.dot"),
                    Catch::Contains("node 'resize': attribute 'out': renamed to 'out_px'"));
  CHECK_THAT(rejection("cpu.batcher_preempt=0.5"), Catch::Contains("not an attribute of kind=cpu"));
  for (const RenamedAttribute& r : renamed_attributes()) {
    INFO(r.old_name);
    bool old_name_exists = false;
    bool new_name_exists = false;
    for (const AttributeRow& row : attribute_schema()) {
      old_name_exists |= row.name == r.old_name;
      new_name_exists |= row.name == r.new_name;
    }
    CHECK_FALSE(old_name_exists);
    CHECK(new_name_exists);
  }
}

TEST_CASE("topology attribute schema: defaults come from the schema's rows", "[unit]") {
  const Topology t = parse_topology(R"(digraph g {
    cpu [kind=cpu, cores=1];
    log [kind=broker, type=kafka];
    fan [kind=stage, op=fanout, items_per_request="fixed:2"];
    hop [kind=stage, op=broker_hop, on=log];
    join [kind=stage, op=join];
    fan -> hop -> join;
  })",
                                    "k.dot");
  const BrokerSpec& b = t.resource("log").broker;
  CHECK(b.op_us == 80);
  CHECK(b.us_per_kib == 12.5);
  CHECK(b.hop_latency_us == 400);
  CHECK(b.replication_us == 1000);
  CHECK(b.linger_ms == 5);
  CHECK(b.batch_bytes == 16384);
  CHECK(b.acks == "all");
  CHECK(t.resource("cpu").device == "cpu");
  CHECK(t.stages[0].items_per_request == "fixed:2");
  CHECK_FALSE(t.stages[0].fire_and_forget);
  const Topology s = parse_topology(kServer, "s.dot");
  CHECK(s.stages[1].variant == "bilinear");
  CHECK(s.stages[3].out_bytes == 4000);
  CHECK(s.stages[2].out_bytes == 0);
  CHECK(s.stages[3].batching.batch_first_share == 1.0);
  CHECK(s.servers.route == RoutePolicy::kRoundRobin);
}
