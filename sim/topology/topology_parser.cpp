// SPDX-License-Identifier: Apache-2.0
#include "sim/topology/topology_parser.hpp"

#include "sim/topology/node_attributes.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace servesim::sim {
namespace {

struct RawNode {
  std::string id;
  std::map<std::string, std::string> attributes;
};
using RawGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, RawNode>;
using Vertex = boost::graph_traits<RawGraph>::vertex_descriptor;

/// Collects every vertex attribute, whatever its name, into RawNode::attributes.
class AttributeSink : public boost::dynamic_property_map {
 public:
  AttributeSink(RawGraph& graph, std::string name) : graph_(graph), name_(std::move(name)) {}
  boost::any get(const boost::any& key) override {
    return graph_[boost::any_cast<Vertex>(key)].attributes[name_];
  }
  std::string get_string(const boost::any& key) override {
    return graph_[boost::any_cast<Vertex>(key)].attributes[name_];
  }
  void put(const boost::any& key, const boost::any& value) override {
    graph_[boost::any_cast<Vertex>(key)].attributes[name_] = boost::any_cast<std::string>(value);
  }
  const std::type_info& key() const override { return typeid(Vertex); }
  const std::type_info& value() const override { return typeid(std::string); }

 private:
  RawGraph& graph_;
  std::string name_;
};

/// Edge and graph attributes carry no meaning here; they are accepted (for rendering) and dropped.
class IgnoredSink : public boost::dynamic_property_map {
 public:
  explicit IgnoredSink(const boost::any& key) : key_type_(key.type()) {}
  boost::any get(const boost::any&) override { return std::string(); }
  std::string get_string(const boost::any&) override { return {}; }
  void put(const boost::any&, const boost::any&) override {}
  const std::type_info& key() const override { return key_type_; }
  const std::type_info& value() const override { return typeid(std::string); }

 private:
  const std::type_info& key_type_;
};

RawGraph read_raw_graph(const std::string& dot_text, const std::string& origin) {
  RawGraph graph;
  boost::dynamic_properties properties(
      [&graph](const std::string& name, const boost::any& key,
               const boost::any&) -> boost::shared_ptr<boost::dynamic_property_map> {
        if (key.type() == typeid(Vertex)) return boost::make_shared<AttributeSink>(graph, name);
        return boost::make_shared<IgnoredSink>(key);
      });
  properties.property("node_id", boost::get(&RawNode::id, graph));
  try {
    std::istringstream in(dot_text);
    if (!boost::read_graphviz(in, graph, properties, "node_id")) {
      throw TopologyError(origin + ": not a readable DOT graph");
    }
  } catch (const boost::bad_graphviz_syntax& e) {
    throw TopologyError(origin + ": DOT syntax error: " + e.what());
  } catch (const boost::undirected_graph_error&) {
    throw TopologyError(origin + ": must be a 'digraph' (edges are the order of stages)");
  }
  return graph;
}

void apply_overrides(RawGraph& graph, const std::vector<AttributeOverride>& overrides,
                     const std::string& origin) {
  for (const AttributeOverride& o : overrides) {
    bool found = false;
    for (auto v : boost::make_iterator_range(boost::vertices(graph))) {
      if (graph[v].id == o.node) {
        graph[v].attributes[o.attribute] = o.value;
        found = true;
      }
    }
    if (!found) {
      throw TopologyError(origin + ": --set " + o.node + "." + o.attribute +
                          ": the topology has no node '" + o.node + "'");
    }
  }
}

/// Orders the stage chain, rejecting cycles, branches and unreachable stages.
std::vector<Vertex> order_stages(const RawGraph& graph, const std::vector<Vertex>& stage_vertices,
                                 const std::string& origin) {
  std::set<Vertex> is_stage(stage_vertices.begin(), stage_vertices.end());
  std::map<Vertex, Vertex> next;
  std::map<Vertex, int> in_degree;
  for (auto e : boost::make_iterator_range(boost::edges(graph))) {
    const Vertex from = boost::source(e, graph);
    const Vertex to = boost::target(e, graph);
    for (Vertex v : {from, to}) {
      if (!is_stage.count(v)) {
        throw TopologyError(origin + ": node '" + graph[v].id +
                            "': edges join stages only; a stage names its resource with on=");
      }
    }
    if (next.count(from)) {
      throw TopologyError(origin + ": node '" + graph[from].id + "': has two next stages ('" +
                          graph[next[from]].id + "' and '" + graph[to].id +
                          "'); a pipeline is one chain of stages");
    }
    next[from] = to;
    ++in_degree[to];
  }
  std::vector<Vertex> sources;
  for (Vertex v : stage_vertices) {
    if (in_degree[v] == 0) sources.push_back(v);
    if (in_degree[v] > 1) {
      throw TopologyError(origin + ": node '" + graph[v].id +
                          "': reached from two stages; a pipeline is one chain of stages");
    }
  }
  if (sources.empty()) {
    throw TopologyError(origin + ": the stages form a cycle (node '" + graph[stage_vertices[0]].id +
                        "' is on it); edges must lead from the first stage to the last");
  }
  std::vector<Vertex> chain;
  std::set<Vertex> seen;
  for (Vertex v = sources.front();;) {
    if (seen.count(v)) {
      throw TopologyError(origin + ": node '" + graph[v].id + "': the stages form a cycle");
    }
    seen.insert(v);
    chain.push_back(v);
    auto it = next.find(v);
    if (it == next.end()) break;
    v = it->second;
  }
  for (Vertex v : stage_vertices) {
    if (!seen.count(v)) {
      throw TopologyError(origin + ": node '" + graph[v].id +
                          "': stage is unreachable from the first stage '" +
                          graph[sources.front()].id + "' (add an edge to it, or a cycle hides it)");
    }
  }
  return chain;
}

}  // namespace

