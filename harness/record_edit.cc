// The text edits of `statussim record` (record_edit.h): each changed node
// found in the text (scenario_text.h) and written in flow style
// (flow_text.h), broken into block lines past kMaxLine columns.
#include "harness/record_edit.h"

#include <fmt/format.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/flow_text.h"

namespace statussim::harness {
namespace {

using sim::Value;

constexpr size_t kMaxLine = 100;  // longer flow lines are written as block lists
constexpr FlowStyle kStyle{.status_names = true, .plain_strings = true};

std::string Pad(int n) { return std::string(static_cast<size_t>(n), ' '); }

std::string KeyText(std::string_view key) {
  std::string out;
  AppendYamlKey(key, &out);
  return out;
}

std::string ListFlow(const std::vector<ExpectedItem>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + ItemText(items[i], kStyle);
  return out + "]";
}

// Block list lines "- ITEM" at `indent`, each preceded by `eol`.
std::string ListBlock(const std::vector<ExpectedItem>& items, int indent, const std::string& eol) {
  std::string out;
  for (const ExpectedItem& item : items) out += eol + Pad(indent) + "- " + ItemText(item, kStyle);
  return out;
}

// `expect: ...` for a key at column `indent`: one flow line when it fits,
// else `ok` data as a block map with long lists one entry a line.
std::string ExpectNode(const Expectation& x, int indent, const std::string& eol) {
  const std::string flow = "expect: " + ExpectText(x, kStyle);
  if (static_cast<size_t>(indent) + flow.size() <= kMaxLine || x.kind != Expectation::Kind::kOk ||
      !x.data || !x.data->is_object() || x.data->as_object().empty()) {
    return flow;
  }
  std::string out = "expect:" + eol + Pad(indent + 2) + "ok:";
  for (const auto& [key, v] : x.data->as_object()) {
    const std::string line = Pad(indent + 4) + KeyText(key) + ": " + FlowValue(v, kStyle);
    if (!v.is_array() || v.as_array().empty() || line.size() <= kMaxLine) {
      out += eol + line;
      continue;
    }
    out += eol + Pad(indent + 4) + KeyText(key) + ":";
    for (const Value& item : v.as_array()) {
      out += eol + Pad(indent + 6) + "- " + FlowValue(item, kStyle);
    }
  }
  if (x.ordered) out += eol + Pad(indent + 2) + "ordered: true";
  return out;
}

std::string_view ActionKey(Step::Kind k) {
  switch (k) {
    case Step::Kind::kLogin:
      return "login";
    case Step::Kind::kLogout:
      return "logout";
    case Step::Kind::kDisconnect:
      return "disconnect";
    case Step::Kind::kReconnect:
      return "reconnect";
    case Step::Kind::kCall:
      return "call";
    case Step::Kind::kConfigure:
      return "configure";
    case Step::Kind::kWait:
      return "wait";
    case Step::Kind::kExpectEvents:
      return "expect_events";
  }
  return "";
}

// The text edits that carry out a plan.
class Editor {
 public:
  Editor(const Scenario& s, const ScenarioText& text, std::vector<LoadError>* errors)
      : s_(s), text_(text), errors_(errors) {}

  std::vector<TextEdit> Make(Plan* plan) {
    // Devices are added only to a block map; to a flow map, a new step.
    for (auto it = plan->appends.begin(); it != plan->appends.end();) {
      if (BlockMapColumn(it->first) >= 0) {
        ++it;
        continue;
      }
      plan->inserts[it->first - 1] = std::move(it->second);
      it = plan->appends.erase(it);
    }
    // In file order, so that edits at one offset come in step order.
    for (size_t i = 0; i < s_.steps.size(); ++i) {
      if (auto x = plan->expects.find(i); x != plan->expects.end()) Expect(i, x->second);
      Events(i, *plan);
      if (auto a = plan->appends.find(i); a != plan->appends.end()) Append(i, a->second);
      if (auto n = plan->inserts.find(i); n != plan->inserts.end()) Insert(i, n->second);
    }
    return std::move(edits_);
  }

 private:
  void Fail(Location where, std::string reason) {
    errors_->push_back(LoadError{s_.file, where, "cannot rewrite in place: " + std::move(reason)});
  }

  const StepLayout* Layout(size_t i) {
    auto it = layouts_.find(i);
    if (it == layouts_.end()) {
      Result<StepLayout> l = text_.Step(s_.steps[i].where);
      if (!l.ok()) {
        Fail(s_.steps[i].where, l.message());
        it = layouts_.emplace(i, std::nullopt).first;
      } else {
        it = layouts_.emplace(i, std::move(l).value()).first;
      }
    }
    return it->second ? &*it->second : nullptr;
  }

