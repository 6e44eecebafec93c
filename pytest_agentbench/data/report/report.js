/* pytest-agentbench HTML report: renders the embedded data with Chart.js and highlight.js.
   Everything the agent wrote is untrusted: it is put in the page as text, never as HTML
   (highlight.js escapes the code it colours). */
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("agentbench-data").textContent);
  const DIMS = DATA.dimensions || [];
  const SHORT = { correctness: "corr", idiomaticity: "idiom", performance: "perf", best_practices: "pract" };
  const PALETTE = ["#0969da", "#8250df", "#bf3989", "#1a7f37", "#bc4c00", "#0a7a8a", "#9a6700", "#6e7781"];
  const DIM_COLORS = ["#0969da", "#1a7f37", "#bc4c00", "#8250df", "#bf3989", "#0a7a8a", "#9a6700"];
  const DIFFICULTY_ORDER = { easy: 0, medium: 1, hard: 2 };
  const HLJS_LANG = { python: "python", go: "go", php: "php", ruby: "ruby", java: "java", rust: "rust", typescript: "typescript", javascript: "typescript" };
  const api = { charts: [], data: DATA, errors: [] };
  window.agentbenchReport = api;

  // ---------- small helpers
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v == null || v === false) continue;
        if (k === "text") node.textContent = String(v);
        else if (k === "class") node.className = v;
        else if (k === "dataset") Object.assign(node.dataset, v);
        else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, v === true ? "" : String(v));
      }
    }
    for (const c of children.flat(Infinity)) {
      if (c == null || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  const $ = (id) => document.getElementById(id);
  const num = (v, d = 2) => (v == null ? "n/a" : Number(v).toFixed(d));
  const pct = (v) => (v == null ? "n/a" : Math.round(v * 100) + "%");
  function signed(v, d = 2) {
    if (v == null) return "";
    const r = Number(v).toFixed(d);
    if (Number(r) === 0) return Number(0).toFixed(d);
    return (v > 0 ? "+" : "−") + Math.abs(v).toFixed(d);
  }
  function fmtP(p) {
    if (p == null) return "n/a";
    if (p < 0.0001) return "< 0.0001";
    if (p >= 1) return "1";
    return p < 0.001 ? p.toPrecision(2) : String(Number(p.toPrecision(3)));
  }
  // a p-value with the threshold it was held against (Hochberg's adjusted level), * if significant
  function pCell(t) {
    if (t.p_value == null) return "";
    const held = t.level == null ? "" : " (threshold " + String(Number(t.level.toPrecision(3))) + ")";
    return fmtP(t.p_value) + held + (t.significant ? " *" : "");
  }
  function labelOf(item) { return item.test_id + (item.sample ? "#s" + item.sample : ""); }
  function badge(text, cls) { return el("span", { class: "badge " + cls, text: text }); }
  function resultBadge(item) {
    const r = item.result;
    if (item.origin === "infrastructure") {
      const b = badge(r + " · infrastructure", "infra");
      b.title = "an infrastructure failure, not the agent's: not scored, not compared; --agentbench-resume asks it again";
      return b;
    }
    return badge(r, r === "passed" ? "passed" : r === "skipped" ? "skipped" : "failed");
  }
  function changeBadge(change) {
    if (!change) return "";
    const cls = change === "newly failing" ? "newly-failing" : change === "newly passing" ? "newly-passing" : "neutral";
    return badge(change, cls);
  }
  function deltaSpan(v, d = 2) {
    if (v == null) return "";
    return el("span", { class: v > 0 ? "up" : v < 0 ? "down" : "", text: signed(v, d) });
  }
  function section(id, ...children) {
    const s = $(id);
    s.replaceChildren(...children.flat().filter(Boolean));
    s.hidden = false;
    return s;
  }

  const runs = DATA.runs;
  const current = runs.find((r) => r.role === "current") || runs[0];
  const baseline = runs.find((r) => r.role === "baseline") || null;
  const comparison = DATA.comparison || null;
  const multi = DATA.mode === "leaderboard";

  // ---------- header, verdict, gates, warnings
  function header() {
    const parts = [];
    if (multi) parts.push(runs.length + " runs: " + runs.map((r) => r.label).join(", "));
    else parts.push("agent " + current.agent);
    if (current.started_at) parts.push("run " + current.started_at);
    const suites = (current.suites || []).map((s) => s.name + (s.version ? " " + s.version : ""));
    if (suites.length) parts.push("suites " + suites.join(", "));
    if (baseline) parts.push("baseline " + (comparison ? comparison.baseline.name : baseline.label));
    $("subtitle").textContent = parts.join(" · ");
    $("footer").textContent = "pytest-agentbench " + DATA.plugin_version + " · generated " + DATA.generated_at +
      " · charts: Chart.js " + (window.Chart ? window.Chart.version : "?") + " · highlighting: highlight.js " + (window.hljs ? window.hljs.versionString : "?");
  }

  function verdict() {
    if (!comparison) return;
    const o = comparison.groups.overall;
    const cls = o.verdict === "better" ? "better" : o.verdict === "worse" ? "worse" : "same";
    const s = section("verdict",
      el("div", null, el("span", { class: "verdict-word", text: "Verdict: " + o.verdict }),
        el("span", { class: "muted", text: "  against " + comparison.baseline.name })),
      el("p", { text: o.reason.replace(/^[^:]+:\s*/, "") }),
      el("p", { class: "muted", text: "Pass/fail: " + (comparison.per_problem_rates ? "per-problem pass rates, Wilcoxon signed-rank" : "exact McNemar test on the discordant pairs") +
        "; scores: Wilcoxon signed-rank and a seeded paired bootstrap " + Math.round((1 - comparison.alpha) * 100) + "% interval of the mean difference (seed " + comparison.seed + "). " +
        "The two p-values are adjusted together (Hochberg) at alpha " + comparison.alpha + "; a score change also needs its interval to exclude 0; pass/fail decides when both are significant." }));
    s.className = cls;
  }

  function gates() {
    if (!DATA.gates || !DATA.gates.length) return;
    section("gates", el("h2", { text: "Gates" }),
      DATA.gates.map((g) => el("div", { class: "gate " + (g.tripped ? "tripped" : "ok") },
        (g.tripped ? "✗ " : "✓ ") + g.gate + (g.tripped ? " FAILED: " : " passed: ") + g.measured + " (threshold: " + g.threshold + ")")));
  }

  function warnings() {
    const w = DATA.warnings || [];
    if (!w.length) return;
    section("warnings", w.map((t) => el("div", { class: "warning", text: t })));
  }

  // ---------- KPIs
  // what a dimension's mean averages, as results.coverage says it: " (1 of 12 measured; fewer than half)"
  function coverage(summary, d) {
    const measured = (summary.dimensions_measured || {})[d];
    const scored = summary.passed + summary.failed;
    if (measured == null || measured >= scored) return "";
    return " (" + measured + " of " + scored + " measured" + (2 * measured < scored ? "; fewer than half" : "") + ")";
  }

  function kpis() {
    const cards = [];
    const o = current.aggregate.overall;
    const b = baseline ? baseline.aggregate.overall : null;
    function card(label, value, delta) {
      return el("div", { class: "kpi" }, el("div", { class: "label", text: label }),
        el("div", null, el("span", { class: "value", text: value }), delta != null ? el("span", { class: "delta" }, deltaSpan(delta.v, delta.d), delta.suffix || "") : null));
    }
    if (multi) {
      cards.push(card("runs", String(runs.length)));
      const best = DATA.leaderboard && DATA.leaderboard.rows[0];
      if (best) cards.push(card("leader", best.label + " (" + num(best.mean_weighted_score) + ")"));
    } else {
      cards.push(card("items", String(o.items), b && o.items !== b.items ? { v: o.items - b.items, d: 0 } : null));
      cards.push(card("passed", o.passed + "/" + (o.passed + o.failed), null));
      if (o.infrastructure_failed) cards.push(card("infrastructure failures (not scored)", String(o.infrastructure_failed)));
      cards.push(card("pass rate", pct(o.pass_rate), b && o.pass_rate != null && b.pass_rate != null ? { v: (o.pass_rate - b.pass_rate) * 100, d: 0, suffix: " pts" } : null));
      cards.push(card("mean weighted score", num(o.mean_weighted_score), b && o.mean_weighted_score != null && b.mean_weighted_score != null ? { v: o.mean_weighted_score - b.mean_weighted_score, d: 2 } : null));
      for (const d of DIMS) {
        const v = o.dimensions[d];
        const bv = b ? b.dimensions[d] : null;
        cards.push(card(d.replace("_", " ") + coverage(o, d), num(v), v != null && bv != null ? { v: v - bv, d: 2 } : null));
      }
      if (comparison) {
        cards.push(card("newly failing", String(comparison.groups.overall.newly_failing)));
        cards.push(card("newly passing", String(comparison.groups.overall.newly_passing)));
      }
    }
    section("kpis", cards);
  }

  // ---------- leaderboard and significance tables
  function leaderboard() {
    if (!multi || !DATA.leaderboard) return;
    const rows = DATA.leaderboard.rows;
    const head = el("tr", null, ["#", "agent", "items", "passed", "pass rate", "mean score", ...DIMS, "vs leader"].map((h, i) =>
      el("th", { class: i >= 2 && i < 6 + DIMS.length ? "num" : "", text: h })));
    const body = rows.map((r) => el("tr", null,
      el("td", { class: "num", text: r.rank }), el("td", null, el("code", { text: r.label })),
      el("td", { class: "num", text: r.items }), el("td", { class: "num", text: r.passed + "/" + (r.passed + r.failed) }),
      el("td", { class: "num", text: pct(r.pass_rate) }), el("td", { class: "num" }, el("strong", { text: num(r.mean_weighted_score) })),
      DIMS.map((d) => el("td", { class: "num", text: num(r.dimensions[d]) })),
      el("td", { title: r.vs_leader ? r.vs_leader.reason : "" , text: r.vs_leader ? (r.vs_leader.verdict || "n/a") + (r.vs_leader.pairs ? " (" + r.vs_leader.pairs + " pairs)" : "") : "leader" })));
    section("leaderboard", el("h2", { text: "Leaderboard" }), el("table", { class: "data" }, el("thead", null, head), el("tbody", null, body)),
      (DATA.leaderboard.warnings || []).map((t) => el("div", { class: "warning", text: t })));
  }

  function significance() {
    if (!comparison) return;
    const groups = Object.values(comparison.groups);
    const rows = groups.map((g) => {
      const t = g.pass_test, s = g.score_test;
      const ci = s.ci_low == null ? "" : " [" + signed(s.ci_low) + ", " + signed(s.ci_high) + "]";
      return el("tr", null,
        el("td", null, g.name === "overall" ? el("strong", { text: "all" }) : g.name),
        el("td", { class: "num", text: g.problems }),
        el("td", { class: "num", text: g.newly_failing }), el("td", { class: "num", text: g.newly_passing }),
        el("td", { class: "num", text: pct(g.baseline_pass_rate) + " → " + pct(g.current_pass_rate) }),
        el("td", { class: "num", title: t.test, text: g.problems ? pCell(t) : "" }),
        el("td", { class: "num", text: num(g.baseline_score) + " → " + num(g.current_score) }),
        el("td", { class: "num", text: s.pairs ? signed(s.mean_difference) + ci : "" }),
        el("td", { class: "num", title: s.test, text: s.pairs ? pCell(s) : "" }),
        el("td", null, badge(g.verdict, g.verdict === "worse" ? "failed" : g.verdict === "better" ? "passed" : "neutral")));
    });
    const head = el("tr", null, ["group", "pairs", "newly failing", "newly passing", "pass rate", "pass/fail p", "mean score", "score change [CI]", "score p", "verdict"].map((h, i) =>
      el("th", { class: i > 0 && i < 9 ? "num" : "", text: h })));
    const extra = [];
    for (const n of comparison.notes || []) extra.push(el("p", { class: "muted", text: n }));
    const lists = [["Only in the baseline", comparison.only_baseline], ["Only in this run", comparison.only_current]];
    for (const [title, list] of lists) {
      if (list && list.length) extra.push(el("details", null, el("summary", { text: title + " (" + list.length + ")" }),
        el("ul", null, list.map((e) => el("li", null, el("code", { text: labelOf(e) }), " " + e.suite + " (" + e.language + "): " + e.result)))));
    }
    if (comparison.not_compared && comparison.not_compared.length) {
      extra.push(el("details", null, el("summary", { text: "Not compared (" + comparison.not_compared.length + ")" }),
        el("ul", null, comparison.not_compared.map((n) => el("li", null, el("code", { text: n.test_id }), " " + n.reason)))));
    }
    section("significance", el("h2", { text: "Significance" }),
      el("table", { class: "data stat-table" }, el("thead", null, head), el("tbody", null, rows)),
      el("p", { class: "muted", text: "Each p-value is held against its threshold: Hochberg's adjusted level at alpha " + comparison.alpha + " (the smaller of two p-values against alpha / 2 unless both pass alpha). * significant (a score change also needs its interval to exclude 0). Pairs are problems; with several samples per problem, pass rates are compared." }), extra);
  }

  // ---------- charts
  function chartBox(title, id, note) {
    const canvas = el("canvas", { id: id, role: "img", "aria-label": title });
    const box = el("div", { class: "chart" }, el("h3", { text: title }), el("div", { class: "canvas-box" }, canvas), note ? el("p", { class: "muted", text: note }) : null);
    $("charts").append(box);
    return canvas;
  }
  function runOrder() {
    if (comparison && baseline) return [baseline, current];
    return runs;
  }
  function short(text, n = 40) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }
  function chartLabel(run) {
    if (run.role === "baseline") return "baseline: " + short(run.agent, 32);
    if (run.role === "current" && baseline) return "this run: " + short(run.agent, 32);
    return short(run.label);
  }
  function runColor(run, i) {
    if (run.role === "baseline") return "#8c959f";
    if (run.role === "current") return "#0969da";
    return PALETTE[i % PALETTE.length];
  }
  function bar(canvas, labels, datasets, yMax, yLabel, extra) {
    const chart = new window.Chart(canvas, Object.assign({
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, max: yMax, title: { display: !!yLabel, text: yLabel } } },
        plugins: { legend: { display: datasets.length > 1, position: "bottom" } },
      },
    }, extra || {}));
    api.charts.push(chart);
    return chart;
  }
  function unionKeys(key, order) {
    const out = [];
    for (const r of runOrder()) for (const k of Object.keys(r.aggregate[key] || {})) if (!out.includes(k)) out.push(k);
    if (order) out.sort((a, b) => (order[a] ?? 9) - (order[b] ?? 9));
    return out;
  }
  function charts() {
    if (!window.Chart) { api.errors.push("Chart.js is missing"); return; }
    const order = runOrder();
    const languages = unionKeys("by_language");
    bar(chartBox("Mean weighted score by language", "chart-language"), languages,
      order.map((r, i) => ({ label: chartLabel(r), backgroundColor: runColor(r, i),
        data: languages.map((l) => (r.aggregate.by_language[l] || {}).mean_weighted_score ?? null) })), 10, "score (0-10)");
    const dimLabels = [...DIMS, "weighted"];
    bar(chartBox("Mean score by dimension", "chart-dimensions", "n/a dimensions have no bar"), dimLabels.map((d) => d.replace("_", " ")),
      order.map((r, i) => ({ label: chartLabel(r), backgroundColor: runColor(r, i),
        data: dimLabels.map((d) => d === "weighted" ? r.aggregate.overall.mean_weighted_score : (r.aggregate.overall.dimensions[d] ?? null)) })), 10, "score (0-10)");
    const difficulties = unionKeys("by_difficulty", DIFFICULTY_ORDER);
    bar(chartBox("Pass rate by difficulty", "chart-difficulty"), difficulties,
      order.map((r, i) => ({ label: chartLabel(r), backgroundColor: runColor(r, i),
        data: difficulties.map((d) => { const s = r.aggregate.by_difficulty[d]; return s && s.pass_rate != null ? Math.round(s.pass_rate * 1000) / 10 : null; }) })), 100, "% passed");
    const curLangs = Object.keys(current.aggregate.by_language);
    bar(chartBox("Dimensions by language" + (multi ? " (" + current.label + ")" : ""), "chart-language-dimensions"), curLangs,
      DIMS.map((d, i) => ({ label: d.replace("_", " "), backgroundColor: DIM_COLORS[i % DIM_COLORS.length],
        data: curLangs.map((l) => current.aggregate.by_language[l].dimensions[d] ?? null) })), 10, "score (0-10)");
    if (comparison) {
      const moved = DATA.items.filter((it) => it.delta != null).sort((a, b) => a.delta - b.delta);
      bar(chartBox("Weighted score change per problem", "chart-deltas", moved.length ? "sorted; red: lower than the baseline, green: higher" : "no paired scores"),
        moved.map(labelOf), [{ label: "score change", data: moved.map((it) => it.delta),
          backgroundColor: moved.map((it) => it.delta < 0 ? "#cf222e" : it.delta > 0 ? "#1a7f37" : "#8c959f") }], undefined, "points",
        { options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } },
          scales: { x: { ticks: { autoSkip: true, maxRotation: 60 } }, y: { title: { display: true, text: "points" } } } } });
    }
  }

  // ---------- the problem table
  const items = DATA.items;
  const hasSamples = items.some((it) => it.sample);
  const columns = [];
  if (multi) columns.push({ key: "run", title: "run", get: (it) => runs[it.run].label });
  columns.push({ key: "test_id", title: "test id", get: labelOf, render: (it) => el("code", { text: labelOf(it) }) });
  columns.push({ key: "language", title: "language", get: (it) => it.language });
  columns.push({ key: "difficulty", title: "difficulty", get: (it) => DIFFICULTY_ORDER[it.difficulty] ?? 9, render: (it) => it.difficulty });
  columns.push({ key: "category", title: "category", get: (it) => it.category });
  if (hasSamples) columns.push({ key: "sample", title: "sample", get: (it) => it.sample, num: true });
  columns.push({ key: "result", title: "result", get: (it) => it.result, render: resultBadge });
  if (comparison) columns.push({ key: "change", title: "change", get: (it) => it.change || "", render: (it) => changeBadge(it.change) });
  columns.push({ key: "cases", title: "cases", num: true, get: (it) => it.cases_total ? it.cases_passed / it.cases_total : -1,
    render: (it) => it.result === "skipped" ? "-" : it.cases_passed + "/" + it.cases_total });
  for (const d of DIMS) columns.push({ key: "dim:" + d, title: SHORT[d] || d, titleAttr: d, num: true, get: (it) => it.dims[d] ?? null, render: (it) => num(it.dims[d], 1) });
  columns.push({ key: "score", title: "score", num: true, get: (it) => it.score ?? null, render: (it) => el("strong", { text: num(it.score) }) });
  if (comparison) columns.push({ key: "delta", title: "Δ score", num: true, get: (it) => it.delta ?? null, render: (it) => deltaSpan(it.delta) });
  columns.push({ key: "time", title: "secs", num: true, get: (it) => it.time ?? null, render: (it) => it.time == null ? "" : Number(it.time).toFixed(2) });

  const state = { sortKey: null, sortDir: 1 };
  const rowsByIndex = new Map();

  function buildTable() {
    const table = $("problem-table");
    const headRow = el("tr", null, columns.map((c) => el("th", {
      class: c.num ? "num" : "", title: c.titleAttr || "sort by " + c.title, "data-key": c.key, scope: "col",
      onclick: () => sortBy(c.key),
    }, c.title)));
    table.tHead.replaceChildren(headRow);
    const tbody = table.tBodies[0];
    items.forEach((it, i) => {
      const tr = el("tr", { class: "row", dataset: { index: String(i) }, tabindex: "0", "aria-expanded": "false",
        onclick: () => toggle(i), onkeydown: (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); toggle(i); } } },
      columns.map((c) => el("td", { class: c.num ? "num" : "" }, c.render ? c.render(it) : String(c.get(it) ?? ""))));
      rowsByIndex.set(i, { tr: tr, detail: null });
      tbody.append(tr);
    });
  }

  function sortBy(key) {
    if (state.sortKey === key) state.sortDir = -state.sortDir; else { state.sortKey = key; state.sortDir = 1; }
    const col = columns.find((c) => c.key === key);
    const idx = items.map((_, i) => i);
    idx.sort((a, b) => {
      const va = col.get(items[a]), vb = col.get(items[b]);
      if (va == null && vb == null) return a - b;
      if (va == null) return 1;
      if (vb == null) return -1;
      const cmp = typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb));
      return cmp * state.sortDir || a - b;
    });
    const tbody = $("problem-table").tBodies[0];
    for (const i of idx) {
      const r = rowsByIndex.get(i);
      tbody.append(r.tr);
      if (r.detail) tbody.append(r.detail);
    }
    for (const th of $("problem-table").tHead.rows[0].cells) {
      th.setAttribute("aria-sort", th.dataset.key === key ? (state.sortDir > 0 ? "ascending" : "descending") : "none");
    }
  }

  function options(select, label, values) {
    select.replaceChildren(el("option", { value: "", text: "all " + label }), ...values.map((v) => el("option", { value: v[0], text: v[1] })));
  }
  function setupFilters() {
    const uniq = (f) => [...new Set(items.map(f))].filter((v) => v != null && v !== "");
    options($("filter-language"), "languages", uniq((it) => it.language).sort().map((v) => [v, v]));
    options($("filter-difficulty"), "difficulties", uniq((it) => it.difficulty).sort((a, b) => (DIFFICULTY_ORDER[a] ?? 9) - (DIFFICULTY_ORDER[b] ?? 9)).map((v) => [v, v]));
    const results = [["passed", "passed"], ["failed", "failed (any)"], ["skipped", "skipped"]];
    if (items.some((it) => it.origin === "infrastructure")) results.push(["infrastructure", "infrastructure failures"]);
    for (const k of uniq((it) => it.result).sort()) if (!["passed", "skipped"].includes(k)) results.push([k, k]);
    options($("filter-result"), "results", results);
    if (comparison) {
      options($("filter-change"), "changes", [["newly failing", "newly failing"], ["newly passing", "newly passing"], ["still passing", "still passing"],
        ["still failing", "still failing"], ["score down", "score down"], ["score up", "score up"], ["only in the baseline", "only in the baseline"],
        ["only in this run", "only in this run"], ["not compared", "not compared"]]);
      $("filter-change").hidden = false;
    }
    if (multi) {
      options($("filter-run"), "runs", runs.map((r, i) => [String(i), r.label]));
      $("filter-run").hidden = false;
    }
    for (const id of ["filter-text", "filter-run", "filter-language", "filter-difficulty", "filter-result", "filter-change"]) {
      $(id).addEventListener("input", applyFilters);
      $(id).addEventListener("change", applyFilters);
    }
  }
  function matches(it) {
    const text = $("filter-text").value.trim().toLowerCase();
    if (text) {
      const hay = [labelOf(it), it.name, it.category, it.suite, it.language, it.message, it.result, it.change].join(" ").toLowerCase();
      if (!text.split(/\s+/).every((w) => hay.includes(w))) return false;
    }
    const run = $("filter-run").value;
    if (run !== "" && String(it.run) !== run) return false;
    const lang = $("filter-language").value;
    if (lang && it.language !== lang) return false;
    const diff = $("filter-difficulty").value;
    if (diff && it.difficulty !== diff) return false;
    const res = $("filter-result").value;
    if (res === "infrastructure" ? it.origin !== "infrastructure" : res === "failed" ? !(it.result !== "passed" && it.result !== "skipped") : res && it.result !== res) return false;
    const ch = $("filter-change").value;
    if (ch === "score down") return it.delta != null && it.delta < 0;
    if (ch === "score up") return it.delta != null && it.delta > 0;
    if (ch && it.change !== ch) return false;
    return true;
  }
  function applyFilters() {
    let shown = 0;
    items.forEach((it, i) => {
      const r = rowsByIndex.get(i);
      const ok = matches(it);
      r.tr.hidden = !ok;
      if (r.detail) r.detail.hidden = !ok;
      if (ok) shown++;
    });
    $("filter-count").textContent = "showing " + shown + " of " + items.length;
    return shown;
  }

  // ---------- the detail of one problem
  function toggle(i) {
    const r = rowsByIndex.get(i);
    if (r.detail) {
      r.detail.remove(); r.detail = null; r.tr.classList.remove("open"); r.tr.setAttribute("aria-expanded", "false");
      return;
    }
    r.detail = el("tr", { class: "detail" }, el("td", { colspan: String(columns.length) }, detail(items[i])));
    r.tr.after(r.detail);
    r.tr.classList.add("open");
    r.tr.setAttribute("aria-expanded", "true");
  }

  function codeBlock(code, language) {
    const c = el("code", { class: "hljs" });
    const lang = HLJS_LANG[language];
    if (window.hljs && lang && window.hljs.getLanguage(lang)) {
      c.innerHTML = window.hljs.highlight(code, { language: lang, ignoreIllegals: true }).value; // escaped by highlight.js
      c.classList.add("language-" + lang);
    } else {
      c.textContent = code;
    }
    return el("pre", null, c);
  }

  function dimensionBlock(name, d, delta) {
    const lost = d.score == null ? null : Math.max(0, 10 - d.score);
    const head = el("div", { class: "head" },
      el("strong", { text: name.replace("_", " ") }),
      el("span", null, d.score == null ? el("span", { class: "muted", text: "n/a" }) : num(d.score, 2), " × " + d.weight,
        lost ? el("span", { class: "lost", text: "  −" + num(lost, 2) }) : null, delta != null && delta !== 0 ? el("span", { text: "  (" }, deltaSpan(delta), ")") : null));
    const body = [];
    if (d.reason) body.push(el("div", { class: "muted", text: d.reason }));
    if (d.formula) body.push(el("div", { class: "mono muted", text: d.formula }));
    if (d.ratio_text) body.push(el("div", { class: "mono muted", text: d.ratio_text }));
    if (d.cases_text) body.push(el("div", { class: "muted", text: d.cases_text }));
    if (d.findings && d.findings.length) {
      body.push(el("ul", null, d.findings.map((f) => el("li", null,
        el("code", { text: (f.tool ? f.tool + " " : "") + (f.rule || "") }),
        f.line ? " line " + f.line + ": " : ": ", f.message || "", f.weight != null && f.weight !== 1 ? " (×" + f.weight + ")" : ""))));
    }
    if (d.extra) body.push(el("div", { class: "muted", text: d.extra }));
    return el("div", { class: "dim" }, head, body);
  }

  function casesTable(it) {
    if (!it.cases.length && !it.not_executable.length) return el("p", { class: "muted", text: "No case ran." });
    const rows = it.cases.map((c) => el("tr", null,
      el("td", { class: "num", text: c.index }), el("td", { text: c.name || "" }),
      el("td", null, badge(c.status, c.status === "passed" ? "passed" : "failed")),
      el("td", { class: "val", text: c.expected ?? "" }), el("td", { class: "val", text: c.actual ?? "" }),
      el("td", { class: "val", text: c.message || "" })));
    for (const n of it.not_executable) rows.push(el("tr", null, el("td", { class: "num", text: n.index }), el("td", { text: n.name || "" }),
      el("td", null, badge("not executable", "skipped")), el("td", { colspan: "3", class: "muted", text: n.reason || "" })));
    return el("table", { class: "cases" }, el("thead", null, el("tr", null, ["#", "case", "outcome", "expected", "actual", "message"].map((h) => el("th", { text: h })))), el("tbody", null, rows));
  }

  function detail(it) {
    const left = [], right = [];
    const meta = [it.name, it.suite + (it.suite_version ? " " + it.suite_version : ""), it.language, it.difficulty, it.category, multi ? runs[it.run].label : null].filter(Boolean).join(" · ");
    left.push(el("div", { class: "muted", text: meta }));
    if (it.message) left.push(el("h3", { text: "Why" }), el("pre", { class: "wrap", text: it.message }));
    if (it.solution != null) {
      left.push(el("h3", { text: "Solution" }), it.solution_source ? el("div", { class: "muted", text: "taken from: " + it.solution_source }) : null, codeBlock(it.solution, it.language));
    } else {
      left.push(el("h3", { text: "Solution" }), el("p", { class: "muted", text: "No solution was extracted from the answer." }));
    }
    if (it.answer) left.push(el("details", null, el("summary", { text: "The agent's answer" + (it.answer_truncated ? " (last 4000 characters)" : "") }), el("pre", { class: "wrap", text: it.answer })));
    if (it.agent_stderr) left.push(el("details", null, el("summary", { text: "Agent stderr" }), el("pre", { class: "wrap", text: it.agent_stderr })));
    if (it.stdout) left.push(el("details", null, el("summary", { text: "Solution stdout" }), el("pre", { class: "wrap", text: it.stdout })));
    if (it.stderr) left.push(el("details", null, el("summary", { text: "Solution stderr" }), el("pre", { class: "wrap", text: it.stderr })));
    if (it.baseline) {
      const b = it.baseline;
      const bl = [el("div", null, "Baseline: ", resultBadge(b), " score " + num(b.score) + (b.message ? " — " + b.message : ""))];
      if (b.solution != null) bl.push(el("details", null, el("summary", { text: "Baseline solution (differs)" }), codeBlock(b.solution, it.language)));
      else bl.push(el("div", { class: "muted", text: "Same solution as the baseline." }));
      left.push(el("h3", { text: "Against the baseline" }), bl);
    }
    right.push(el("h3", { text: "Scores" }));
    right.push(el("div", null, "weighted score ", el("strong", { text: num(it.score) }), it.delta != null ? el("span", null, " (", deltaSpan(it.delta), ")") : null));
    for (const [name, d] of Object.entries(it.details)) right.push(dimensionBlock(name, d, it.dim_deltas ? it.dim_deltas[name] : null));
    right.push(el("h3", { text: "Cases (" + it.cases_passed + "/" + it.cases_total + " passed)" }), casesTable(it));
    return el("div", { class: "grid" }, el("div", null, left), el("div", null, right));
  }

  function run(step, fn) {
    try { fn(); } catch (err) { api.errors.push(step + ": " + err); console.error("agentbench report, " + step + ":", err); }
  }
  run("header", header);
  run("verdict", verdict);
  run("gates", gates);
  run("warnings", warnings);
  run("kpis", kpis);
  run("leaderboard", leaderboard);
  run("significance", significance);
  run("charts", charts);
  run("table", buildTable);
  run("filters", setupFilters);
  run("count", applyFilters);
  api.applyFilters = applyFilters;
  api.sortBy = sortBy;
  api.toggle = toggle;
  api.ready = true;
})();
