import { COMPARE_CSS } from "./pages/compare.css.js";
import { LEADERBOARD_CSS } from "./pages/leaderboards.css.js";

/** The whole stylesheet: small enough to inline, so a page is one request. */
export const CSS = `
:root{--bg:#f7f8fa;--card:#fff;--ink:#16202c;--muted:#566476;--line:#dde2e8;--accent:#1f5fbf;--accent-2:#0f7a5c;--warn:#9a5b00;--bar:#dfe6f0;--radius:10px}
*{box-sizing:border-box}html{font-size:16px}body{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:9}
header.site{background:#0f1b2d;color:#fff}header.site .in{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;max-width:1120px;margin:0 auto;padding:.7rem 1rem}
header.site a{color:#fff;text-decoration:none}.brand{font-weight:700;font-size:1.15rem;letter-spacing:.2px}.brand span{color:#7fb2ff}
nav.main{display:flex;gap:1rem;flex-wrap:wrap;font-size:.95rem}nav.main a{opacity:.9}nav.main a:hover{opacity:1;text-decoration:underline}
form.search{display:flex;gap:.4rem;flex:1;min-width:240px;max-width:520px;margin-left:auto}form.search input{flex:1;padding:.45rem .6rem;border-radius:8px;border:1px solid #8aa0bb;font:inherit}
button,.btn{background:var(--accent);color:#fff;border:0;border-radius:8px;padding:.45rem .8rem;font:inherit;cursor:pointer;text-decoration:none;display:inline-block}
main{max-width:1120px;margin:0 auto;padding:1.2rem 1rem 3rem}h1{font-size:1.7rem;line-height:1.25;margin:.4rem 0}h2{font-size:1.25rem;margin:1.6rem 0 .6rem}h3{font-size:1.05rem;margin:.2rem 0}
.lead{color:var(--muted);margin:.1rem 0 1rem}.muted{color:var(--muted)}.small{font-size:.88rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:1rem;margin:.8rem 0}
table.cmp{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:var(--radius);overflow:hidden}
table.cmp th,table.cmp td{padding:.55rem .7rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}table.cmp thead th{background:#eef2f7}
table.cmp tbody th{font-weight:600;width:22%;color:#2b3947}.nodata{color:var(--muted);font-style:italic}
.score{display:inline-flex;align-items:center;gap:.5rem}.score b{min-width:2.2rem}.score svg{flex:none}
details.prov summary{cursor:pointer;list-style:none;display:flex;align-items:center;gap:.6rem;flex-wrap:wrap}.why{font-size:.78rem;color:var(--accent);text-decoration:underline dotted}details.prov summary::-webkit-details-marker{display:none}details.prov[open] summary{margin-bottom:.3rem}
.prov ul{margin:.2rem 0 0;padding-left:1.1rem;font-size:.85rem;color:var(--muted)}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1rem}
.cap{border-top:1px solid var(--line);padding:.7rem 0}.cap:first-of-type{border-top:0}.cap p{margin:.3rem 0}.cap .k{font-weight:600}
.badge{display:inline-block;font-size:.75rem;padding:.05rem .45rem;border-radius:999px;border:1px solid var(--line);background:#f1f4f8;color:#334;vertical-align:middle}
.ev-documented{background:#e6f4ee;border-color:#b5dcc8;color:#0b5a41}.ev-verified{background:#e3eefc;border-color:#b3cdf2;color:#123f7d}.ev-observed{background:#f4ecfb;border-color:#d8c2ee;color:#512c7a}.ev-declared{background:#fff6e5;border-color:#f0d7a6;color:#6b4600}.ev-inferred{background:#f3f3f3;border-color:#c9c9c9;color:#444;border-style:dashed}
.uri{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.8rem;color:#3b4a5c;word-break:break-all}
details.more>summary{cursor:pointer;color:var(--accent);font-weight:600;padding:.4rem 0}
.verdict{border-left:4px solid var(--accent-2)}.verdict ul{margin:.4rem 0 0;padding-left:1.1rem}.verdict li{margin:.2rem 0}
.align{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:1rem}.align ul{padding-left:1.1rem;margin:.3rem 0}
.result{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:.8rem 1rem;margin:.6rem 0}
.result h3 a{text-decoration:none}.fb{display:flex;gap:.5rem;align-items:center}.fb button{padding:.2rem .7rem}.fb .no{background:#6b7785}.why{margin:.1rem 0 .3rem}ul.caps{padding-left:1.1rem}mark{background:#fff0b3;padding:0 .1em;border-radius:3px}
.filters{display:flex;gap:.8rem;flex-wrap:wrap;align-items:end}.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
.filters select,.filters input[type=text]{font:inherit;padding:.35rem;border-radius:6px;border:1px solid #9aa7b6}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:.8rem}.tile{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:.8rem}
.tile ol{margin:.3rem 0 0;padding-left:1.2rem}.tile li{margin:.25rem 0}.tile li .score{float:right;margin-left:.5rem}.tile li::after{content:"";display:block;clear:both}.cta{font-size:1.05rem;margin-top:2rem}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.85rem;text-align:center;padding:1.2rem}
.tree ul{list-style:none;padding-left:1.1rem;border-left:1px dashed var(--line);margin:.2rem 0}.tree li{margin:.15rem 0}
.suggest{position:absolute;background:#fff;color:var(--ink);border:1px solid var(--line);border-radius:8px;box-shadow:0 6px 18px #0002;z-index:5;min-width:280px}
.suggest a{display:block;padding:.35rem .6rem;text-decoration:none;color:var(--ink)}.suggest a:hover,.suggest a.on{background:#eef3fb}
@media (max-width:640px){table.cmp tbody th{width:auto}h1{font-size:1.35rem}}
` + COMPARE_CSS + LEADERBOARD_CSS;
