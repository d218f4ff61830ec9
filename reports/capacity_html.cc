// The capacity report as one self-contained HTML page (reports/capacity.h):
// inline CSS and inline SVG, no script, nothing loaded from elsewhere. The
// first screen holds the planner's numbers (tiles); the plots follow:
// deliveries and changes per virtual second over time (mean, p99 and max
// per second in each plotted interval), deliveries per change (log-log
// histogram), top accounts by fan-out, pending timers, memory over the
// build, and the wall-time split.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "reports/capacity.h"
#include "reports/format_internal.h"

namespace statussim::reports {
namespace {

using internal::EscapeHtml;

constexpr std::string_view kStyle = R"css(
:root{--line:#d0d7de;--muted:#57606a;--bg:#f6f8fa;--mean:#0969da;--p99:#bf8700;--max:#cf222e}
*{box-sizing:border-box}
body{margin:0;padding:20px 24px;background:var(--bg);color:#1f2328;
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
h1{margin:0 0 2px;font-size:24px}
h2{font-size:16px;margin:0 0 8px}
.meta{margin:0 0 14px;color:var(--muted)}
code{font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12px}
.tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin-bottom:16px}
.tile{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.tile .n{display:block;font-size:24px;font-weight:700;line-height:1.15}
.tile .l{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.tile .s{display:block;font-size:12px;color:var(--muted)}
.tile.hot{border-left:6px solid var(--max)}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:14px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.wide{grid-column:1 / span 2}
table{border-collapse:collapse;width:100%;font-size:13px}
td,th{padding:3px 8px;border-bottom:1px solid #eaeef2;text-align:right}
td:first-child,th:first-child{text-align:left}
th{color:var(--muted);font-weight:600}
.kv td{text-align:left}
.kv td:first-child{color:var(--muted);width:40%}
svg text{font:11px system-ui,"DejaVu Sans",sans-serif;fill:#57606a}
.legend span{display:inline-block;margin-right:12px;font-size:12px}
.legend i{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:4px}
)css";

// 1234567 -> "1.23M"; small numbers as they are.
std::string Human(double v) {
  const double a = std::fabs(v);
  if (a >= 1e9) return fmt::format("{:.3g}G", v / 1e9);
  if (a >= 1e6) return fmt::format("{:.3g}M", v / 1e6);
  if (a >= 1e4) return fmt::format("{:.3g}k", v / 1e3);
  if (a >= 100 || v == std::floor(v)) return fmt::format("{:.0f}", v);
  return fmt::format("{:.3g}", v);
}

std::string Bytes(uint64_t b) { return fmt::format("{:.1f} MB", static_cast<double>(b) / 1e6); }

std::string Seconds(double s) {
  if (s >= 3600) return fmt::format("{:.2f} h", s / 3600);
  if (s >= 120) return fmt::format("{:.1f} min", s / 60);
  return fmt::format("{:.2f} s", s);
}

// A round step (1, 2 or 5 times a power of ten) that splits [0, top] into at most 5 parts.
double NiceStep(double top) {
  const double raw = std::max(top, 1e-9) / 5;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= raw) return m * p;
  }
  return 10 * p;
}

// An axis label: integers as Human does, small values with two decimals.
std::string AxisLabel(double v) {
  return std::fabs(v) < 10 && v != std::floor(v) ? fmt::format("{:.2f}", v) : Human(v);
}

struct Line {
  std::string label;
  std::string color;
  std::vector<double> y;
  bool dashed = false;
};

// One plot: x in [x0, x1], lines over it; log y when asked (values <= 0 sit
// on the axis).
std::string Plot(const std::vector<double>& x, const std::vector<Line>& lines,
                 const std::string& x_label, bool log_y, double mark_x = -1,
                 const std::string& mark_label = "") {
  const int width = 560, height = 230;
  const double left = 56, right = 12, top = 10, bottom = 34;
  const double w = width - left - right;
  const double h = height - top - bottom;
  double x0 = x.empty() ? 0 : x.front();
  double x1 = x.empty() ? 1 : x.back();
  if (x1 <= x0) x1 = x0 + 1;
  double ymax = 0;
  for (const Line& l : lines) {
    for (double v : l.y) ymax = std::max(ymax, v);
  }
  double lo = 0;
  const double ystep = NiceStep(ymax > 0 ? ymax : 1);
  double hi = std::max(1.0, std::ceil(ymax / ystep)) * ystep;
  if (log_y) {
    lo = 0;  // log10(1)
    hi = std::max(1.0, std::ceil(std::log10(std::max(ymax, 1.0)) + 1e-9));
  }
  auto px = [&](double v) { return left + (v - x0) / (x1 - x0) * w; };
  auto py = [&](double v) {
    const double t = log_y ? (v > 1 ? std::log10(v) : 0) : v;
    return top + h - (t - lo) / (hi - lo) * h;
  };
  std::string s =
      fmt::format(R"(<svg viewBox="0 0 {} {}" width="100%" role="img">)", width, height);
  // Y grid and labels.
  std::vector<double> ticks;
  if (log_y) {
    for (double e = lo; e <= hi + 1e-9; e += 1) ticks.push_back(std::pow(10.0, e));
  } else {
    for (double t = 0; t <= hi + ystep / 2; t += ystep) ticks.push_back(t);
  }
  for (double t : ticks) {
    const double y = py(t);
    s += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#eaeef2"/>)",
                     left, y, left + w, y);
    s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="end">{}</text>)", left - 5, y + 4,
                     Human(t));
  }
  const double xstep = NiceStep(x1 - x0);
  for (double v = std::ceil(x0 / xstep) * xstep; v <= x1 + xstep / 1000; v += xstep) {
    s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)", px(v),
                     top + h + 15, AxisLabel(v));
  }
  s += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle">{}</text>)", left + w / 2,
                   height - 2, EscapeHtml(x_label + (log_y ? " (log scale)" : "")));
  s += fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="{:.1f}" fill="none" )"
                   R"(stroke="#d0d7de"/>)",
                   left, top, w, h);
  if (mark_x >= x0 && mark_x <= x1) {
    s += fmt::format(
        R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2:.1f}" stroke="#57606a" )"
        R"(stroke-dasharray="4 3"/><text x="{3:.1f}" y="{4}" text-anchor="end">{5}</text>)",
        px(mark_x), top, top + h, px(mark_x) - 4, top + 12, EscapeHtml(mark_label));
  }
  for (const Line& l : lines) {
    std::string points;
    for (size_t i = 0; i < l.y.size() && i < x.size(); ++i) {
      points += fmt::format("{:.1f},{:.1f} ", px(x[i]), py(l.y[i]));
    }
    s += fmt::format(
        R"(<polyline fill="none" stroke="{}" stroke-width="{}"{} points="{}"><title>{}</title></polyline>)",
        l.color, l.dashed ? 2.5 : 1.5, l.dashed ? R"( stroke-dasharray="5 3")" : "", points,
        EscapeHtml(l.label));
  }
  return s + "</svg>";
}

