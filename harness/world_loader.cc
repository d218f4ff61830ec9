// The world loader (world_loader.h): the scenario loader's walk applied to a
// world file. WorldLoader derives from the scenario Loader only to reuse its
// walking, typed reads and `app` reading (loader_walk.h); it fills a
// sim::World instead of a Scenario.
#include "harness/world_loader.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unordered_map>

#include "harness/loader_limits.h"
#include "harness/loader_walk.h"
#include "harness/yaml_scalars.h"

namespace statussim::harness {
namespace {

using loader_internal::At;
using loader_internal::Entry;
using loader_internal::Loader;
using sim::CountDist;

constexpr std::string_view kTopKeys[] = {"version",     "name",    "seed",          "accounts",
                                         "celebrities", "devices", "subscriptions", "friends",
                                         "app",         "load"};
constexpr std::string_view kTopRequired[] = {"version", "accounts"};
constexpr std::string_view kDeviceKeys[] = {"per_account", "platforms"};
constexpr std::string_view kSubscriptionKeys[] = {"per_account", "targets"};
constexpr std::string_view kFriendKeys[] = {"per_account"};
constexpr std::string_view kDistKeys[] = {"fixed", "uniform", "zipf"};
constexpr std::string_view kRangeKeys[] = {"min", "max"};
constexpr std::string_view kZipfKeys[] = {"min", "max", "exponent"};
constexpr std::string_view kCelebrityKeys[] = {"name", "subscribers", "mean_gap"};
constexpr std::string_view kCelebrityRequired[] = {"name", "subscribers"};
constexpr std::string_view kTargetKeys[] = {"zipf"};
constexpr std::string_view kLoadKeys[] = {"mean_gap", "actions", "reconnect_percent", "custom_pool",
                                          "storm",    "diurnal", "changes",           "duration"};
constexpr std::string_view kActionKeys[] = {"set", "logout", "silent_disconnect",
                                            "closing_disconnect"};
constexpr std::string_view kStormKeys[] = {"at", "over", "accounts"};
constexpr std::string_view kDiurnalKeys[] = {"period", "curve"};
constexpr int64_t kMaxCount = UINT32_MAX - 1;

class WorldLoader : public Loader {
 public:
  explicit WorldLoader(const std::string& file) : Loader(file, LoadOptions{}) {}

  void LoadWorld(const YAML::Node& root);
  sim::World& world() { return world_; }

 private:
  void ReadTopEntry(const Entry& e);
  std::optional<CountDist> ReadDist(const Entry& e, int64_t largest);
  std::optional<double> ReadNumber(const YAML::Node& n, const Location& at, std::string_view what,
                                   double min, double max);
  std::optional<uint32_t> ReadPermille(const YAML::Node& n, const Location& at,
                                       std::string_view what);
  void ReadCelebrities(const Entry& e);
  void ReadDevices(const Entry& e);
  void ReadPlatforms(const Entry& e);
  void ReadSubscriptions(const Entry& e);
  void ReadLoad(const Entry& e);
  void ReadActions(const Entry& e);
  void ReadStorm(const Entry& e);
  void ReadDiurnal(const Entry& e);
  // Checks that need the whole file (counts against the number of accounts).
  void CrossCheck();