AttributeOverride AttributeOverride::parse(const std::string& text) {
  const auto dot = text.find('.');
  const auto eq = text.find('=');
  if (dot == std::string::npos || eq == std::string::npos || dot > eq || dot == 0 ||
      eq == dot + 1) {
    throw TopologyError("--set '" + text + "': expected node.attribute=value");
  }
  return {text.substr(0, dot), text.substr(dot + 1, eq - dot - 1), text.substr(eq + 1)};
}

Topology parse_topology(const std::string& dot_text, const std::string& origin,
                        const std::vector<AttributeOverride>& overrides) {
  RawGraph graph = read_raw_graph(dot_text, origin);
  apply_overrides(graph, overrides, origin);

  Topology topology;
  topology.source_path = origin;
  std::vector<Vertex> stage_vertices;
  for (auto v : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeAttributes node(origin, graph[v].id, graph[v].attributes);
    if (node.kind() == "stage") {
      stage_vertices.push_back(v);
    } else if (node.kind() == "servers") {
      topology.servers = node.servers_spec();
    } else {
      topology.resources.push_back(node.resource_spec());
    }
  }
  if (stage_vertices.empty()) {
    throw TopologyError(origin + ": no stages; add nodes with kind=stage joined by edges");
  }
  std::string open_fanout;  // fan-outs pair with the next join; they do not nest
  for (Vertex v : order_stages(graph, stage_vertices, origin)) {
    const NodeAttributes node(origin, graph[v].id, graph[v].attributes);
    StageSpec stage = node.stage_spec();
    if (stage.op == StageOp::kFanout || stage.op == StageOp::kJoin) {
      const bool fanout = stage.op == StageOp::kFanout;
      if (fanout && !open_fanout.empty()) {
        throw TopologyError(origin + ": node '" + stage.name + "': fanout inside fanout '" +
                            open_fanout + "'; add a join before it (fan-outs do not nest)");
      }
      if (!fanout && open_fanout.empty()) {
        throw TopologyError(origin + ": node '" + stage.name +
                            "': join without a fanout before it; remove it or add a fanout");
      }
      open_fanout = fanout ? stage.name : "";
      topology.stages.push_back(std::move(stage));
      continue;
    }
    const ResourceSpec* host = nullptr;
    for (const ResourceSpec& r : topology.resources) {
      if (r.name == stage.on) host = &r;
    }
    if (host == nullptr) {
      throw TopologyError(origin + ": node '" + stage.name + "': attribute 'on': no resource '" +
                          stage.on + "' in the topology");
    }
    check_stage_host(origin, stage, *host);
    topology.stages.push_back(std::move(stage));
  }
  if (!open_fanout.empty()) {
    throw TopologyError(origin + ": node '" + open_fanout +
                        "': fanout without a join after it; add a stage with op=join where the "
                        "children end");
  }
  const auto slash = origin.find_last_of('/');
  topology.name = origin.substr(slash == std::string::npos ? 0 : slash + 1);
  if (topology.name.size() > 4 && topology.name.ends_with(".dot")) {
    topology.name.resize(topology.name.size() - 4);
  }
  return topology;
}

Topology read_topology(const std::string& path, const std::vector<AttributeOverride>& overrides) {
  std::ifstream in(path);
  if (!in) throw TopologyError(path + ": cannot read the topology file (check the path)");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_topology(text.str(), path, overrides);
}

}  // namespace servesim::sim