std::string Legend(const std::vector<Line>& lines) {
  std::string s = R"(<div class="legend">)";
  for (const Line& l : lines) {
    s += fmt::format(R"(<span><i style="background:{}{}"></i>{}</span>)", l.color,
                     l.dashed ? ";height:2px;border-top:1px dashed #fff" : "", EscapeHtml(l.label));
  }
  return s + "</div>";
}

// A per-second series plotted in at most ~240 intervals: mean, p99 and max
// per second within each interval (one line when an interval is a second).
std::string SeriesCard(const std::string& title, const std::vector<uint64_t>& series) {
  const SeriesStats all = StatsOf(series);
  const size_t n = series.size();
  const size_t per = std::max<size_t>(1, (n + 239) / 240);
  std::vector<double> x;
  Line mean{"mean per second", "#0969da", {}};
  Line p99{"p99 per second", "#bf8700", {}, true};
  Line max{"max per second", "#cf222e", {}};
  for (size_t i = 0; i < n; i += per) {
    std::vector<uint64_t> part(series.begin() + static_cast<ptrdiff_t>(i),
                               series.begin() + static_cast<ptrdiff_t>(std::min(n, i + per)));
    const SeriesStats st = StatsOf(part);
    x.push_back(static_cast<double>(i));
    mean.y.push_back(st.mean);
    p99.y.push_back(static_cast<double>(st.p99));
    max.y.push_back(static_cast<double>(st.max));
  }
  std::vector<Line> lines;
  if (per == 1) {
    max.label = "per second";
    lines = {max};
  } else {
    // Drawn in this order: p99 (dashed) under the max, which it often
    // equals when an interval holds few seconds.
    lines = {p99, mean, max};
  }
  const bool log_y = all.max > 30 * std::max(1.0, all.mean);
  std::string s = fmt::format(R"(<div class="card"><h2>{}</h2>)", EscapeHtml(title));
  s += fmt::format(R"(<p class="meta">over the run: mean {} · p99 {} · max {} (at {} s){}</p>)",
                   Human(all.mean), Human(static_cast<double>(all.p99)),
                   Human(static_cast<double>(all.max)), all.max_at,
                   per > 1 ? fmt::format(" · each point: {} s", per) : "");
  s += Plot(x, lines, "virtual seconds since the run began", log_y);
  return s + Legend(per == 1 ? lines : std::vector<Line>{max, p99, mean}) + "</div>";
}

