// The walk of one scenario document: a Loader walks the YAML tree once,
// converting and validating every node into a Scenario. Internal to the
// scenario loader (harness/loader.h): only its files include this header.
//
// Every step into a map or a list goes through ForEachEntry / ForEachItem,
// which enforce what yaml-cpp 0.7 does not (ECOSYSTEM.md 1.6: unique keys, no
// merge keys, string keys), bind nodes before iterating and copy keys
// (1.5-7), bound the work that aliases can multiply, and note when content is
// reached through an alias, so that an error there (yaml-cpp marks it at the
// anchor) says "via alias". Errors are collected, never thrown, and sorted
// into file order at the end.
//
// The members are defined by concept: loader_walk.cc (errors, walking),
// loader_values.cc (typed reads, free values), loader_top.cc (the top level)
// and loader_steps.cc (steps).
#ifndef STATUSSIM_HARNESS_LOADER_WALK_H_
#define STATUSSIM_HARNESS_LOADER_WALK_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "harness/loader.h"
#include "harness/scenario.h"
#include "sim/types.h"
#include "sim/value.h"

namespace statussim::harness::loader_internal {

using sim::Value;

// The keys a fixed map allows (or requires), in the order messages list them.
using Keys = std::span<const std::string_view>;

// "a, b, c" for messages.
std::string JoinKeys(Keys keys);

// At most one YAML document in `text` (yaml-cpp's LoadAll can loop forever);
// the error for a second one. Throws YAML::ParserException as YAML::Load does.
std::optional<LoadError> CheckOneDocument(const std::string& text, const std::string& file);

// Where a node (or a mark) is written, 1-based; line 0 when yaml-cpp has no mark.
Location At(const YAML::Mark& m);
Location At(const YAML::Node& n);

// Where `ok` data, `args` and other free values are converted.
enum class ValueMode {
  kArgs,    // `args`: as written, `userIDList` may splice {expand: ...}
  kOkData,  // `ok`: `statusType` normalised to 0..3, `code` an integer
};

// A map entry as the Loader hands it to a callback.
struct Entry {
  std::string key;         // the key's text
  YAML::Node key_node;     // a copy (ECOSYSTEM.md 1.5-7)
  Location key_at;         // where the key is written
  YAML::Node value;        // a copy
  Location value_at;       // where the value is written (the key's place for a null)
  std::string alias_note;  // non-empty when the value was reached through an alias
};

using EntryFn = std::function<void(const Entry&)>;
using ItemFn = std::function<void(const YAML::Node&, const Location&)>;

// One walk over one document. Not reusable.
class Loader {
 public:
  Loader(const std::string& file, const LoadOptions& options)
      : file_(file), rule_ids_(options.rule_ids.begin(), options.rule_ids.end()) {}

  void Load(const YAML::Node& root);
  Scenario& scenario() { return scenario_; }
  Location name_at() const { return name_at_; }
  std::vector<LoadError> TakeErrors();

 protected:
  // Errors and walking, typed reads and the app (also the world loader's:
  // harness/world_loader.cc derives from Loader to reuse them).
  // Errors and walking.
  void Fail(Location at, std::string reason);
  bool Visit(const Location& at);
  std::string AliasNote() const { return alias_notes_.empty() ? "" : alias_notes_.front(); }
  void ForEachEntry(const YAML::Node& map, const EntryFn& fn);
  std::vector<std::string> ForEachField(const YAML::Node& map, std::string_view what, Keys allowed,
                                        const EntryFn& fn);
  void ForEachItem(const YAML::Node& seq, const ItemFn& fn);
  void WithScope(const Entry& e, const std::function<void()>& fn);
  void UnknownKey(const Entry& e, std::string_view what, Keys allowed);
  void Require(const Location& at, std::string_view what, const std::vector<std::string>& seen,
               Keys required);

