/**
 * The compare page's own styles, kept apart from the site stylesheet: the decision block,
 * fact cards that stack on phones, and a scores table whose first column stays put while
 * the rest scrolls inside its box, so the page itself never scrolls sideways.
 */
export const COMPARE_CSS = `
.cmp-page .glance h2{margin-top:0}.cmp-page .glance .substitutes{margin:.2rem 0 .5rem}.cmp-page .glance ul{padding-left:1.1rem;margin:.3rem 0}
.cmp-page ul.choose>li{margin:.45rem 0}.cmp-page ul.choose>li.none{color:var(--muted)}.cmp-page ul.choose ul{margin:.15rem 0}
.cmp-page .facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,230px),1fr));gap:.7rem;margin:.8rem 0}
.cmp-page .fact{border:1px solid var(--line);border-radius:8px;padding:.6rem .7rem;background:#fbfcfd;min-width:0}
.cmp-page .fact h3{font-size:1rem;margin:0 0 .3rem}.cmp-page .fact dl{display:grid;grid-template-columns:auto 1fr;gap:.15rem .6rem;margin:0;font-size:.92rem}
.cmp-page .fact dt{color:var(--muted)}.cmp-page .fact dd{margin:0;overflow-wrap:anywhere}
.cmp-page details.tip summary,.cmp-page details.changes-box summary,.cmp-page details.claims-box summary{cursor:pointer;color:var(--accent)}
.cmp-page details.tip{margin:.2rem 0}.cmp-page .order{font-weight:600}
.cmp-page .cmp-scroll{overflow-x:auto;max-width:100%}.cmp-page table.cmp{min-width:100%}
.cmp-page table.cmp tbody th{position:sticky;left:0;background:var(--card);z-index:1}
.cmp-page ul.prices{list-style:none;padding:0;margin:0}
.cmp-page .cols{grid-template-columns:repeat(auto-fit,minmax(min(100%,320px),1fr))}
.cmp-page .align{grid-template-columns:repeat(auto-fit,minmax(min(100%,260px),1fr))}
.cmp-page .uri,.cmp-page .cap p{overflow-wrap:anywhere}
@media (max-width:640px){.cmp-page table.cmp th,.cmp-page table.cmp td{padding:.4rem .45rem}.cmp-page table.cmp .score svg{width:60px}
.cmp-page table.cmp tbody th{max-width:7.5rem}}
`;
