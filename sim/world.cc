#include "sim/world.h"

#include <algorithm>

namespace statussim::sim {
namespace {

// The streams of sim/workload.cc (1-3, same derivation), then this file's own.
enum Stream : uint64_t {
  kFriendStream = 1,
  kSubscriptionStream = 2,
  kDeviceCountStream = 4,
  kPlatformStream = 5,
  kFriendCountStream = 6,
  kSubscriptionCountStream = 7,
  kCelebrityStream = 8,
  kStormStream = 9,
};
uint64_t StreamSeed(uint64_t seed, Stream s) { return seed * 0x9E3779B97F4A7C15ULL + s; }

// Draws a platform for a device of an account that already uses `used`
// (a bit per Platform): a native platform in use gives web (SES-5).
Platform DrawPlatform(const PlatformMix& mix, uint32_t total_weight, Rng* rng, uint32_t* used) {
  uint64_t roll = rng->Below(total_weight);
  auto p = Platform::kWeb;
  for (int i = 0; i < kPlatformCount; ++i) {
    if (roll < mix.weights[i]) {
      p = static_cast<Platform>(i);
      break;
    }
    roll -= mix.weights[i];
  }
  const uint32_t bit = 1u << static_cast<uint32_t>(p);
  if (!IsWebLike(p) && (*used & bit) != 0) return Platform::kWeb;
  *used |= bit;
  return p;
}

std::string CheckDist(const CountDist& d, const std::string& key, uint64_t largest) {
  if (d.kind == CountDist::Kind::kFixed) {
    if (d.value > largest) return key + ": at most " + std::to_string(largest);
    return "";
  }
  if (d.min > d.max) return key + ": min must not exceed max";
  if (d.max > largest) return key + ": max must be at most " + std::to_string(largest);
  if (d.kind == CountDist::Kind::kZipf) {
    if (!(d.exponent > 0) || d.exponent > 100) return key + ": exponent must be in (0, 100]";
    if (d.max - d.min + 1 > kMaxZipfSpan) {
      return key + ": max - min must be below " + std::to_string(kMaxZipfSpan);
    }
  }
  return "";
}

}  // namespace

App World::DefaultWorldApp() {
  App app;
  app.premium = true;
  app.console.status_query_and_notify = true;
  app.console.friend_status_notify = true;
  return app;
}

World UniformWorld(const WorldSpec& ws, Millis mean_gap, uint64_t changes) {
  World w;
  w.seed = ws.seed;
  w.accounts = ws.accounts;
  w.devices = CountDist::Fixed(ws.devices_per_account);
  w.subscriptions = CountDist::Fixed(ws.subscriptions_per_account);
  w.friends = CountDist::Fixed(ws.friends_per_account);
  w.load.mean_gap = mean_gap;
  w.load.changes = changes;
  return w;
}

std::vector<std::string> Validate(const World& w) {
  std::vector<std::string> out;
  auto add = [&](const std::string& m) {
    if (!m.empty()) out.push_back(m);
  };
  const uint64_t total = uint64_t{w.accounts} + w.celebrities.size();
  if (w.accounts < 1) add("accounts: at least 1");
  if (total >= UINT32_MAX) add("accounts: with the celebrities, below 4294967295");
  add(CheckDist(w.devices, "devices", 64));
  if (w.devices.Largest() * total >= UINT32_MAX) {
    add("devices: accounts x devices must stay below 4294967295");
  }
  add(CheckDist(w.subscriptions, "subscriptions", total > 0 ? total - 1 : 0));
  add(CheckDist(w.friends, "friends", total > 0 ? total - 1 : 0));
  if (!w.platforms.in_order) {
    uint64_t sum = 0;
    for (uint32_t x : w.platforms.weights) sum += x;
    if (sum == 0) add("devices.platforms: at least one weight must be positive");
  }
  if (w.targets.zipf && (!(w.targets.exponent > 0) || w.targets.exponent > 100)) {
    add("subscriptions.targets: exponent must be in (0, 100]");
  }
  if (w.targets.zipf && total > kMaxZipfSpan)
    add("subscriptions.targets: zipf needs fewer accounts");
  for (size_t i = 0; i < w.celebrities.size(); ++i) {
    const Celebrity& c = w.celebrities[i];
    if (c.subscribers > total - 1) {
      add("celebrities: '" + c.name + "' can have at most " + std::to_string(total - 1) +
          " subscribers (every other account)");
    }
  }
  const LoadSpec& l = w.load;
  if (l.mean_gap < 1) add("load.mean_gap: at least 1 ms");
  if (uint64_t{l.set_weight} + l.logout_weight + l.silent_weight + l.closing_weight == 0) {
    add("load.actions: at least one weight must be positive");
  }
  if (l.reconnect_percent > 100) add("load.reconnect_percent: at most 100");
  if (l.custom_pool < 1) add("load.custom_pool: at least 1");
  if (l.storm_permille > 1000) add("load.storm.accounts: at most 100%");
  if (l.storm_permille > 0 && l.storm_over < 1) add("load.storm.over: at least 1 ms");
  if (l.diurnal_period > 0 && l.diurnal_permille.size() < 2) {
    add("load.diurnal.curve: at least 2 points");
  }
  if (l.changes == 0 && l.duration == 0) add("load: give changes or duration (when to stop)");
  return out;
}

App EffectiveApp(const World& w) {
  App app = w.app;
  app.console.web_max_instances =
      std::max<int64_t>(app.console.web_max_instances, std::max<uint32_t>(1, w.devices.Largest()));
  app.params.subscription_cap = std::max<int64_t>(
      app.params.subscription_cap,
      int64_t{w.subscriptions.Largest()} + static_cast<int64_t>(w.celebrities.size()));
  return app;
}

std::string AccountName(const World& w, uint32_t a) {
  return a < w.accounts ? WorldAccountName(a) : w.celebrities[a - w.accounts].name;
}

WorldLayout BuildWorld(Backend* backend, const World& w, const Progress& progress,
                       const PhaseDone& phase_done) {
  const uint32_t n = w.total_accounts();
  WorldLayout layout;
  auto done = [&](const char* phase) {
    if (phase_done != nullptr) phase_done(phase);
  };
  // Rough weights of the phases, for the progress callback.
  const double total = static_cast<double>(n) *
                           (3 + w.devices.Mean() + w.friends.Mean() + 2 * w.subscriptions.Mean()) +
                       1;
  double work = 0;
  auto tick = [&](double add, uint64_t i) {
    work += add;
    if (progress != nullptr && (i & 0xFFFF) == 0) progress(std::min(1.0, work / total));
  };

  // Devices per account and the storm's accounts.
  layout.first_device.resize(size_t{n} + 1);
  layout.offline.assign(n, 0);
  {
    const CountSampler counts(w.devices);
    Rng rng(StreamSeed(w.seed, kDeviceCountStream));
    Rng storm(StreamSeed(w.seed, kStormStream));
    DeviceId next = 0;
    for (uint32_t a = 0; a < n; ++a) {
      layout.first_device[a] = next;
      next += counts.Draw(&rng);
      if (w.load.storm_permille > 0) layout.offline[a] = storm.Below(1000) < w.load.storm_permille;
    }
    layout.first_device[n] = next;
    if (w.devices.kind == CountDist::Kind::kFixed) layout.fixed_devices = w.devices.value;
  }
  backend->Reserve(n, layout.devices());
  for (uint32_t a = 0; a < n; ++a) {
    backend->AddAccount(AccountName(w, a));
    tick(2, a);
  }
  done("accounts");

  // Logins (the storm's accounts stay logged out).
  layout.platform.resize(layout.devices());
  {
    Rng rng(StreamSeed(w.seed, kPlatformStream));
    uint32_t weight_sum = 0;
    for (uint32_t x : w.platforms.weights) weight_sum += x;
    for (uint32_t a = 0; a < n; ++a) {
      uint32_t used = 0;
      const uint32_t count = layout.DeviceCount(a);
      for (uint32_t j = 0; j < count; ++j) {
        const DeviceId d = layout.first_device[a] + j;
        const Platform p = w.platforms.in_order
                               ? WorldPlatform(j)
                               : DrawPlatform(w.platforms, weight_sum, &rng, &used);
        layout.platform[d] = static_cast<uint8_t>(p);
        if (layout.offline[a] == 0) backend->Login(d, a, p);
      }
      tick(count, a);
    }
  }
  done("logins");

  // Friends: about F/2 pairs started by each account; an odd F alternates.
  if (n >= 2) {
    const CountSampler counts(w.friends);
    Rng count_rng(StreamSeed(w.seed, kFriendCountStream));
    Rng rng(StreamSeed(w.seed, kFriendStream));
    for (uint32_t a = 0; a < n; ++a) {
      const uint32_t f = counts.Draw(&count_rng);
      const uint32_t pairs = f / 2 + (f % 2 & (a % 2));
      for (uint32_t j = 0; j < pairs; ++j) {
        auto b = static_cast<AccountId>(rng.Below(n - 1));
        if (b >= a) ++b;
        backend->AddFriends(a, b);
      }
      tick(f, a);
    }
  }
  done("friends");

  // Subscriptions: K drawn per account, targets uniform or by popularity.
  if (n >= 2) {
    const CountSampler counts(w.subscriptions);
    Rng count_rng(StreamSeed(w.seed, kSubscriptionCountStream));
    Rng rng(StreamSeed(w.seed, kSubscriptionStream));
    std::vector<double> popularity;  // cumulative weights of accounts 0..n-1
    if (w.targets.zipf) {
      popularity = CountSampler::ZipfTable(n, w.targets.exponent);
    }
    std::vector<AccountId> targets;
    for (uint32_t s = 0; s < n; ++s) {
      targets.resize(counts.Draw(&count_rng));
      for (AccountId& t : targets) {
        if (w.targets.zipf) {
          t = static_cast<AccountId>(CountSampler::DrawFromTable(popularity, &rng));
          if (t == s) t = (t + 1) % n;
        } else {
          t = static_cast<AccountId>(rng.Below(n - 1));
          if (t >= s) ++t;
        }
      }
      backend->SubscribeAccounts(s, targets);  // a repeat is a re-subscribe (SUB-9)
      tick(2.0 * static_cast<double>(targets.size()), s);
    }
  }
  done("subscriptions");

  // Celebrities: N distinct subscribers each, by selection sampling (Knuth's
  // algorithm S) over the other accounts in index order.
  {
    Rng rng(StreamSeed(w.seed, kCelebrityStream));
    for (size_t j = 0; j < w.celebrities.size(); ++j) {
      const auto c = static_cast<AccountId>(w.accounts + j);
      uint64_t needed = std::min<uint64_t>(w.celebrities[j].subscribers, n - 1);
      uint64_t remaining = n - 1;
      for (uint32_t s = 0; s < n && needed > 0; ++s) {
        if (s == c) continue;
        if (rng.Below(remaining) < needed) {
          backend->SubscribeAccount(s, c);
          --needed;
        }
        --remaining;
      }
    }
  }
  done("celebrities");
  for (uint32_t a = 0; a < n; ++a) layout.subscriptions += backend->SubscriptionsOf(a).size();
  if (progress != nullptr) progress(1.0);
  return layout;
}

}  // namespace statussim::sim