  // The end of a value starting at `start` on the key's line: a flow node's
  // closing bracket, or the end of the key's last line for a block node.
  std::optional<size_t> ValueEnd(size_t start, int last_line, Location where, const char* what) {
    const char c = start < text_.text().size() ? text_.text()[start] : '\n';
    if (c == '*' || c == '&') {
      Fail(where, fmt::format("{} is written through an anchor or alias", what));
      return std::nullopt;
    }
    if (c != '{' && c != '[') return text_.LineEnd(last_line);
    Result<size_t> end = text_.FlowEnd(start);
    if (!end.ok()) {
      Fail(where, end.message());
      return std::nullopt;
    }
    return end.value();
  }

  void Expect(size_t i, const Expectation& x) {
    const Step& step = s_.steps[i];
    const StepLayout* layout = Layout(i);
    if (layout == nullptr) return;
    const int indent = layout->key_column;
    if (step.expect.where.line == 0) {  // omitted: written after the action
      const KeySpan* action = layout->Find(ActionKey(step.kind));
      if (action == nullptr) return Fail(step.where, "cannot find the step's action key");
      const size_t at = text_.LineEnd(action->last_line);
      edits_.push_back({at, at, text_.eol() + Pad(indent) + ExpectNode(x, indent, text_.eol())});
      return;
    }
    const KeySpan* key = layout->Find("expect");
    if (key == nullptr || key->line != step.expect.where.line - 1 ||
        key->column != step.expect.where.column - 1) {
      return Fail(step.expect.where, "`expect` is not a key of the step's block map here");
    }
    Result<size_t> start = text_.ValueStart(key->line, key->column);
    if (!start.ok()) return Fail(step.expect.where, start.message());
    const std::optional<size_t> end =
        ValueEnd(start.value(), key->last_line, step.expect.where, "expect");
    if (!end) return;
    edits_.push_back(
        {text_.Offset(key->line, key->column), *end, ExpectNode(x, indent, text_.eol())});
  }

  // The changed lists of expect_events step `i`. A flow map on one line that
  // the new lists would stretch past kMaxLine is rewritten as a block map,
  // the lists not changed keeping their text.
  void Events(size_t i, const Plan& plan) {
    const Step& step = s_.steps[i];
    std::vector<const std::vector<ExpectedItem>*> changed(step.expect_events.size(), nullptr);
    bool any = false;
    for (size_t d = 0; d < changed.size(); ++d) {
      if (auto l = plan.lists.find({i, d}); l != plan.lists.end()) changed[d] = &l->second;
      any = any || changed[d] != nullptr;
    }
    if (!any) return;
    const StepLayout* layout = Layout(i);
    if (layout == nullptr) return;
    const KeySpan& action = layout->keys.front();
    if (action.key != "expect_events") return Fail(step.where, "cannot find `expect_events` here");
    Result<size_t> map_start = text_.ValueStart(action.line, action.column);
    if (!map_start.ok()) return Fail(step.where, map_start.message());
    const char m = text_.text()[map_start.value()];
    if (m == '*' || m == '&') {
      return Fail(step.where, "expect_events is written through an anchor or alias");
    }
    const bool flow_map = m == '{';
    const size_t first_edit = edits_.size();
    const size_t errors_before = errors_->size();
    int64_t growth = 0;
    for (size_t d = 0; d < changed.size(); ++d) {
      if (changed[d] == nullptr) continue;
      const size_t edits_before = edits_.size();
      List(step.expect_events[d], *changed[d], flow_map);
      if (edits_.size() > edits_before) {
        const TextEdit& e = edits_.back();
        growth += static_cast<int64_t>(e.text.size()) - static_cast<int64_t>(e.end - e.begin);
      }
    }
    if (!flow_map || errors_->size() != errors_before) return;
    Result<size_t> map_end = text_.FlowEnd(map_start.value());
    if (!map_end.ok()) return Fail(step.where, map_end.message());
    const int64_t width = static_cast<int64_t>(text_.Line(action.line).size()) + growth;
    if (map_end.value() > text_.LineEnd(action.line) || width <= static_cast<int64_t>(kMaxLine)) {
      return;
    }
    edits_.resize(first_edit);
    const int indent = layout->key_column + 2;
    std::string out;
    for (size_t d = 0; d < changed.size(); ++d) {
      const DeviceExpectation& e = step.expect_events[d];
      const int line = e.where.line - 1, column = e.where.column - 1;
      Result<size_t> colon = text_.AfterColon(line, column);
      Result<size_t> start = text_.ValueStart(line, column);
      if (!colon.ok() || !start.ok()) return Fail(e.where, "cannot read the device key");
      const size_t key_at = text_.Offset(line, column);
      std::string head = Pad(indent) + text_.text().substr(key_at, colon.value() - key_at);
      if (changed[d] == nullptr) {
        Result<size_t> end = text_.FlowEnd(start.value());
        if (!end.ok()) return Fail(e.where, end.message());
        out += text_.eol() + head + " " +
               text_.text().substr(start.value(), end.value() - start.value());
        continue;
      }
      const std::string flow = ListFlow(*changed[d]);
      if (head.size() + 1 + flow.size() <= kMaxLine || changed[d]->empty()) {
        out += text_.eol() + head + " " + flow;
      } else {
        out += text_.eol() + head + ListBlock(*changed[d], indent + 2, text_.eol());
      }
    }
    Result<size_t> after = text_.AfterColon(action.line, action.column);
    if (!after.ok()) return Fail(step.where, after.message());
    edits_.push_back({after.value(), map_end.value(), out});
  }

