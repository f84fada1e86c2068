/// The catalog page's fixed text: its style sheet, stage palette and filter script. None of
/// it holds a value from a feature file, so none of it is escaped; the script's hash goes in
/// the page's Content-Security-Policy, so no other script can run there.
enum CatalogHTMLStyle {
    /// How one stage is drawn: a colour from the Okabe–Ito palette (told apart with every
    /// common colour-vision deficiency), a lighter tint for badges, and a fill pattern so that
    /// the timeline reads in greyscale print too. The stage's name is always written beside it.
    struct Swatch {
        var colour: String
        var tint: String
        /// SVG drawn over the colour in a 8×8 tile; empty for a solid fill.
        var pattern: String
    }

    /// Ladder stages, entry first (explore, candidate, shadow, production by default).
    static let ladder: [Swatch] = [
        Swatch(colour: "#56B4E9", tint: "#dcf0fb", pattern: ##"<circle cx="4" cy="4" r="1.4" fill="#0b3a57"/>"##),
        Swatch(
            colour: "#E69F00", tint: "#fbecc8",
            pattern: ##"<path d="M-2 10L10 -2M-2 2L2 -2M6 10L10 6" stroke="#5a3a00" stroke-width="1.3"/>"##),
        Swatch(
            colour: "#CC79A7", tint: "#f5e1ec",
            pattern: ##"<path d="M0 0L8 8M8 0L0 8" stroke="#4a1f38" stroke-width="1"/>"##
        ),
        Swatch(colour: "#009E73", tint: "#cdeee4", pattern: ""),
        Swatch(
            colour: "#0072B2", tint: "#d3e6f3", pattern: ##"<path d="M4 0V8" stroke="#ffffff" stroke-width="1.5"/>"##),
        Swatch(
            colour: "#F0E442", tint: "#fbf7cf", pattern: ##"<path d="M0 4H8" stroke="#5a5300" stroke-width="1.3"/>"##),
    ]

    /// Exit stages (deprecated by default).
    static let exit: [Swatch] = [
        Swatch(
            colour: "#8c8c8c", tint: "#e6e6e6",
            pattern: ##"<path d="M0 2H8M0 6H8" stroke="#222222" stroke-width="1"/>"##),
        Swatch(
            colour: "#D55E00", tint: "#f8dcc8", pattern: ##"<path d="M0 8L8 0" stroke="#3d1b00" stroke-width="1.3"/>"##),
    ]

    /// A stage no longer in the policy.
    static let unknown = Swatch(colour: "#ffffff", tint: "#ffffff", pattern: "")

    static let css = """
        :root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--link:#0550ae}
        *{box-sizing:border-box}
        html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;\
        font-size:16px;line-height:1.5;color:var(--fg);background:var(--bg)}
        body{margin:0}
        header.top,main,footer{max-width:76rem;margin:0 auto;padding:0 1.25rem}
        header.top{padding-top:1.5rem;border-bottom:1px solid var(--line)}
        h1{font-size:1.75rem;margin:0 0 .25rem}
        h2{font-size:1.35rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
        h3{font-size:1.15rem;margin:0 0 .25rem}
        h4{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:1rem 0 .25rem}
        a{color:var(--link)}
        code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.875em}
        .muted{color:var(--muted)}
        nav.toc{margin:.5rem 0 1rem}
        nav.toc a{margin-right:1rem}
        .st{display:inline-block;padding:0 .45em;border-radius:.25em;border-left:.5em solid;font-size:.85em;\
        white-space:nowrap;color:#111}
        .counts{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1.5rem;align-items:start}
        .counts table{width:100%}
        .bar{display:inline-block;height:.7em;vertical-align:middle;min-width:1px}
        table{border-collapse:collapse}
        th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
        th{font-size:.85rem;color:var(--muted);font-weight:600}
        td.n{text-align:right;font-variant-numeric:tabular-nums}
        .scroll{overflow-x:auto}
        #feature-table{width:100%;font-size:.92rem}
        #feature-table thead th{position:sticky;top:0;background:var(--bg)}
        #feature-table tbody tr:nth-child(even){background:var(--soft)}
        #filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:0 0 .75rem}
        #filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
        #filters input,#filters select{font:inherit;font-size:.95rem;padding:.2rem .35rem;min-width:9rem}
        #shown{font-size:.9rem;color:var(--muted)}
        article{border:1px solid var(--line);border-radius:.4rem;padding:.9rem 1.1rem;margin:0 0 1rem;\
        content-visibility:auto;contain-intrinsic-size:auto 24rem}
        article:target{outline:3px solid var(--link)}
        .meta{margin:0;color:var(--muted);font-size:.9rem}
        .meta span+span::before{content:" · "}
        dl.text{margin:.5rem 0 0}
        dl.text dt{font-weight:600;margin-top:.5rem}
        dl.text dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
        ul.plain{list-style:none;padding:0;margin:.25rem 0}
        ul.plain li{margin:.1rem 0}
        .ok::before{content:"✓ ";color:#1a7f37}
        .no::before{content:"✗ ";color:#b35900}
        .k{color:var(--muted)}
        svg.tl{display:block;width:100%;max-width:44rem;height:auto}
        svg.tl text{font:11px system-ui,sans-serif;fill:#111;paint-order:stroke;stroke:#fff;stroke-width:3px}
        ol.log{list-style:none;padding:0;margin:.25rem 0}
        ol.log>li{padding:.35rem 0;border-top:1px dashed var(--line)}
        ol.log ul{margin:.15rem 0 0;padding-left:1.25rem}
        .imp{display:inline-block;min-width:6.5em;font-size:.8em;font-weight:600;text-transform:uppercase;\
        letter-spacing:.03em}
        .imp-breaking{color:#a40e26}.imp-meaning{color:#8a4600}.imp-compatible{color:#0550ae}
        .imp-additive,.imp-cosmetic{color:var(--muted)}.imp-unreadable{color:#a40e26}
        details summary{cursor:pointer;color:var(--muted)}
        .defs{position:absolute;width:0;height:0;overflow:hidden}
        footer{margin:2rem auto;color:var(--muted);font-size:.85rem}
        @media print{
        html{font-size:11pt}
        #filters,nav.toc{display:none}
        [hidden]{display:none}
        article{break-inside:avoid;content-visibility:visible;border-color:#999}
        a{color:inherit;text-decoration:none}
        .st{border:1px solid #000;border-left-width:.5em}
        *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        #feature-table thead th{position:static}
        }
        """

    /// Filters the feature table (and the feature sections) from the URL fragment
    /// (`#stage=production&kind=aggregation&owner=…&tag=…&q=txn`); the controls write the
    /// fragment back, so a filtered view is a link. A fragment without `=` names a section
    /// and leaves the filter as it is. Without JavaScript the page shows everything.
    static let script = """
        (function () {
          "use strict";
          var form = document.getElementById("filters");
          var table = document.getElementById("feature-table");
          if (!form || !table) return;
          var keys = ["q", "stage", "kind", "owner", "tag"];
          var rows = Array.prototype.slice.call(table.tBodies[0].rows);
          var text = rows.map(function (r) { return r.textContent.toLowerCase(); });
          var sections = rows.map(function (r) {
            var a = r.querySelector("a[href^='#']");
            return a ? document.getElementById(a.getAttribute("href").slice(1)) : null;
          });
          var shown = document.getElementById("shown");
          form.hidden = false;
          function current() {
            var h = location.hash.slice(1);
            if (h.indexOf("=") < 0) return null;
            var p = new URLSearchParams(h), f = {};
            keys.forEach(function (k) { f[k] = p.get(k) || ""; });
            return f;
          }
          function apply(f) {
            keys.forEach(function (k) { if (form.elements[k]) form.elements[k].value = f[k]; });
            var q = f.q.toLowerCase(), n = 0;
            for (var i = 0; i < rows.length; i++) {
              var d = rows[i].dataset;
              var ok = (!f.stage || d.stage === f.stage) && (!f.kind || d.kind === f.kind) &&
                (!f.owner || d.owner === f.owner) && (!f.tag || d.tags.split("\\n").indexOf(f.tag) >= 0) &&
                (!q || text[i].indexOf(q) >= 0);
              rows[i].hidden = !ok;
              if (sections[i]) sections[i].hidden = !ok;
              if (ok) n++;
            }
            shown.textContent = n === rows.length ? "all " + n + " features" : n + " of " + rows.length + " features";
          }
          function fromControls() {
            var p = new URLSearchParams(), f = {};
            keys.forEach(function (k) {
              f[k] = form.elements[k] ? form.elements[k].value : "";
              if (f[k]) p.set(k, f[k]);
            });
            var s = p.toString();
            history.replaceState(null, "", s ? "#" + s : location.pathname + location.search);
            apply(f);
          }
          form.addEventListener("input", fromControls);
          form.addEventListener("change", fromControls);
          form.addEventListener("submit", function (e) { e.preventDefault(); fromControls(); });
          form.addEventListener("reset", function () { setTimeout(fromControls, 0); });
          window.addEventListener("hashchange", function () { var f = current(); if (f) apply(f); });
          var f = current();
          if (f) apply(f); else fromControlsQuiet();
          function fromControlsQuiet() {
            var g = {};
            keys.forEach(function (k) { g[k] = ""; });
            apply(g);
          }
        })();
        """
}