std::string HistogramCard(const CapacityReport& r) {
  const std::vector<uint64_t>& h = r.fanout_histogram;
  size_t last = 0;
  for (size_t k = 0; k < h.size(); ++k) {
    if (h[k] > 0) last = k;
  }
  uint64_t top = 1;
  for (uint64_t v : h) top = std::max(top, v);
  const double decades = std::max(1.0, std::ceil(std::log10(static_cast<double>(top)) + 1e-9));
  const int width = 560, height = 230;
  const double left = 56, bottom = 40, topm = 10;
  const double w = width - left - 12, hh = height - topm - bottom;
  const double bw = w / static_cast<double>(last + 1);
  std::string s = R"(<div class="card"><h2>Deliveries per change</h2>)";
  s += fmt::format(R"(<p class="meta">changes by how many items each pushed (log-log); )"
                   R"(largest single change: {} deliveries</p>)",
                   Human(static_cast<double>(r.max_fanout)));
  s += fmt::format(R"(<svg viewBox="0 0 {} {}" width="100%">)", width, height);
  for (int e = 0; e <= static_cast<int>(decades); ++e) {
    const double y = topm + hh - e / decades * hh;
    s += fmt::format(R"(<line x1="{}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#eaeef2"/>)",
                     left, y, left + w, y);
    s += fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end">{}</text>)", left - 5, y + 4,
                     Human(std::pow(10.0, e)));
  }
  for (size_t k = 0; k <= last; ++k) {
    const double v = h[k] > 0 ? (std::log10(static_cast<double>(h[k])) + 0.3) / (decades + 0.3) : 0;
    const double bh = std::min(1.0, v) * hh;
    const double x = left + bw * static_cast<double>(k);
    const std::string range =
        k == 0   ? "0"
        : k == 1 ? "1"
                 : fmt::format("{}-{}", Human(std::pow(2.0, k - 1)), Human(std::pow(2.0, k) - 1));
    s += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#0969da">)"
                     R"(<title>{} deliveries: {} changes</title></rect>)",
                     x + 1, topm + hh - bh, std::max(1.0, bw - 2), bh, range, h[k]);
    if (k % std::max<size_t>(1, (last + 1) / 8) == 0) {
      s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)", x + bw / 2,
                       topm + hh + 14, k == 0 ? "0" : Human(std::pow(2.0, k - 1)));
    }
  }
  s += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle">deliveries of one change )"
                   R"((bins doubling; count axis log scale)</text>)",
                   left + w / 2, height - 4);
  return s + "</svg></div>";
}

std::string TopCard(const CapacityReport& r) {
  std::string s = R"(<div class="card"><h2>Top accounts by fan-out</h2><table><tr><th>account</th>)"
                  R"(<th>subscribers</th><th>friends</th><th>changes</th><th>deliveries</th>)"
                  R"(<th>per change</th><th style="width:30%"></th></tr>)";
  const uint64_t top = r.top.empty() ? 1 : std::max<uint64_t>(1, r.top.front().deliveries);
  for (const TopAccount& t : r.top) {
    const double share = static_cast<double>(t.deliveries) / static_cast<double>(top);
    s += fmt::format(
        R"(<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>)"
        R"(<td><svg viewBox="0 0 100 8" width="100%" height="10" preserveAspectRatio="none" )"
        R"(><rect width="{:.1f}" height="8" fill="#cf222e"/>)"
        R"(</svg></td></tr>)",
        EscapeHtml(t.name), Human(static_cast<double>(t.subscribers)),
        Human(static_cast<double>(t.friends)), Human(static_cast<double>(t.changes)),
        Human(static_cast<double>(t.deliveries)),
        t.changes ? Human(static_cast<double>(t.deliveries) / static_cast<double>(t.changes)) : "-",
        share * 100);
  }
  return s + "</table></div>";
}

