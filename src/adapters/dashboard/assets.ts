/**
 * The dashboard's stylesheet and script, served by Ferry itself (no CDN). Kept as
 * strings so the build step to dist/ carries them without copying files.
 *
 * Colours: the Okabe–Ito palette, which people with the common colour-vision
 * deficiencies tell apart (blue for good, vermillion for bad, orange for busy, grey for
 * unknown); every state also has an icon and words, and text stays dark on light
 * backgrounds (contrast above 7:1), so colour never carries meaning alone.
 */

/** The stylesheet: responsive (columns stack below 900 px), readable on a phone. */
export const DASHBOARD_CSS = `
:root { --fg:#1b1f24; --muted:#4d5560; --bg:#f6f7f9; --card:#fff; --line:#d0d5dc; --link:#0b5394;
  --good:#0072b2; --good-bg:#e3f1fa; --bad:#d55e00; --bad-bg:#fbeadf; --busy:#b07800; --busy-bg:#fdf3dc; --idle:#6b7280; --idle-bg:#eef0f3; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
a { color:var(--link); } a:focus-visible, button:focus-visible { outline:3px solid var(--good); outline-offset:2px; }
.skip { position:absolute; left:-9999px; } .skip:focus { left:8px; top:8px; background:#fff; padding:4px 8px; z-index:2; }
.sr-only { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
header.top { display:flex; flex-wrap:wrap; gap:8px; justify-content:space-between; align-items:center; padding:10px 16px; background:#1b1f24; color:#fff; }
header.top a { color:#fff; } .brand { font-weight:700; text-decoration:none; margin-right:6px; }
.signout { display:flex; gap:8px; align-items:center; margin:0; font-size:14px; }
button, .button { font:inherit; font-size:14px; padding:4px 10px; border:1px solid var(--line); border-radius:6px; background:#fff; color:var(--fg); cursor:pointer; text-decoration:none; display:inline-block; }
.button { background:var(--good); color:#fff; border-color:var(--good); padding:8px 14px; }
main { padding:16px; max-width:1400px; margin:0 auto; }
footer { padding:8px 16px 24px; color:var(--muted); font-size:13px; text-align:center; }
h1 { font-size:24px; margin:4px 0; } h2 { font-size:19px; margin:18px 0 8px; } h3 { font-size:16px; margin:0 0 6px; }
.muted { color:var(--muted); } .notice { background:var(--busy-bg); border-left:4px solid var(--busy); padding:6px 10px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px; margin:0 0 12px; }
.signin { max-width:520px; margin:40px auto; }
ol.pipeline { list-style:none; margin:0; padding:0; display:flex; gap:12px; align-items:flex-start; }
ol.pipeline > li { flex:1 1 0; min-width:0; } ol.pipeline > li > ul { list-style:none; margin:0; padding:0; }
ul.clusters { list-style:none; padding-left:0; } ul.waits li { margin:2px 0; }
.column.edges { flex:0.9 1 0; } .column.edges .card { border-style:dashed; background:#fbfcfd; }
.edge h3 { color:var(--muted); } .stage h3 .muted { display:block; font-weight:normal; font-size:13px; }
dl { display:grid; grid-template-columns:max-content 1fr; gap:2px 10px; margin:6px 0; } dt { color:var(--muted); } dd { margin:0; min-width:0; overflow-wrap:anywhere; }
.state { display:inline-block; padding:0 6px; border-radius:4px; border-left:4px solid; }
.state .icon { font-weight:700; }
.tone-good { border-color:var(--good); background:var(--good-bg); } .tone-good .icon { color:var(--good); }
.tone-bad { border-color:var(--bad); background:var(--bad-bg); } .tone-bad .icon { color:var(--bad); }
.tone-busy { border-color:var(--busy); background:var(--busy-bg); } .tone-busy .icon { color:var(--busy); }
.tone-idle { border-color:var(--idle); background:var(--idle-bg); } .tone-idle .icon { color:var(--idle); }
.clusters, .waits, .commits, .drifted, .drift-clusters, .repos { margin:6px 0; padding-left:20px; }
.clusters li, .commits li { margin:2px 0; overflow-wrap:anywhere; }
.pull { border-top:1px solid var(--line); margin-top:8px; padding-top:6px; } .pull p { margin:4px 0; }
.command { display:flex; gap:8px; align-items:center; flex-wrap:wrap; } .command code { background:var(--idle-bg); padding:2px 6px; border-radius:4px; }
code { font: 14px ui-monospace, SFMono-Regular, Menlo, monospace; }
.table-wrap { overflow-x:auto; } table { border-collapse:collapse; width:100%; font-size:14px; }
th, td { text-align:left; padding:4px 8px; border-bottom:1px solid var(--line); }
.details { margin-top:12px; }
@media (max-width: 900px) { ol.pipeline { flex-direction:column; } ol.pipeline > li { width:100%; } .column.edges { padding-left:16px; border-left:3px solid var(--line); } }
@media (prefers-reduced-motion: reduce) { * { transition:none !important; } }
`;

/**
 * The script: copies `/promote` commands and refreshes the page every `data-refresh`
 * seconds while it is visible. The page works without it.
 */
export const DASHBOARD_JS = `
"use strict";
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button.copy");
  if (!button || !navigator.clipboard) return;
  navigator.clipboard.writeText(button.getAttribute("data-copy") || "").then(function () {
    var old = button.textContent; button.textContent = "Copied"; setTimeout(function () { button.textContent = old; }, 1500);
  });
});
(function () {
  var seconds = Number(document.body.getAttribute("data-refresh"));
  if (!seconds) return;
  setInterval(function () { if (document.visibilityState === "visible" && !document.querySelector("details[data-touched]")) location.reload(); }, seconds * 1000);
  document.addEventListener("toggle", function (e) { if (e.target.tagName === "DETAILS") e.target.setAttribute("data-touched", ""); }, true);
})();
`;
