// Shrink (harness/explore.h): greedy passes over a diverging scenario, each
// keeping a candidate only when it still diverges with the same signature.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "harness/explore.h"
#include "harness/generate.h"
#include "sim/app.h"

namespace statussim::harness {
namespace {

using sim::Value;

class Shrinker {
 public:
  Shrinker(const Scenario& s, const Divergence& d, const DivergenceCheck& check, int budget)
      : best_(s), divergence_(d), signature_(d.Signature(s)), check_(check), budget_(budget) {}

  ShrinkResult Run() {
    bool progress = true;
    while (progress && runs_ < budget_) {
      progress = false;
      progress |= CutAfterDivergence();
      progress |= DropSteps();
      progress |= MergeWaits();
      progress |= DropFriends();
      progress |= DropAccounts();
      progress |= DefaultApp();
      progress |= SimplifyArgs();
      progress |= SmallerWaits();
    }
    return ShrinkResult{std::move(best_), std::move(divergence_), runs_};
  }

 private:
  // Keeps `candidate` when it diverges the same way.
  bool Try(Scenario candidate) {
    if (runs_ >= budget_) return false;
    ++runs_;
    RecomputeDevices(&candidate);
    std::optional<Divergence> d = check_(candidate);
    if (!d || d->Signature(candidate) != signature_) return false;
    best_ = std::move(candidate);
    divergence_ = std::move(*d);
    return true;
  }

  bool CutAfterDivergence() {
    if (divergence_.step < 0) return false;
    const size_t keep = static_cast<size_t>(divergence_.step) + 1;
    if (best_.steps.size() <= keep) return false;
    Scenario c = best_;
    c.steps.resize(keep);
    return Try(std::move(c));
  }

  // ddmin over the steps: remove chunks, halving the chunk size when none
  // can go.
  bool DropSteps() {
    bool any = false;
    size_t chunks = 2;
    while (best_.steps.size() >= 1 && runs_ < budget_) {
      const size_t n = best_.steps.size();
      chunks = std::min(chunks, n);
      const size_t size = (n + chunks - 1) / chunks;
      bool removed = false;
      for (size_t start = 0; start < n; start += size) {
        Scenario c = best_;
        c.steps.erase(c.steps.begin() + static_cast<std::ptrdiff_t>(start),
                      c.steps.begin() + static_cast<std::ptrdiff_t>(std::min(n, start + size)));
        if (Try(std::move(c))) {
          removed = any = true;
          chunks = std::max<size_t>(chunks - 1, 2);
          break;
        }
      }
      if (removed) continue;
      if (chunks >= n) break;
      chunks = std::min(n, chunks * 2);
    }
    return any;
  }

