// The inline stylesheet and script of the HTML report (private to reports/).
// The page is complete without the script: it only adds expand/collapse
// buttons, a failures-only filter, and opens a section when a link targets it.
#ifndef STATUSSIM_REPORTS_HTML_ASSETS_INTERNAL_H_
#define STATUSSIM_REPORTS_HTML_ASSETS_INTERNAL_H_

#include <string_view>

namespace statussim::reports::internal {

inline constexpr std::string_view kHtmlStyle = R"css(
:root{--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--error:#bc4c00;
--error-bg:#fff1e5;--line:#d0d7de;--muted:#57606a;--bg:#f6f8fa;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
*{box-sizing:border-box}
body{margin:0;padding:24px;background:var(--bg);color:#1f2328;
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
code,pre{font-family:var(--mono)}
h1{margin:0;font-size:26px;letter-spacing:-.01em}
h2{font-size:17px;margin:0 0 10px}
a{color:#0969da}
.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:20px;
background:#fff;border:1px solid var(--line);border-left:8px solid var(--pass);border-radius:10px;
padding:18px 24px;margin-bottom:18px}
.top.fail{border-left-color:var(--fail)}
.verdict{margin:4px 0;font-size:16px;font-weight:600}
.top.fail .verdict{color:var(--fail)}
.top.pass .verdict{color:var(--pass)}
.meta{margin:0;color:var(--muted)}
.client{display:inline-block;padding:0 8px;border-radius:10px;background:#ddf4ff;color:#0550ae;
font-size:12px;font-weight:600}
.tiles{display:flex;gap:10px}
.tile{min-width:96px;padding:8px 14px;border-radius:8px;text-align:center;
border:1px solid var(--line);background:#fff;color:#8c959f}
.tile .n{display:block;font-size:30px;font-weight:700;line-height:1.1}
.tile .l{font-size:11px;text-transform:uppercase;letter-spacing:.06em}
.tile.pass{background:var(--pass-bg);border-color:#4ac26b;color:var(--pass)}
.tile.fail{background:var(--fail-bg);border-color:#ff8182;color:var(--fail)}
.tile.error{background:var(--error-bg);border-color:#fb8f44;color:var(--error)}
.tile.skip{background:#eaeef2;color:#424a53}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 20px;
margin-bottom:18px}
.legend{color:var(--muted);margin:0 0 10px;font-size:13px}
.legend .chip,.legend .rule{margin:0 2px 0 10px}
.rules{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:4px}
.rule{display:flex;flex-wrap:wrap;align-items:center;gap:3px;padding:3px 6px;border-radius:5px;
border:1px solid #eaeef2;border-left:4px solid var(--pass);min-height:28px}
.rule.fail{border-left-color:var(--fail);background:#fff8f8}
.rule.error{border-left-color:var(--error);background:#fffaf5}
.rule.uncovered{border:1px solid #d4a72c;border-left:4px solid #bf8700;background:#fff8c5}
.rule.mini{display:inline-flex;min-height:0;padding:0 6px;font-size:12px}
.rule:target{outline:2px solid #0969da}
.rule .id{font:600 12px var(--mono);min-width:60px}
.rule .none{color:#7d4e00;font-size:12px;font-style:italic}
.chip{display:inline-block;min-width:22px;padding:0 4px;height:20px;line-height:20px;
border-radius:4px;text-align:center;font-size:11px;font-weight:700;color:#fff;text-decoration:none}
.chip.pass{background:#2da44e}
.chip.fail{background:var(--fail)}
.chip.error{background:var(--error)}
.matrix{border-collapse:collapse;font-size:13px}
.matrix th,.matrix td{border:1px solid var(--line);padding:4px 12px;text-align:left}
.matrix th{background:var(--bg)}
.matrix td.num{color:var(--muted);text-align:right}
.matrix td.cell{text-align:center;font-weight:600;min-width:90px}
.cell a{color:inherit;text-decoration:none;display:block}
.cell.pass{background:var(--pass-bg);color:var(--pass)}
.cell.fail{background:var(--fail-bg);color:var(--fail)}
.cell.error{background:var(--error-bg);color:var(--error)}
.cell.none{color:#8c959f;font-weight:400}
h2 .sub{font-weight:400;color:var(--muted);font-size:13px;margin-left:6px}
.toolbar{margin:0 0 10px}
.toolbar button{font:inherit;font-size:12px;margin-right:6px;padding:3px 10px;
border:1px solid var(--line);border-radius:6px;background:#fff;cursor:pointer}
.toolbar button.on{background:#24292f;color:#fff}
.only-failures details.scn.pass{display:none}
details.scn{background:#fff;border:1px solid var(--line);border-radius:10px;margin-bottom:10px;
overflow:hidden}
details.scn.fail{border-color:#ff8182}
details.scn.error{border-color:#fb8f44}
details.scn>summary{display:flex;flex-wrap:wrap;align-items:center;gap:10px;padding:9px 14px;
cursor:pointer;list-style:none}
details.scn>summary::-webkit-details-marker{display:none}
details.scn>summary::before{content:"\25B8";color:var(--muted);width:10px}
details.scn[open]>summary::before{content:"\25BE"}
details.scn.fail>summary{background:var(--fail-bg)}
details.scn.error>summary{background:var(--error-bg)}
.badge{font-size:11px;font-weight:700;padding:2px 8px;border-radius:10px;color:#fff;
letter-spacing:.04em}
.badge.pass{background:#2da44e}
.badge.fail{background:var(--fail)}
.badge.error{background:var(--error)}
summary .num{color:var(--muted);font-weight:600}
summary .name{font-weight:600;font-size:15px}
summary .file{font:12px var(--mono);color:var(--muted)}
summary .facts{margin-left:auto;font-size:12px;color:var(--muted)}
.body{padding:12px 16px 16px;border-top:1px solid var(--line)}
.labels{margin-bottom:10px}
.pill{display:inline-block;margin:0 4px 4px 0;padding:0 8px;border-radius:10px;font-size:12px;
text-decoration:none}
.pill.rid{background:#ddf4ff;color:#0550ae;font-family:var(--mono)}
.pill.tag{background:#eaeef2;color:#424a53}
.finding{display:flex;gap:10px;border:1px solid #ff8182;border-left:5px solid var(--fail);
background:var(--fail-bg);border-radius:6px;padding:8px 12px;margin-bottom:8px}
.finding.error{border-color:#fb8f44;border-left-color:var(--error);background:var(--error-bg)}
.finding .mark{font-weight:800;color:var(--fail);font-size:15px;min-width:24px}
.finding.error .mark{color:var(--error)}
.finding pre{margin:0;white-space:pre-wrap;word-break:break-word;font-size:12.5px}
.tlwrap{overflow-x:auto;margin:14px 0 6px;border:1px solid #eaeef2;border-radius:8px}
table.tl{border-collapse:separate;border-spacing:0;width:100%;table-layout:fixed;font-size:12px}
table.tl th{background:var(--bg);padding:7px 4px;border-bottom:1px solid var(--line)}
table.tl .t{width:76px;text-align:right;padding-right:10px;color:var(--muted);
font-family:var(--mono);white-space:nowrap}
table.tl .st{width:46px;text-align:center;color:var(--muted);font-weight:600}
table.tl td{border-top:1px solid #f0f2f4;vertical-align:top}
table.tl td.t,table.tl td.st{padding-top:6px}
th.dev .dn{display:inline-block;padding:2px 14px;border-radius:12px;background:#24292f;
color:#fff;font-family:var(--mono)}
td.dev{padding:3px 6px;background:linear-gradient(to right,transparent calc(50% - 1px),
#d0d7de calc(50% - 1px),#d0d7de calc(50% + 1px),transparent calc(50% + 1px))}
td.sp{padding:3px 6px;text-align:center}
table.tl tr.hit td.t,table.tl tr.hit td.st{color:var(--fail);font-weight:700}
tr.hit td.t{box-shadow:inset 4px 0 var(--fail)}
.it{margin:3px auto;padding:3px 8px;border-radius:6px;border:1px solid var(--line);
background:#fff;width:fit-content;max-width:100%;word-break:break-word;text-align:left}
td.sp .it{display:inline-block;margin:3px 4px}
.it code{font-size:11.5px;color:#424a53}
.it.call{border-color:#54aeff;background:#ddf4ff}
.it.call b{color:#0550ae}
.it.call b::before{content:"\25B6  "}
.it.res.ok{border-color:#4ac26b;background:#f0fff4}
.it.res.ok b{color:var(--pass)}
.it.res.err{border-color:#d4a72c;background:#fff8c5}
.it.res.err b{color:#7d4e00}
.it.res b::before{content:"\21B3  "}
.it.evt{border-color:#c297ff;background:#fbefff}
.it.evt b{color:#8250df}
.it.evt b::before{content:"\25C6  "}
.it.evt.alert{border-color:#fb8f44;background:#fff1e5}
.it.evt.alert b{color:var(--error)}
.it.clock{border:1px dashed #afb8c1;background:var(--bg);color:var(--muted);border-radius:10px;
padding:0 10px}
.it.clock b{font-weight:600}
.it.ctl{border-color:#afb8c1;background:#eaeef2}
.it.ctl b{color:#424a53}
.it.ctl b::before{content:"\25B7  "}
table.tl td.t.same{color:#afb8c1}
.it.note{border-style:dashed;background:var(--bg)}
.it.bad{border:2px solid var(--fail);background:var(--fail-bg)}
.it.bad b{color:var(--fail)}
tr.gap td{text-align:center;color:var(--muted);font-style:italic;padding:6px}
details.raw{margin-top:8px}
details.raw summary{cursor:pointer;color:var(--muted);font-size:12px}
details.raw pre{max-height:420px;overflow:auto;background:var(--bg);border:1px solid var(--line);
border-radius:6px;padding:8px;font-size:11.5px}
.empty{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:24px}
@media print{details.scn{break-inside:avoid}.toolbar{display:none}}
)css";

inline constexpr std::string_view kHtmlScript = R"js(
(function () {
  function openTarget() {
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (; el; el = el.parentElement) if (el.tagName === 'DETAILS') el.open = true;
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
  var bar = document.getElementById('toolbar');
  bar.hidden = false;
  bar.addEventListener('click', function (e) {
    var act = e.target.getAttribute('data-act');
    var all = document.querySelectorAll('details.scn');
    if (act === 'open' || act === 'close') {
      for (var i = 0; i < all.length; i++) all[i].open = act === 'open';
    } else if (act === 'failed') {
      document.body.classList.toggle('only-failures');
      e.target.classList.toggle('on');
    }
  });
})();
)js";

}  // namespace statussim::reports::internal

#endif  // STATUSSIM_REPORTS_HTML_ASSETS_INTERNAL_H_