  // One device's list, replaced where it is written.
  void List(const DeviceExpectation& e, const std::vector<ExpectedItem>& items, bool flow_map) {
    const int line = e.where.line - 1, column = e.where.column - 1;
    Result<size_t> colon = text_.AfterColon(line, column);
    Result<size_t> start = text_.ValueStart(line, column);
    if (!colon.ok() || !start.ok()) return Fail(e.where, "cannot read the device key");
    const bool block_value = start.value() == text_.LineEnd(line);
    const int last = block_value ? text_.BlockValueLastLine(line, column) : line;
    if (block_value && (flow_map || last == line)) {
      return Fail(e.where, "cannot find the device's list");
    }
    const std::optional<size_t> end = ValueEnd(start.value(), last, e.where, "the list");
    if (!end) return;
    const std::string flow = ListFlow(items);
    const size_t col = start.value() - text_.Offset(line, 0);
    if (flow_map || items.empty() || col + flow.size() <= kMaxLine) {
      if (block_value) {
        edits_.push_back({colon.value(), *end, " " + flow});
      } else {
        edits_.push_back({start.value(), *end, flow});
      }
      return;
    }
    edits_.push_back({colon.value(), *end, ListBlock(items, column + 2, text_.eol())});
  }

  // `DEVICE: [...]` lines at `indent`, each preceded by an end of line.
  std::string DeviceLines(const std::vector<DeviceExpectation>& devices, int indent) const {
    std::string out;
    for (const DeviceExpectation& d : devices) {
      const std::string head = Pad(indent) + KeyText(d.device) + ":";
      const std::string flow = ListFlow(d.items);
      if (head.size() + 1 + flow.size() <= kMaxLine) {
        out += text_.eol() + head + " " + flow;
      } else {
        out += text_.eol() + head + ListBlock(d.items, indent + 2, text_.eol());
      }
    }
    return out;
  }

  // The column of the device keys of expect_events step `i` when its map is
  // a block map, else -1.
  int BlockMapColumn(size_t i) {
    const Step& step = s_.steps[i];
    if (step.expect_events.empty()) return -1;
    const StepLayout* layout = Layout(i);
    if (layout == nullptr || layout->keys.front().key != "expect_events") return -1;
    const KeySpan& action = layout->keys.front();
    Result<size_t> map_start = text_.ValueStart(action.line, action.column);
    if (!map_start.ok() || map_start.value() != text_.LineEnd(action.line)) return -1;
    const int column = step.expect_events.front().where.column - 1;
    return column > action.column ? column : -1;
  }

  // New device lists at the end of expect_events step `i`'s block map.
  void Append(size_t i, const std::vector<DeviceExpectation>& devices) {
    const StepLayout* layout = Layout(i);
    const int column = BlockMapColumn(i);
    if (layout == nullptr || column < 0) return Fail(s_.steps[i].where, "cannot add devices here");
    const size_t at = text_.LineEnd(layout->last_line);
    edits_.push_back({at, at, DeviceLines(devices, column)});
  }

  void Insert(size_t i, const std::vector<DeviceExpectation>& devices) {
    const StepLayout* layout = Layout(i);
    if (layout == nullptr) return;
    const int gap = layout->dash_line == layout->keys.front().line
                        ? layout->key_column - layout->dash_column
                        : 2;
    const std::string out = text_.eol() + Pad(layout->dash_column) + "-" + Pad(gap - 1) +
                            "expect_events:" + DeviceLines(devices, layout->dash_column + gap + 2);
    const size_t at = text_.LineEnd(layout->last_line);
    edits_.push_back({at, at, out});
  }

  const Scenario& s_;
  const ScenarioText& text_;
  std::vector<LoadError>* errors_;
  std::map<size_t, std::optional<StepLayout>> layouts_;
  std::vector<TextEdit> edits_;
};

}  // namespace

std::vector<TextEdit> EditsFor(const Scenario& s, const ScenarioText& text, Plan* plan,
                               std::vector<LoadError>* errors) {
  return Editor(s, text, errors).Make(plan);
}

}  // namespace statussim::harness