std::string PendingCard(const CapacityReport& r) {
  const size_t n = r.pending_per_s.size();
  const size_t per = std::max<size_t>(1, (n + 239) / 240);
  std::vector<double> x;
  Line max{"most pending timers in the interval", "#8250df", {}};
  for (size_t i = 0; i < n; i += per) {
    uint64_t m = 0;
    for (size_t j = i; j < std::min(n, i + per); ++j) m = std::max(m, r.pending_per_s[j]);
    x.push_back(static_cast<double>(i));
    max.y.push_back(static_cast<double>(m));
  }
  std::string s = R"(<div class="card"><h2>Pending timers</h2>)";
  s += fmt::format(R"(<p class="meta">peak {} at {:.1f} s: the backend's timers (heartbeat )"
                   R"(notices SES-6, expiries STA-5, clears CLR-1/CLR-4), most per second</p>)",
                   Human(static_cast<double>(r.peak_pending)),
                   static_cast<double>(r.peak_pending_at_ms) / 1000);
  return s + Plot(x, {max}, "virtual seconds since the run began", false) + "</div>";
}

std::string MemoryCard(const CapacityReport& r) {
  std::vector<double> x;
  Line rss{"resident memory (MB)", "#1a7f37", {}};
  for (const MemorySample& m : r.memory) {
    x.push_back(m.seconds);
    rss.y.push_back(static_cast<double>(m.rss) / 1e6);
  }
  std::string s = R"(<div class="card"><h2>Memory over the build</h2>)";
  // The last sample is the end of the run; the dashed line is the build's end.
  std::string phases;
  for (const MemorySample& m : r.memory) {
    if (m.phase.empty()) continue;
    if (!phases.empty()) phases += " · ";
    phases += fmt::format("{} {} at {}", EscapeHtml(m.phase), Bytes(m.rss), Seconds(m.seconds));
  }
  s += fmt::format(R"(<p class="meta">MB resident against wall seconds; {}</p>)", phases);
  return s +
         Plot(x, {rss}, "wall seconds since the build began (MB resident)", false, r.build_s,
              "build done") +
         "</div>";
}

std::string WallCard(const CapacityReport& r) {
  const double total = std::max(1e-9, r.build_s + r.run_s + r.report_s);
  const struct {
    const char* name;
    double s;
    const char* color;
  } parts[] = {{"build", r.build_s, "#0969da"},
               {"run", r.run_s, "#cf222e"},
               {"report", r.report_s, "#bf8700"}};
  std::string s = R"(<div class="card"><h2>Wall-time split</h2>)";
  s += R"(<svg viewBox="0 0 560 40" width="100%">)";
  double x = 0;
  for (const auto& p : parts) {
    const double w = p.s / total * 560;
    s += fmt::format(R"(<rect x="{:.1f}" y="4" width="{:.1f}" height="24" fill="{}">)"
                     R"(<title>{} {}</title></rect>)",
                     x, w, p.color, p.name, Seconds(p.s));
    x += w;
  }
  s += "</svg><div class=\"legend\">";
  for (const auto& p : parts) {
    s += fmt::format(R"(<span><i style="background:{}"></i>{} {} ({:.0f}%)</span>)", p.color,
                     p.name, Seconds(p.s), p.s / total * 100);
  }
  return s + "</div></div>";
}

std::string KeyValues(const std::string& title,
                      const std::vector<std::pair<std::string, std::string>>& kv) {
  std::string s = fmt::format(R"(<div class="card"><h2>{}</h2><table class="kv">)", title);
  for (const auto& [k, v] : kv) {
    s += fmt::format("<tr><td>{}</td><td><code>{}</code></td></tr>", EscapeHtml(k), EscapeHtml(v));
  }
  return s + "</table></div>";
}