  sim::World world_;
  // Where values that later checks may refuse were written.
  Location accounts_at_;
  std::vector<Location> celebrity_at_;
  Location subscriptions_at_;
  Location friends_at_;
  Location load_at_;
  bool has_changes_ = false;
  bool has_duration_ = false;
};

void WorldLoader::LoadWorld(const YAML::Node& root) {
  const Location top = At(root);
  if (!IsMap(root, top, "a world file")) return;
  const std::vector<std::string> seen =
      ForEachField(root, "the world", kTopKeys, [&](const Entry& e) { ReadTopEntry(e); });
  Require({1, 1}, "the world", seen, kTopRequired);
  CrossCheck();
}

void WorldLoader::ReadTopEntry(const Entry& e) {
  if (e.key == "version") {
    if (auto v = ReadInt(e.value, e.value_at, "version", 1, INT64_MAX); v && *v != 1) {
      Fail(e.value_at, fmt::format("unsupported version {}: this statussim reads version 1", *v));
    }
  } else if (e.key == "name") {
    if (auto v = ReadString(e.value, e.value_at, "name")) world_.name = *v;
  } else if (e.key == "seed") {
    if (auto v = ReadInt(e.value, e.value_at, "seed", 0, INT64_MAX)) world_.seed = *v;
  } else if (e.key == "accounts") {
    accounts_at_ = e.value_at;
    if (auto v = ReadInt(e.value, e.value_at, "accounts", 1, kMaxCount)) {
      world_.accounts = static_cast<uint32_t>(*v);
    }
  } else if (e.key == "celebrities") {
    ReadCelebrities(e);
  } else if (e.key == "devices") {
    ReadDevices(e);
  } else if (e.key == "subscriptions") {
    ReadSubscriptions(e);
  } else if (e.key == "friends") {
    if (!IsMap(e.value, e.value_at, "friends")) return;
    ForEachField(e.value, "friends", kFriendKeys, [&](const Entry& f) {
      friends_at_ = f.value_at;
      if (auto d = ReadDist(f, kMaxCount)) world_.friends = *d;
    });
  } else if (e.key == "app") {
    if (auto patch = ReadAppPatch(e, "app")) patch->ApplyTo(&world_.app);
  } else {
    ReadLoad(e);
  }
}

// A count: an integer (fixed) or a map with one of fixed / uniform / zipf.
std::optional<CountDist> WorldLoader::ReadDist(const Entry& e, int64_t largest) {
  const std::string what(e.key);
  if (e.value.IsScalar()) {
    auto v = ReadInt(e.value, e.value_at, what, 0, largest);
    if (!v) return std::nullopt;
    return CountDist::Fixed(static_cast<uint32_t>(*v));
  }
  if (!e.value.IsMap()) {
    Fail(e.value_at,
         fmt::format("{} must be a count or a map with one of {}, not {}", what,
                     loader_internal::JoinKeys(kDistKeys), loader_internal::Describe(e.value)));
    return std::nullopt;
  }
  if (!IsMap(e.value, e.value_at, what)) return std::nullopt;
  std::optional<CountDist> out;
  bool bad = false;
  const std::vector<std::string> seen = ForEachField(e.value, what, kDistKeys, [&](const Entry& f) {
    if (f.key == "fixed") {
      if (auto v = ReadInt(f.value, f.value_at, "fixed", 0, largest)) {
        out = CountDist::Fixed(static_cast<uint32_t>(*v));
      } else {
        bad = true;
      }
      return;
    }
    const bool zipf = f.key == "zipf";
    if (!IsMap(f.value, f.value_at, f.key)) {
      bad = true;
      return;
    }
    CountDist d;
    d.kind = zipf ? CountDist::Kind::kZipf : CountDist::Kind::kUniform;
    std::optional<int64_t> min, max;
    const std::vector<std::string> keys = ForEachField(
        f.value, f.key, zipf ? loader_internal::Keys(kZipfKeys) : loader_internal::Keys(kRangeKeys),
        [&](const Entry& g) {
          if (g.key == "min") {
            min = ReadInt(g.value, g.value_at, "min", 0, largest);
          } else if (g.key == "max") {
            max = ReadInt(g.value, g.value_at, "max", 0, largest);
          } else if (auto x = ReadNumber(g.value, g.value_at, "exponent", 0.01, 100)) {
            d.exponent = *x;
          } else {
            bad = true;
          }
        });
    Require(f.value_at, f.key, keys, kRangeKeys);
    if (!min || !max) {
      bad = true;
      return;
    }
    if (*min > *max) {
      Fail(f.value_at, fmt::format("{}: min ({}) is larger than max ({})", f.key, *min, *max));
      bad = true;
      return;
    }
    if (zipf && *max - *min + 1 > int64_t{sim::kMaxZipfSpan}) {
      Fail(f.value_at, fmt::format("zipf: max - min must be below {}", sim::kMaxZipfSpan));
      bad = true;
      return;
    }
    d.min = static_cast<uint32_t>(*min);
    d.max = static_cast<uint32_t>(*max);
    out = d;
  });
  if (seen.size() > 1) {
    Fail(e.value_at, fmt::format("{}: give one of {}, not several", what,
                                 loader_internal::JoinKeys(kDistKeys)));
    return std::nullopt;
  }
  if (seen.empty() && !bad) {
    Fail(e.value_at, fmt::format("{}: give one of {}", what, loader_internal::JoinKeys(kDistKeys)));
  }
  if (bad) return std::nullopt;
  return out;
}

// A number (integer or decimal) in [min, max].
std::optional<double> WorldLoader::ReadNumber(const YAML::Node& n, const Location& at,
                                              std::string_view what, double min, double max) {
  if (loader_internal::IsPlain(n)) {
    Result<sim::Value> v = loader_internal::ResolvePlain(n.Scalar());
    if (v.ok() && v.value().is_number()) {
      const double x =
          v.value().is_int() ? static_cast<double>(v.value().as_int()) : v.value().as_double();
      if (x >= min && x <= max) return x;
      Fail(at, fmt::format("{} must be from {} to {}, not {}", what, min, max, n.Scalar()));
      return std::nullopt;
    }
  }
  Fail(at, fmt::format("{} must be a number, not {}", what, loader_internal::Describe(n)));
  return std::nullopt;
}

// "80%", "12.5%" or a fraction 0.8: in permille (0..1000).
std::optional<uint32_t> WorldLoader::ReadPermille(const YAML::Node& n, const Location& at,
                                                  std::string_view what) {
  if (n.IsScalar() && !n.Scalar().empty() && n.Scalar().back() == '%') {
    const std::string number = n.Scalar().substr(0, n.Scalar().size() - 1);
    if (loader_internal::IsCoreFloat(number) || loader_internal::IsCoreInt(number)) {
      const double pct = std::strtod(number.c_str(), nullptr);
      if (pct >= 0 && pct <= 100) return static_cast<uint32_t>(std::lround(pct * 10));
    }
    Fail(at, fmt::format("{} must be a share from 0% to 100%, not {}", what,
                         loader_internal::Quote(n.Scalar())));
    return std::nullopt;
  }
  auto x = ReadNumber(n, at, std::string(what) + " (a fraction, or a share such as 80%)", 0, 1);
  if (!x) return std::nullopt;
  return static_cast<uint32_t>(std::lround(*x * 1000));
}

void WorldLoader::ReadCelebrities(const Entry& e) {
  if (!IsList(e.value, e.value_at, "celebrities")) return;
  std::unordered_map<std::string, int> first;
  ForEachItem(e.value, [&](const YAML::Node& item, const Location& at) {
    if (!IsMap(item, at, "a celebrity")) return;
    sim::Celebrity c;
    Location name_at = at;
    const std::vector<std::string> seen =
        ForEachField(item, "a celebrity", kCelebrityKeys, [&](const Entry& f) {
          if (f.key == "name") {
            name_at = f.value_at;
            if (auto v = ReadId(f.value, f.value_at, "account")) c.name = *v;
          } else if (f.key == "mean_gap") {
            if (auto d = ReadDuration(f.value, f.value_at, "mean_gap")) {
              if (*d < 1) return Fail(f.value_at, "mean_gap must be at least 1ms");
              c.mean_gap = *d;
            }
          } else if (auto v = ReadInt(f.value, f.value_at, "subscribers", 0, kMaxCount)) {
            c.subscribers = static_cast<uint32_t>(*v);
          }
        });
    Require(at, "a celebrity", seen, kCelebrityRequired);
    if (c.name.empty() || seen.size() < 2) return;
    // Regular accounts are u0, u1, ...: a celebrity may not take such a name.
    if (c.name.size() > 1 && c.name[0] == 'u' && loader_internal::IsDigits(c.name.substr(1))) {
      return Fail(name_at, fmt::format("celebrity name {} is a regular account's name (u<i>)",
                                       loader_internal::Quote(c.name)));
    }
    const auto [it, fresh] = first.emplace(c.name, name_at.line);
    if (!fresh) {
      return Fail(name_at, fmt::format("celebrity {} is named twice (first at line {})",
                                       loader_internal::Quote(c.name), it->second));
    }
    world_.celebrities.push_back(c);
    celebrity_at_.push_back(at);
  });
}

void WorldLoader::ReadDevices(const Entry& e) {
  if (!IsMap(e.value, e.value_at, "devices")) return;
  ForEachField(e.value, "devices", kDeviceKeys, [&](const Entry& f) {
    if (f.key == "per_account") {
      if (auto d = ReadDist(f, 64)) world_.devices = *d;
    } else {
      ReadPlatforms(f);
    }
  });
}

// `in-order` or a map platform -> weight.
void WorldLoader::ReadPlatforms(const Entry& e) {
  if (e.value.IsScalar() && e.value.Scalar() == "in-order") {
    world_.platforms.in_order = true;
    return;
  }
  if (!e.value.IsMap()) {
    return Fail(e.value_at, fmt::format("platforms must be in-order or a map of platform weights "
                                        "(web: 3, android: 2, ...), not {}",
                                        loader_internal::Describe(e.value)));
  }
  world_.platforms.in_order = false;
  uint64_t sum = 0;
  ForEachEntry(e.value, [&](const Entry& f) {
    const std::optional<sim::Platform> p = sim::ParsePlatform(f.key);
    if (!p) {
      return Fail(f.key_at, fmt::format("unknown platform {}; expected web, miniprogram, android, "
                                        "ios, windows, mac or ipad",
                                        loader_internal::Quote(f.key)));
    }
    if (auto w = ReadInt(f.value, f.value_at, "a platform weight", 0, 1'000'000)) {
      world_.platforms.weights[static_cast<size_t>(*p)] = static_cast<uint32_t>(*w);
      sum += static_cast<uint64_t>(*w);
    }
  });
  if (sum == 0) Fail(e.value_at, "platforms: at least one weight must be positive");
}

void WorldLoader::ReadSubscriptions(const Entry& e) {
  if (!IsMap(e.value, e.value_at, "subscriptions")) return;
  ForEachField(e.value, "subscriptions", kSubscriptionKeys, [&](const Entry& f) {
    if (f.key == "per_account") {
      subscriptions_at_ = f.value_at;
      if (auto d = ReadDist(f, kMaxCount)) world_.subscriptions = *d;
      return;
    }
    if (f.value.IsScalar() && f.value.Scalar() == "uniform") {
      world_.targets.zipf = false;
      return;
    }
    if (!f.value.IsMap()) {
      return Fail(f.value_at, fmt::format("targets must be uniform or {{zipf: EXPONENT}}, not {}",
                                          loader_internal::Describe(f.value)));
    }
    ForEachField(f.value, "targets", kTargetKeys, [&](const Entry& g) {
      if (auto x = ReadNumber(g.value, g.value_at, "zipf exponent", 0.01, 100)) {
        world_.targets.zipf = true;
        world_.targets.exponent = *x;
      }
    });
  });
}

void WorldLoader::ReadLoad(const Entry& e) {
  load_at_ = e.key_at;
  if (!IsMap(e.value, e.value_at, "load")) return;
  sim::LoadSpec& l = world_.load;
  ForEachField(e.value, "load", kLoadKeys, [&](const Entry& f) {
    if (f.key == "mean_gap") {
      if (auto d = ReadDuration(f.value, f.value_at, f.key)) {
        if (*d < 1) return Fail(f.value_at, "mean_gap must be at least 1ms");
        l.mean_gap = *d;
      }
    } else if (f.key == "actions") {
      ReadActions(f);
    } else if (f.key == "reconnect_percent") {
      if (auto v = ReadInt(f.value, f.value_at, f.key, 0, 100)) {
        l.reconnect_percent = static_cast<uint32_t>(*v);
      }
    } else if (f.key == "custom_pool") {
      if (auto v = ReadInt(f.value, f.value_at, f.key, 1, 1'000'000)) {
        l.custom_pool = static_cast<uint32_t>(*v);
      }
    } else if (f.key == "storm") {
      ReadStorm(f);
    } else if (f.key == "diurnal") {
      ReadDiurnal(f);
    } else if (f.key == "changes") {
      has_changes_ = true;
      if (auto v = ReadInt(f.value, f.value_at, f.key, 0, INT64_MAX)) {
        l.changes = static_cast<uint64_t>(*v);
      }
    } else {
      if (auto d = ReadDuration(f.value, f.value_at, f.key)) {
        l.duration = *d;
        has_duration_ = true;
      }
    }
  });
}

void WorldLoader::ReadActions(const Entry& e) {
  if (!IsMap(e.value, e.value_at, "actions")) return;
  sim::LoadSpec& l = world_.load;
  // Weights not given are 0 once the map is given.
  l.set_weight = l.logout_weight = l.silent_weight = l.closing_weight = 0;
  uint64_t sum = 0;
  ForEachField(e.value, "actions", kActionKeys, [&](const Entry& f) {
    auto v = ReadInt(f.value, f.value_at, f.key + " weight", 0, 1'000'000);
    if (!v) return;
    sum += static_cast<uint64_t>(*v);
    const auto w = static_cast<uint32_t>(*v);
    if (f.key == "set") l.set_weight = w;
    if (f.key == "logout") l.logout_weight = w;
    if (f.key == "silent_disconnect") l.silent_weight = w;
    if (f.key == "closing_disconnect") l.closing_weight = w;
  });
  if (sum == 0) Fail(e.value_at, "actions: at least one weight must be positive");
}

void WorldLoader::ReadStorm(const Entry& e) {
  if (!IsMap(e.value, e.value_at, "storm")) return;
  sim::LoadSpec& l = world_.load;
  const std::vector<std::string> seen =
      ForEachField(e.value, "storm", kStormKeys, [&](const Entry& f) {
        if (f.key == "at") {
          if (auto d = ReadDuration(f.value, f.value_at, "at")) l.storm_at = *d;
        } else if (f.key == "over") {
          if (auto d = ReadDuration(f.value, f.value_at, "over")) {
            if (*d < 1) return Fail(f.value_at, "over must be at least 1ms");
            l.storm_over = *d;
          }
        } else if (auto p = ReadPermille(f.value, f.value_at, "accounts")) {
          l.storm_permille = *p;
        }
      });
  Require(e.value_at, "storm", seen, std::span(kStormKeys).subspan(0, 1));
  Require(e.value_at, "storm", seen, std::span(kStormKeys).subspan(2, 1));
}

void WorldLoader::ReadDiurnal(const Entry& e) {
  if (!IsMap(e.value, e.value_at, "diurnal")) return;
  sim::LoadSpec& l = world_.load;
  const std::vector<std::string> seen =
      ForEachField(e.value, "diurnal", kDiurnalKeys, [&](const Entry& f) {
        if (f.key == "period") {
          if (auto d = ReadDuration(f.value, f.value_at, "period")) {
            if (*d < 1) return Fail(f.value_at, "period must be at least 1ms");
            l.diurnal_period = *d;
          }
          return;
        }
        if (!IsList(f.value, f.value_at, "curve")) return;
        if (f.value.size() < 2 || f.value.size() > 10'000) {
          return Fail(f.value_at,
                      fmt::format("curve must have 2 to 10000 points, not {}", f.value.size()));
        }
        l.diurnal_permille.clear();
        ForEachItem(f.value, [&](const YAML::Node& item, const Location& at) {
          if (auto x = ReadNumber(item, at, "a curve point (activity, 1 = mean_gap as given)",
                                  0.001, 1000)) {
            l.diurnal_permille.push_back(static_cast<uint32_t>(std::lround(*x * 1000)));
          }
        });
      });
  Require(e.value_at, "diurnal", seen, kDiurnalKeys);
}

void WorldLoader::CrossCheck() {
  const uint64_t total = uint64_t{world_.accounts} + world_.celebrities.size();
  if (total >= UINT32_MAX) {
    Fail(accounts_at_, "accounts: with the celebrities, there must be fewer than 4294967295");
    return;
  }
  for (size_t i = 0; i < world_.celebrities.size(); ++i) {
    if (world_.celebrities[i].subscribers > total - 1) {
      Fail(celebrity_at_[i],
           fmt::format("celebrity '{}' has {} subscribers but the world has only {} other "
                       "accounts",
                       world_.celebrities[i].name, world_.celebrities[i].subscribers, total - 1));
    }
  }
  // A count left at its default is blamed on `accounts`.
  if (world_.subscriptions.Largest() > total - 1) {
    Fail(subscriptions_at_.line ? subscriptions_at_ : accounts_at_,
         fmt::format("subscriptions per account{} can be at most {} (every other account), not {}",
                     subscriptions_at_.line ? "" : " (default 10)", total - 1,
                     world_.subscriptions.Largest()));
  }
  if (world_.friends.Largest() > total - 1) {
    Fail(friends_at_.line ? friends_at_ : accounts_at_,
         fmt::format("friends per account can be at most {}, not {}", total - 1,
                     world_.friends.Largest()));
  }
  if (world_.devices.Largest() * total >= UINT32_MAX) {
    Fail(accounts_at_, "accounts x devices per account must stay below 4294967295");
  }
  if (world_.targets.zipf && total > sim::kMaxZipfSpan) {
    Fail(subscriptions_at_,
         fmt::format("zipf targets need at most {} accounts", sim::kMaxZipfSpan));
  }
  if (has_duration_ && !has_changes_) world_.load.changes = 0;  // the duration alone stops it
  if (world_.load.changes == 0 && world_.load.duration == 0) {
    Fail(load_at_, "load: changes and duration are both 0: the run would never stop");
  }
}

}  // namespace

std::optional<sim::World> LoadWorldText(std::string_view text, const std::string& file,
                                        std::vector<LoadError>* errors) {
  if (text.size() > loader_internal::kMaxFileBytes) {
    errors->push_back({file, {}, fmt::format("the file is larger than 10 MiB")});
    return std::nullopt;
  }
  if (auto bad = loader_internal::CheckText(text, file)) {
    errors->push_back(std::move(*bad));
    return std::nullopt;
  }
  YAML::Node root;
  try {
    const std::string copy(text);
    if (auto e = loader_internal::CheckOneDocument(copy, file)) {
      errors->push_back(std::move(*e));
      return std::nullopt;
    }
    root = YAML::Load(copy);
    if (root.IsNull()) {
      errors->push_back({file, {}, "empty file: no world in it"});
      return std::nullopt;
    }
    WorldLoader loader(file);
    loader.LoadWorld(root);
    std::vector<LoadError> found = loader.TakeErrors();
    if (!found.empty()) {
      errors->insert(errors->end(), found.begin(), found.end());
      return std::nullopt;
    }
    return std::move(loader.world());
  } catch (const YAML::DeepRecursion& e) {
    errors->push_back({file, At(e.mark), "nesting too deep"});
  } catch (const YAML::ParserException& e) {
    errors->push_back({file, At(e.mark), "YAML syntax error: " + e.msg});
  } catch (const YAML::Exception& e) {
    errors->push_back({file, At(e.mark), "internal error while reading the YAML: " + e.msg});
  }
  return std::nullopt;
}

std::optional<sim::World> LoadWorldFile(const std::string& path, std::vector<LoadError>* errors) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    errors->push_back({path, {}, "no such file"});
    return std::nullopt;
  }
  if (fs::is_directory(st)) {
    errors->push_back({path, {}, "is a folder, not a world file"});
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string text;
  if (in) text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    errors->push_back({path, {}, fmt::format("cannot read the file: {}", std::strerror(errno))});
    return std::nullopt;
  }
  return LoadWorldText(text, path, errors);
}

}  // namespace statussim::harness