  // Two waits in a row become one.
  bool MergeWaits() {
    bool any = false;
    for (size_t i = 0; i + 1 < best_.steps.size(); ++i) {
      if (best_.steps[i].kind != Step::Kind::kWait || best_.steps[i + 1].kind != Step::Kind::kWait) {
        continue;
      }
      Scenario c = best_;
      c.steps[i].wait += c.steps[i + 1].wait;
      c.steps.erase(c.steps.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      if (Try(std::move(c))) any = true;
    }
    return any;
  }

  bool DropFriends() {
    bool any = false;
    for (size_t i = best_.friends.size(); i-- > 0;) {
      Scenario c = best_;
      c.friends.erase(c.friends.begin() + static_cast<std::ptrdiff_t>(i));
      if (Try(std::move(c))) any = true;
    }
    return any;
  }

  // Accounts no login and no friendship names (an ID in a list then names
  // an unknown account, which the check judges).
  bool DropAccounts() {
    bool any = false;
    for (size_t i = best_.accounts.size(); i-- > 0;) {
      const std::string& a = best_.accounts[i];
      const bool used =
          std::any_of(best_.steps.begin(), best_.steps.end(),
                      [&](const Step& s) { return s.kind == Step::Kind::kLogin && s.user == a; }) ||
          std::any_of(best_.friends.begin(), best_.friends.end(),
                      [&](const auto& f) { return f.first == a || f.second == a; });
      if (used) continue;
      Scenario c = best_;
      c.accounts.erase(c.accounts.begin() + static_cast<std::ptrdiff_t>(i));
      if (Try(std::move(c))) any = true;
    }
    return any;
  }

  bool DefaultApp() {
    bool any = false;
    const sim::App defaults;
    auto attempt = [&](auto&& change) {
      Scenario c = best_;
      change(&c);
      if (Try(std::move(c))) any = true;
    };
    if (best_.app.premium != defaults.premium) {
      attempt([&](Scenario* c) { c->app.premium = defaults.premium; });
    }
    if (best_.app.console.status_query_and_notify != defaults.console.status_query_and_notify) {
      attempt([&](Scenario* c) {
        c->app.console.status_query_and_notify = defaults.console.status_query_and_notify;
      });
    }
    if (best_.app.console.friend_status_notify != defaults.console.friend_status_notify) {
      attempt([&](Scenario* c) {
        c->app.console.friend_status_notify = defaults.console.friend_status_notify;
      });
    }
    if (best_.app.console.web_max_instances != defaults.console.web_max_instances) {
      attempt([&](Scenario* c) {
        c->app.console.web_max_instances = defaults.console.web_max_instances;
      });
    }
    for (const sim::ParamInfo& p : sim::AllParams()) {
      if (best_.app.params.*(p.field) == defaults.params.*(p.field)) continue;
      attempt([&](Scenario* c) { c->app.params.*(p.field) = defaults.params.*(p.field); });
    }
    // A configure step's changes, one at a time.
    for (size_t i = 0; i < best_.steps.size(); ++i) {
      if (best_.steps[i].kind != Step::Kind::kConfigure) continue;
      const AppPatch& p = best_.steps[i].configure;
      const int changes = p.premium.has_value() + p.status_query_and_notify.has_value() +
                          p.friend_status_notify.has_value() + p.web_max_instances.has_value() +
                          static_cast<int>(p.params.size());
      if (changes < 2) continue;  // dropping the step is DropSteps' job
      if (p.premium) attempt([&](Scenario* c) { c->steps[i].configure.premium.reset(); });
      if (p.status_query_and_notify) {
        attempt([&](Scenario* c) { c->steps[i].configure.status_query_and_notify.reset(); });
      }
      if (p.friend_status_notify) {
        attempt([&](Scenario* c) { c->steps[i].configure.friend_status_notify.reset(); });
      }
      if (p.web_max_instances) {
        attempt([&](Scenario* c) { c->steps[i].configure.web_max_instances.reset(); });
      }
      for (size_t k = best_.steps[i].configure.params.size(); k-- > 0;) {
        attempt([&](Scenario* c) {
          auto& ps = c->steps[i].configure.params;
          ps.erase(ps.begin() + static_cast<std::ptrdiff_t>(k));
        });
      }
    }
    return any;
  }

  // The longest prefix of `s` of at most `bytes` bytes that ends on a UTF-8
  // character boundary.
  static std::string Prefix(const std::string& s, size_t bytes) {
    while (bytes > 0 && bytes < s.size() && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) {
      --bytes;
    }
    return s.substr(0, bytes);
  }

  bool SimplifyArgs() {
    bool any = false;
    for (size_t i = 0; i < best_.steps.size(); ++i) {
      if (best_.steps[i].kind != Step::Kind::kCall || !best_.steps[i].args) continue;
      // List items, last first.
      if (const Value* list = best_.steps[i].args->Find("userIDList"); list && list->is_array()) {
        for (size_t k = list->as_array().size(); k-- > 0;) {
          if (k >= best_.steps[i].args->Find("userIDList")->as_array().size()) continue;
          Scenario c = best_;
          auto& items = c.steps[i].args->Find("userIDList")->as_array();
          items.erase(items.begin() + static_cast<std::ptrdiff_t>(k));
          if (Try(std::move(c))) any = true;
        }
      }
      // Status text: empty, else halves, else one character less.
      for (int round = 0; round < 64; ++round) {
        const Value* text = best_.steps[i].args->Find("customStatus");
        if (!text || !text->is_string() || text->as_string().empty()) break;
        const std::string s = text->as_string();
        bool shorter = false;
        for (size_t bytes : {size_t{0}, s.size() / 2, s.size() - 1}) {
          const std::string p = Prefix(s, bytes);
          if (p.size() >= s.size()) continue;
          Scenario c = best_;
          c.steps[i].args->Set("customStatus", Value(p));
          if (Try(std::move(c))) {
            shorter = any = true;
            break;
          }
        }
        if (!shorter) break;
      }
    }
    return any;
  }

  // Each wait as small as it can be: a binary search, assuming that what
  // diverges at a wait of w diverges at any longer one too.
  bool SmallerWaits() {
    bool any = false;
    for (size_t i = 0; i < best_.steps.size(); ++i) {
      if (best_.steps[i].kind != Step::Kind::kWait) continue;
      Millis lo = 0;  // known not to work (or untried)
      Millis hi = best_.steps[i].wait;
      while (hi - lo > 1 && runs_ < budget_) {
        const Millis mid = lo + (hi - lo) / 2;
        Scenario c = best_;
        c.steps[i].wait = mid;
        if (Try(std::move(c))) {
          hi = mid;
          any = true;
        } else {
          lo = mid;
        }
      }
    }
    return any;
  }

  Scenario best_;
  Divergence divergence_;
  std::string signature_;
  const DivergenceCheck& check_;
  int budget_;
  int runs_ = 0;
};

}  // namespace

ShrinkResult Shrink(const Scenario& scenario, const Divergence& divergence,
                    const DivergenceCheck& check, int budget) {
  return Shrinker(scenario, divergence, check, budget).Run();
}

}  // namespace statussim::harness