  // Typed reads; each reports its own error and returns nullopt/false.
  bool IsMap(const YAML::Node& n, const Location& at, std::string_view what);
  bool IsList(const YAML::Node& n, const Location& at, std::string_view what);
  bool CheckCollectionTag(const YAML::Node& n, const Location& at);
  std::optional<std::string> ReadString(const YAML::Node& n, const Location& at,
                                        std::string_view what);
  std::optional<std::string> ReadId(const YAML::Node& n, const Location& at, std::string_view what);
  std::optional<bool> ReadBool(const YAML::Node& n, const Location& at, std::string_view what);
  std::optional<int64_t> ReadInt(const YAML::Node& n, const Location& at, std::string_view what,
                                 int64_t min, int64_t max);
  std::optional<int64_t> ReadDuration(const YAML::Node& n, const Location& at,
                                      std::string_view what);
  std::optional<int64_t> ReadStatusType(const YAML::Node& n, const Location& at);
  std::optional<std::vector<std::string>> ReadExpand(const YAML::Node& map, const Location& at);

  // Free values (`args`, `ok`).
  std::optional<Value> ToValue(const YAML::Node& n, const Location& at, ValueMode mode, int depth);
  std::optional<Value> MapToValue(const YAML::Node& n, ValueMode mode, int depth);
  std::optional<Value> SeqToValue(const YAML::Node& n, ValueMode mode, int depth);
  std::optional<Value> UserIdListToValue(const YAML::Node& n, int depth);
  bool HasKey(const YAML::Node& map, std::string_view key);

  // Top level.
  void ReadTop(const Entry& e);
  void ReadVersion(const Entry& e);
  void ReadCovers(const Entry& e);
  void ReadStringList(const Entry& e, std::vector<std::string>* out);
  void ReadAccounts(const Entry& e);
  void AddAccount(std::string id, const Location& at, bool expanded);
  void ReadFriends(const Entry& e);
  void ReadSteps(const Entry& e);
  std::optional<AppPatch> ReadAppPatch(const Entry& e, std::string_view what);
  void ReadConsole(const Entry& e, AppPatch* patch);
  void ReadParams(const Entry& e, AppPatch* patch);

 private:
  // Steps.
  void ReadStep(const YAML::Node& n, const Location& at);
  void ReadAction(const Entry& e, Step* step);
  std::optional<std::string> ReadDevice(const Entry& e);
  void ReadLogin(const Entry& e, Step* step);
  void ReadDeviceOnly(const Entry& e, Step* step);
  void ReadDisconnect(const Entry& e, Step* step);
  void ReadCall(const Entry& e, Step* step);
  void ReadExpectEvents(const Entry& e, Step* step);
  std::optional<ExpectedItem> ReadEventItem(const YAML::Node& n, const Location& at);
  void ReadItemBody(const Entry& e, ExpectedItem* item);
  void ReadExpect(const Entry& e, Step* step);
  void ReadExpectError(const Entry& e, Expectation* x);
  void CheckEventDevices();

  std::string file_;
  std::unordered_set<std::string> rule_ids_;
  Scenario scenario_;
  Location name_at_;
  std::vector<LoadError> errors_;
  size_t dropped_errors_ = 0;
  std::vector<std::string> alias_notes_;  // a stack; the outermost alias is named
  int64_t visits_ = 0;
  bool aborted_ = false;  // the node budget ran out: stop walking
  uint64_t expanded_ids_ = 0;
  // Accounts as declared, for friends and logins; unchecked if `accounts` was broken.
  std::unordered_map<std::string, Location> accounts_;
  bool accounts_ok_ = true;
  // Devices named by action steps, and the platform each first logged in with.
  std::unordered_set<std::string> action_devices_;
  std::unordered_map<std::string, std::pair<sim::Platform, Location>> platforms_;
  struct EventDevice {
    std::string device;
    Location at;
    std::string note;
  };
  std::vector<EventDevice> event_devices_;
};

}  // namespace statussim::harness::loader_internal

#endif  // STATUSSIM_HARNESS_LOADER_WALK_H_
