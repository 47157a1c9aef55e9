"""The fixed parts of the HTML report: its style sheet, icon sprite and script.

Kept apart from `ccg_rules.render.html` so that the renderer reads as markup. The colours
meet WCAG AA (the tests check every pair); the icons give each status a shape as well as
a colour (circle with a tick, triangle with a mark, square with a cross); the script only
opens a CCG's section when a link points at it and every section before printing (the
print style sheet also opens them where the browser allows). Printed, the page is A4: each
CCG starts a new page, no table row or list item is split across pages, headings stay with
what follows them and a table's header row repeats on each page it runs onto.
"""

from __future__ import annotations

CSS = """
:root{--ink:#1b1f24;--muted:#4a5260;--line:#c9ced6;--bg:#ffffff;--soft:#f4f6f8;--link:#0b57a4;
--g:#0f5a27;--gbg:#e3f4e8;--gb:#1e7b3a;--a:#6b4100;--abg:#fff1cc;--ab:#a86800;
--r:#8a1c12;--rbg:#fbe4e2;--rb:#b42318;--n:#3b4350;--nbg:#eceff3;--nb:#6b7280}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:var(--bg)}
header,main{max-width:75rem;margin:0 auto;padding:0 1.25rem}
header{padding-top:1.5rem}
h1{font-size:1.75rem;margin:0 0 .25rem}h2{font-size:1.35rem;margin:2rem 0 .75rem;
border-bottom:2px solid var(--ink);padding-bottom:.2rem}h3{font-size:1.1rem;margin:1.25rem 0 .5rem}
h4{font-size:1rem;margin:1rem 0 .4rem}
a{color:var(--link)}a:focus-visible,summary:focus-visible{outline:3px solid var(--link);outline-offset:2px}
p.lead{color:var(--muted);margin:.25rem 0 1rem}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:0;padding:0;list-style:none}
.cards li{flex:1 1 11rem;border:1px solid var(--line);border-left-width:6px;border-radius:6px;
padding:.6rem .8rem;background:var(--soft)}
.cards .n{display:block;font-size:1.9rem;font-weight:700;line-height:1.1}
.cards li.green{border-left-color:var(--gb)}.cards li.amber{border-left-color:var(--ab)}
.cards li.red{border-left-color:var(--rb)}.cards li.grey{border-left-color:var(--nb)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:0 2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
h4+table caption{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--soft);border-bottom:2px solid var(--ink)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.bar{width:40%}.bar span{display:inline-block;height:.9rem;vertical-align:middle}
.bar .red{background:var(--rb)}.bar .amber{background:var(--ab)}.bar .green{background:var(--gb)}
.bar .grey{background:var(--nb)}
.badge{display:inline-flex;align-items:center;gap:.3rem;border:1px solid;border-radius:999px;
padding:.05rem .55rem;font-size:.85rem;font-weight:600;white-space:nowrap}
.badge.green{color:var(--g);background:var(--gbg);border-color:var(--gb)}
.badge.amber{color:var(--a);background:var(--abg);border-color:var(--ab)}
.badge.red{color:var(--r);background:var(--rbg);border-color:var(--rb)}
.badge.grey{color:var(--n);background:var(--nbg);border-color:var(--nb)}
.icon{width:1em;height:1em;flex:none;vertical-align:-.125em}
.doms{white-space:nowrap}.doms .icon{width:1.15em;height:1.15em;margin-right:1px}
.green .icon,.doms .green{color:var(--gb)}.amber .icon,.doms .amber{color:var(--ab)}
.red .icon,.doms .red{color:var(--rb)}.grey .icon{color:var(--nb)}
table.all tbody th{width:34%}
table.all .file{display:block;font:400 .8rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
color:var(--muted);overflow-wrap:anywhere}
tbody th{font-weight:600}td.rule{white-space:nowrap}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
details.ccg{border:1px solid var(--line);border-radius:6px;margin:.75rem 0;background:var(--bg)}
details.ccg>summary{cursor:pointer;padding:.6rem .9rem;background:var(--soft);border-radius:6px}
details.ccg>summary h3{display:inline;font-size:1.05rem;margin:0}
details.ccg[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}
.body{padding:.25rem 1rem 1rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.75rem 0}
dl.facts dt{font-weight:600;color:var(--muted)}dl.facts dd{margin:0}
ol.conditions{padding-left:1.5rem}ol.conditions li{margin:0 0 .9rem}
ol.conditions p{margin:.1rem 0}.muted{color:var(--muted)}
.error{border-left:6px solid var(--rb);background:var(--rbg);padding:.5rem .8rem;color:var(--r)}
@page{size:A4;margin:16mm 14mm 16mm 14mm}
@media print{body{font-size:10pt}header,main{max-width:none;padding:0}
a{color:inherit}.badge,.bar span,.cards li{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.grid{display:block}
details.ccg{break-inside:auto;break-before:page;border:0;margin:0}
details.ccg>summary{list-style:none;background:none;padding:0;break-after:avoid}
details.ccg>summary::-webkit-details-marker{display:none}
details.ccg::details-content{content-visibility:visible;display:block}
details.ccg>summary h3{display:block;font-size:1.3rem;border-bottom:2px solid #000;padding-bottom:.3rem}
section.ccgs>h2{display:none}
h1,h2,h3,h4,caption{break-after:avoid}thead{display:table-header-group}
tr,li,dl.facts,p.scope,.error{break-inside:avoid}
table{font-size:9pt}th,td{padding:.25rem .35rem}.badge{font-size:8.5pt}table.all .badge{white-space:normal}
table.all tbody th{width:auto}table.all .file{font-size:7.5pt}}
"""

SPRITE = (
    '<svg xmlns="http://www.w3.org/2000/svg" style="display:none" aria-hidden="true">'
    '<symbol id="i-met" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7.5" fill="currentColor"/>'
    '<path d="M4.3 8.3l2.4 2.4 5-5.2" fill="none" stroke="#fff" stroke-width="2"/></symbol>'
    '<symbol id="i-cond" viewBox="0 0 16 16"><path d="M8 .6L15.6 15H.4z" fill="currentColor"/>'
    '<path d="M8 5.5v4.8M8 11.6v1.6" stroke="#fff" stroke-width="1.8"/></symbol>'
    '<symbol id="i-notmet" viewBox="0 0 16 16"><rect x=".5" y=".5" width="15" height="15" rx="1.5" '
    'fill="currentColor"/><path d="M4.7 4.7l6.6 6.6M11.3 4.7l-6.6 6.6" stroke="#fff" stroke-width="2"/>'
    "</symbol>"
    '<symbol id="i-none" viewBox="0 0 16 16"><circle cx="8" cy="8" r="6.5" fill="none" '
    'stroke="currentColor" stroke-width="2" stroke-dasharray="3 2"/></symbol></svg>'
)

SCRIPT = """
(function(){
function reveal(){var id=decodeURIComponent(location.hash.slice(1));var t=id&&document.getElementById(id);
while(t){if(t.tagName==="DETAILS"){t.open=true;}t=t.parentElement;}}
window.addEventListener("hashchange",reveal);reveal();
var all=document.querySelectorAll("details.ccg"),was=[];
window.addEventListener("beforeprint",function(){was=[];all.forEach(function(d){was.push(d.open);d.open=true;});});
window.addEventListener("afterprint",function(){all.forEach(function(d,i){d.open=was[i];});});
})();
"""
