import { COMPARE_CSS } from "./pages/compare.css.js";
import { LEADERBOARD_CSS } from "./pages/leaderboards.css.js";

/** The whole stylesheet: small enough to inline, so a page is one request. */
export const CSS =
  `
:root{--bg:#f7f8fa;--card:#fff;--ink:#16202c;--muted:#566476;--line:#dde2e8;--accent:#1f5fbf;--accent-2:#0f7a5c;--warn:#9a5b00;--bar:#dfe6f0;--radius:10px}
*{box-sizing:border-box}html{font-size:16px}body{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent);text-underline-offset:2px}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:9}
header.site{background:#0f1b2d;color:#fff}header.site .in{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;max-width:1120px;margin:0 auto;padding:.7rem 1rem}
header.site .brand,header.site nav a{color:#fff;text-decoration:none}.brand{font-weight:700;font-size:1.15rem;letter-spacing:.2px}.brand span{color:#7fb2ff}
nav.main{display:flex;gap:1rem;flex-wrap:wrap;font-size:.95rem}nav.main a{opacity:.9}nav.main a:hover{opacity:1;text-decoration:underline}
form.search{display:flex;gap:.4rem;flex:1;min-width:240px;max-width:520px;margin-left:auto;position:relative}form.search input{flex:1;padding:.45rem .6rem;border-radius:8px;border:1px solid #8aa0bb;font:inherit}
button,.btn{background:var(--accent);color:#fff;border:0;border-radius:8px;padding:.45rem .8rem;font:inherit;cursor:pointer;text-decoration:none;display:inline-block}
main{max-width:1120px;margin:0 auto;padding:1.2rem 1rem 3rem;overflow-wrap:break-word}h1{font-size:1.7rem;line-height:1.25;margin:.4rem 0}h2{font-size:1.25rem;margin:1.6rem 0 .6rem}h3{font-size:1.05rem;margin:.2rem 0}
.lead{color:var(--muted);margin:.1rem 0 1rem}.muted{color:var(--muted)}.small{font-size:.88rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:1rem;margin:.8rem 0}
table.cmp{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:var(--radius);overflow:hidden}
table.cmp th,table.cmp td{padding:.55rem .7rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}table.cmp thead th{background:#eef2f7}
table.cmp tbody th{font-weight:600;width:22%;color:#2b3947}.nodata{color:var(--muted);font-style:italic}
.score{display:inline-flex;align-items:center;gap:.5rem;max-width:100%}.score b{min-width:2.2rem}.score svg{flex:0 1 110px;min-width:40px;height:10px}
details.prov summary{cursor:pointer;list-style:none;display:flex;align-items:center;gap:.6rem;flex-wrap:wrap}.why{font-size:.78rem;color:var(--accent);text-decoration:underline dotted}details.prov summary::-webkit-details-marker{display:none}details.prov[open] summary{margin-bottom:.3rem}
.prov ul{margin:.2rem 0 0;padding-left:1.1rem;font-size:.85rem;color:var(--muted)}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(320px,100%),1fr));gap:1rem}
.cap{border-top:1px solid var(--line);padding:.7rem 0}.card.cap{padding:1rem 1.1rem;border:1px solid var(--line)}.cap:first-of-type{border-top:0}.cap p{margin:.3rem 0}.cap .k{font-weight:600}
.badge{display:inline-block;font-size:.75rem;padding:.05rem .45rem;border-radius:999px;border:1px solid var(--line);background:#f1f4f8;color:#334;vertical-align:middle}
.ev-documented{background:#e6f4ee;border-color:#b5dcc8;color:#0b5a41}.ev-verified{background:#e3eefc;border-color:#b3cdf2;color:#123f7d}.ev-observed{background:#f4ecfb;border-color:#d8c2ee;color:#512c7a}.ev-declared{background:#fff6e5;border-color:#f0d7a6;color:#6b4600}.ev-inferred{background:#f3f3f3;border-color:#c9c9c9;color:#444;border-style:dashed}
.uri{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.8rem;color:#3b4a5c;word-break:break-all}
details.more>summary{cursor:pointer;color:var(--accent);font-weight:600;padding:.4rem 0}
.verdict{border-left:4px solid var(--accent-2)}.verdict ul{margin:.4rem 0 0;padding-left:1.1rem}.verdict li{margin:.2rem 0}
.align{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(260px,100%),1fr));gap:1rem}.align ul{padding-left:1.1rem;margin:.3rem 0}
.result{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:.8rem 1rem;margin:.6rem 0}
.result h3 a{text-decoration:none}
ol.results{list-style:none;margin:0;padding:0}.r-head{display:flex;justify-content:space-between;align-items:baseline;gap:.8rem}.r-title{font-size:1.1rem;margin:0}.r-title a{text-decoration:none}.r-title a:hover{text-decoration:underline}
.pick{display:inline-flex;align-items:center;gap:.3rem;white-space:nowrap;color:var(--muted);cursor:pointer}.pick input{width:1.1rem;height:1.1rem;margin:0}
.facts{display:flex;flex-wrap:wrap;gap:.2rem .9rem;margin:.25rem 0;color:#2b3947}.tag-free{color:#0b5a41;font-weight:600}.best{margin:.25rem 0}
details.why-more>summary{cursor:pointer;color:var(--accent);font-size:.9rem;padding:.15rem 0}details.why-more ul{margin:.3rem 0;padding-left:1.1rem}details.why-more li{margin:.35rem 0}.why-text{color:#3b4856}
details.filter-box>summary{cursor:pointer;color:var(--accent);font-weight:600;padding:.3rem 0}details.filter-box>.filters{margin-top:.3rem}
.toolbar{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.6rem;margin:.8rem 0}
.cmp-bar{position:sticky;bottom:0;display:flex;align-items:center;gap:.6rem;flex-wrap:wrap;background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:.4rem .6rem}
button:disabled{background:#8b97a5;cursor:not-allowed}.filters label.check{flex-direction:row;gap:.3rem;align-items:center}
.problem{border-left:4px solid #b3261e}.problem ul{margin:.3rem 0 0;padding-left:1.1rem}
.slots{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(220px,100%),1fr));gap:.8rem;margin-bottom:.8rem}.slot{display:flex;flex-direction:column;font-size:.9rem;color:var(--ink);gap:.2rem}
ul.alts{list-style:none;padding:0;margin:.4rem 0;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(260px,100%),1fr));gap:.8rem}.card.alt{margin:0;padding:.8rem 1rem}.alt h3{margin:0}.btn.small{padding:.2rem .6rem;font-size:.85rem}
form.picker .row{display:flex;gap:.5rem;flex-wrap:wrap;margin-top:.3rem}form.picker .row input{flex:1;min-width:0;font:inherit;padding:.45rem .55rem;border-radius:8px;border:1px solid #8a97a8}
.slot input{font:inherit;padding:.45rem .55rem;border-radius:8px;border:1px solid #8a97a8}.fb{display:flex;gap:.5rem;align-items:center}.fb button{padding:.2rem .7rem}.fb .no{background:#6b7785}.why{margin:.1rem 0 .3rem}ul.caps{padding-left:1.1rem}mark{background:#fff0b3;padding:0 .1em;border-radius:3px}
.filters{display:flex;gap:.8rem;flex-wrap:wrap;align-items:end}.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
.filters select,.filters input[type=text]{font:inherit;padding:.35rem;border-radius:6px;border:1px solid #9aa7b6}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(250px,100%),1fr));gap:.8rem}.tile{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:.8rem}
.tile ol{margin:.3rem 0 0;padding-left:1.2rem}.tile li{margin:.25rem 0}.tile li .score{float:right;margin-left:.5rem}.tile li::after{content:"";display:block;clear:both}.cta{font-size:1.05rem;margin-top:2rem}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.85rem;text-align:center;padding:1.2rem}
ul.tree,.tree ul{list-style:none;margin:.2rem 0;padding-left:0}.tree ul{padding-left:1.1rem;border-left:1px dashed #c5ccd5;margin-left:.4rem}.tree li{margin:.2rem 0}
.tree summary{cursor:pointer;padding:.25rem 0}.tree .leaf .node-line{padding:.25rem 0 0 1.1rem}.node-label{font-weight:600}.count{font-size:.8rem;background:#e3eefc;color:#123f7d;border-radius:999px;padding:.05rem .5rem;margin-left:.3rem}.count.none{background:#f1f4f8;color:#4a5868}
.node-links{margin-left:.5rem}.node-line.inner{padding-left:1.1rem}.tree .desc{padding-left:1.1rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.tree details[open]>.desc{white-space:normal}
.suggest{position:absolute;top:calc(100% + 4px);left:0;right:0;min-width:min(300px,calc(100vw - 2rem));max-height:70vh;overflow:auto;background:#fff;color:var(--ink);border:1px solid #9aa7b6;border-radius:8px;box-shadow:0 8px 24px #0003;z-index:5;padding:.3rem 0;text-align:left}
.suggest .group-title{font-size:.75rem;font-weight:700;letter-spacing:.04em;text-transform:uppercase;color:#44505e;padding:.35rem .7rem .15rem}
.suggest .opt{display:flex;justify-content:space-between;gap:.8rem;padding:.4rem .7rem;cursor:pointer;color:var(--ink)}.suggest .opt-sub{color:#4a5868;font-size:.85rem;white-space:nowrap}
.suggest .opt:hover{background:#eef3fb}.suggest .opt[aria-selected=true]{background:#dbe7fb;box-shadow:inset 3px 0 0 var(--accent)}
@media (max-width:640px){
table.cmp{table-layout:fixed;font-size:.85rem}table.cmp tbody th{width:auto}table.cmp th,table.cmp td{padding:.45rem .4rem;overflow-wrap:anywhere}
h1{font-size:1.35rem}form.search{flex-basis:100%;min-width:0;max-width:none;margin-left:0}form.search input{min-width:0}
.filters label{flex:1 1 8rem}.filters select,.filters input[type=text]{width:100%}}
` +
  COMPARE_CSS +
  LEADERBOARD_CSS;