std::string Tile(const std::string& label, const std::string& value, const std::string& sub,
                 bool hot = false) {
  return fmt::format(R"(<div class="tile{}"><span class="l">{}</span><span class="n">{}</span>)"
                     R"(<span class="s">{}</span></div>)",
                     hot ? " hot" : "", EscapeHtml(label), EscapeHtml(value), EscapeHtml(sub));
}

}  // namespace

std::string CapacityHtml(const CapacityReport& r) {
  const SeriesStats dps = StatsOf(r.deliveries_per_s);
  const SeriesStats cps = StatsOf(r.changes_per_s);
  const double per_change =
      r.changes ? static_cast<double>(r.deliveries - r.kicks) / static_cast<double>(r.changes) : 0;
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  s += fmt::format("<title>Capacity: {}</title><style>{}</style></head><body>",
                   EscapeHtml(r.world_name), kStyle);
  s += fmt::format("<h1>Capacity report: {}</h1>", EscapeHtml(r.world_name));
  s += fmt::format(
      R"(<p class="meta">{} · seed {} · {} virtual · log hash <code>{}</code> · delivery hash <code>{}</code></p>)",
      r.world_file.empty() ? "world from flags" : "<code>" + EscapeHtml(r.world_file) + "</code>",
      r.seed, Seconds(static_cast<double>(r.virtual_ms) / 1000), EscapeHtml(r.log_hash),
      EscapeHtml(r.delivery_hash));
  s += R"(<div class="tiles">)";
  s += Tile("world", Human(static_cast<double>(r.accounts)) + " accounts",
            fmt::format("{} devices · {} subscriptions", Human(static_cast<double>(r.devices)),
                        Human(static_cast<double>(r.subscriptions))));
  s += Tile("deliveries / virtual s", Human(dps.mean) + " mean",
            fmt::format("p99 {} · max {}", Human(static_cast<double>(dps.p99)),
                        Human(static_cast<double>(dps.max))),
            dps.max > 10 * std::max(1.0, dps.mean));
  s += Tile("changes / virtual s", Human(cps.mean) + " mean",
            fmt::format("p99 {} · max {}", Human(static_cast<double>(cps.p99)),
                        Human(static_cast<double>(cps.max))));
  s += Tile("largest change", Human(static_cast<double>(r.max_fanout)) + " items",
            fmt::format("{} at {:.1f} s · mean {:.1f} per change", r.max_fanout_account,
                        static_cast<double>(r.max_fanout_at_ms) / 1000, per_change));
  s += Tile("run", Human(static_cast<double>(r.changes)) + " changes",
            fmt::format("{} deliveries · {} kicks", Human(static_cast<double>(r.deliveries)),
                        Human(static_cast<double>(r.kicks))));
  s += Tile("peak pending timers", Human(static_cast<double>(r.peak_pending)),
            fmt::format("at {:.1f} s virtual", static_cast<double>(r.peak_pending_at_ms) / 1000));
  s += Tile("peak memory", Bytes(r.peak_rss),
            fmt::format("{:.0f} bytes per account",
                        static_cast<double>(r.peak_rss) / std::max<double>(1, r.accounts)));
  s += Tile("wall time", Seconds(r.build_s + r.run_s + r.report_s),
            fmt::format("build {} · run {} · {} deliveries/s", Seconds(r.build_s), Seconds(r.run_s),
                        Human(static_cast<double>(r.deliveries) / std::max(1e-9, r.run_s))));
  s += "</div><div class=\"grid\">";
  s += SeriesCard("Deliveries per virtual second", r.deliveries_per_s);
  s += SeriesCard("Changes per virtual second", r.changes_per_s);
  s += HistogramCard(r);
  s += TopCard(r);
  s += PendingCard(r);
  s += MemoryCard(r);
  s += WallCard(r);
  std::vector<std::pair<std::string, std::string>> actions;
  for (const auto& [k, v] : r.action_counts) actions.emplace_back(k, fmt::format("{}", v));
  s += KeyValues("Actions", actions);
  s += KeyValues("World", r.world);
  s += KeyValues("App", r.app);
  s += KeyValues("Load", r.load);
  s += "</div></body></html>\n";
  return s;
}

}  // namespace statussim::reports
