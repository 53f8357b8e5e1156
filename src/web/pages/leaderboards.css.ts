/** Leaderboard pages' own styles: ranked rows that stack into cards on phones. */
export const LEADERBOARD_CSS = `
ol.places{list-style:none;padding-left:0}ol.places .place{display:inline-block;min-width:2.4em;font-weight:700;font-variant-numeric:tabular-nums}
table.board{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:var(--radius)}
table.board th,table.board td{padding:.5rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}table.board thead th{background:#eef2f7;font-size:.9rem}
table.board td.place{white-space:nowrap}table.board tr.tied td.place{color:var(--muted)}
.rule{border-left:4px solid var(--accent);padding:.5rem .8rem;background:var(--card)}
.lb-filters{display:flex;gap:.8rem;flex-wrap:wrap;align-items:end}.lb-filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
.lb-filters select,.lb-filters input{font:inherit;padding:.35rem;border-radius:6px;border:1px solid #9aa7b6}
.nodes{columns:16rem;padding-left:1.1rem}.nodes li{break-inside:avoid;margin:.15rem 0}
@media (max-width:640px){table.board thead{position:absolute;left:-9999px}table.board,table.board tbody,table.board tr,table.board td{display:block;width:100%}
table.board tr{border-bottom:1px solid var(--line);padding:.4rem 0}table.board td{border:0;padding:.15rem .6rem}table.board td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85rem}}
`;
