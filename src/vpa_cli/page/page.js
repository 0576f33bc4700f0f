// @ts-check
// The interactive timeline of a vpa page: an SVG time axis drawn from the JSON in
// #vpa-data, kind and partner filters, zoom and pan, and the evidence panel.
// Text from the data is only ever set with textContent or setAttribute. Each event is
// rendered once, in Python, as an article of the list view: the evidence panel shows a
// copy of that article, and every mark and its meaning comes from the data's `marks`.
(() => {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const YEAR = 365.2425 * DAY;
  const PAD = 24; // px before the first and after the last date
  const TICKS_HEIGHT = 26;
  const LANE_HEAD = 17;
  const ROW = 27;
  const LANE_GAP = 4;
  const TAIL = 26; // the fading end of an open range
  const LABEL_MAX = 38; // characters of a title on the axis; the panel shows it whole
  const MIN_PX_PER_YEAR = 2;
  const START_PX_PER_YEAR = 10; // at first, a phone scrolls rather than squeezes
  const MAX_PX_PER_YEAR = 4000;
  const ZOOM_STEP = 1.5;
  const HATCH = 5; // px between the stripes of a weak event's mark

  const data = JSON.parse(document.getElementById("vpa-data").textContent);
  const marks = data.marks || {};
  const bases = marks.date_bases || {};
  const filtered = (data.filters || []).length > 0;
  const kinds = [...new Set(data.events.map((e) => e.kind))];
  const kindClass = new Map(kinds.map((k, i) => [k, "k" + (i % 12)]));
  const partners = partnerChoices(data.events);
  // The payload lists events in date order: that is the order of drawing and of Tab.
  const events = data.events.map((ev) => ({ ev, span: spanOf(ev.date) }));
  const domain = domainOf(events);

  const state = { kinds: new Set(kinds), partner: "", pxPerYear: 0, selected: null, opener: null };
  const axis = document.getElementById("axis");
  const panel = document.getElementById("panel");
  const measure = document.createElement("canvas").getContext("2d");
  let dragged = false;
  let sliding = [];

  // ------------------------------------------------------------------ DOM helpers

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    node.append(...children.filter((c) => c !== null && c !== undefined && c !== ""));
    return node;
  }

  function s(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
    }
  }

  // ------------------------------------------------------------------ dates

  function day(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    const t = new Date(0);
    t.setUTCFullYear(y, m - 1, d); // Date.UTC would read years below 100 as 19xx
    return t.getTime();
  }

  // Where an event sits on the axis: `from`/`to` in ms (end exclusive), or null
  // where the date is open; `asOf` is how far the sources speak of an open end.
  function spanOf(date) {
    const from = date.start ? day(date.start) : null;
    const to = date.end ? day(date.end) + DAY : null;
    const asOf = date.as_of ? day(date.as_of) + DAY : null;
    const point = date.precision === "day" && date.start !== null && date.start === date.end;
    return { from, to, asOf, point };
  }

  // The years the axis shows: every known date, and some room before a range open at its start.
  function domainOf(items) {
    const known = items.flatMap(({ span }) => [span.from, span.to, span.asOf]).filter((t) => t !== null);
    if (!known.length) return { min: Date.UTC(2000, 0, 1), max: Date.UTC(2001, 0, 1) };
    let min = Math.min(...known);
    const max = Math.max(...known);
    const lead = Math.max((max - min) * 0.08, 3 * YEAR);
    for (const { span } of items) if (span.from === null) min = Math.min(min, (span.to ?? span.asOf) - lead);
    const margin = Math.max((max - min) * 0.02, 60 * DAY);
    return { min: min - margin, max: max + margin };
  }

  // ------------------------------------------------------------------ filters

  function partnerChoices(list) {
    const names = new Map();
    for (const ev of list) for (const p of ev.partners) if (!names.has(p.id)) names.set(p.id, p.name);
    return [...names].sort((a, b) => a[1].localeCompare(b[1]));
  }

  function visible(ev) {
    return state.kinds.has(ev.kind) && (!state.partner || ev.partners.some((p) => p.id === state.partner));
  }

  function buildFilters() {
    const box = document.getElementById("kind-filters");
    for (const kind of kinds) {
      const count = data.events.filter((e) => e.kind === kind).length;
      const input = h("input", { type: "checkbox", value: kind, checked: true });
      input.addEventListener("change", () => {
        if (input.checked) state.kinds.add(kind);
        else state.kinds.delete(kind);
        refresh();
      });
      box.append(h("label", { class: "chip " + kindClass.get(kind) }, input, h("span", { class: "swatch" }), `${kind} (${count})`));
    }
    const select = /** @type {HTMLSelectElement} */ (document.getElementById("partner-filter"));
    // A page made with filters holds only some events: its "all" is all on the page.
    select.options[0].textContent = filtered ? "All on this page" : "All partners";
    for (const [id, name] of partners) select.append(h("option", { value: id }, name));
    select.addEventListener("change", () => {
      state.partner = select.value;
      refresh();
    });
  }

  function refresh() {
    const shown = data.events.filter(visible);
    for (const ev of data.events) {
      const article = document.getElementById("event-" + ev.id);
      if (article) article.hidden = !visible(ev);
    }
    const text = `Showing ${shown.length} of ${data.events.length} events`;
    document.getElementById("kinds-count").textContent = `(${state.kinds.size} of ${kinds.length} shown)`;
    document.getElementById("axis-count").textContent = text;
    document.getElementById("list-count").textContent = text;
    draw();
  }

  // ------------------------------------------------------------------ layout

  function labelOf(ev) {
    const title = ev.title.length > LABEL_MAX ? ev.title.slice(0, LABEL_MAX - 1).trimEnd() + "…" : ev.title;
    return ev.date.mark ? `${title} ${ev.date.mark}` : title;
  }

  // How far an open range runs, at the as-of date's own precision: "as of 2 Sep 2025".
  function openText(ev) {
    return ev.date.as_of_shown ? `as of ${ev.date.as_of_shown}` : "open";
  }

  function textWidth(text, font) {
    measure.font = font;
    return measure.measureText(text).width;
  }

  // Lanes by kind; inside a lane, each event takes the first row where neither its
  // mark nor its label meets another. A label runs right from the start of its mark,
  // or ends at the end of the mark where it would run off the axis.
  function layout(x, limit) {
    const laneOf = new Map();
    const lanes = [];
    const items = [];
    const style = getComputedStyle(axis);
    const font = `${style.fontSize} ${style.fontFamily}`;
    const small = `italic 11px ${style.fontFamily}`;
    for (const { ev, span } of events) {
      if (!visible(ev)) continue;
      if (!laneOf.has(ev.kind)) {
        laneOf.set(ev.kind, lanes.length);
        lanes.push({ kind: ev.kind, rows: [] });
      }
      const lane = lanes[laneOf.get(ev.kind)];
      const x0 = span.from === null ? x(domain.min) : x(span.from);
      const end = span.to ?? span.asOf ?? domain.max;
      const x1 = Math.max(x(end), x0 + (span.point ? 0 : 4));
      const tail = span.to === null ? TAIL + 4 + textWidth(openText(ev), small) : 0;
      const labelWidth = textWidth(labelOf(ev), font);
      const after = span.point ? x0 + 9 : x0;
      const labelX = after + labelWidth + 10 > limit ? Math.max(0, (span.point ? x0 - 9 : x1) - labelWidth) : after;
      const left = Math.min(span.point ? x0 - 7 : x0 - (span.from === null ? TAIL : 0), labelX) - 4;
      const right = Math.max(x1 + tail, labelX + labelWidth) + 10;
      let row = lane.rows.findIndex((taken) => taken.every(([a, b]) => b <= left || a >= right));
      if (row < 0) row = lane.rows.push([]) - 1;
      lane.rows[row].push([left, right]);
      items.push({ ev, span, lane: laneOf.get(ev.kind), row, x0, x1, labelX, labelWidth, left, right });
    }
    let y = 0; // the year scale sits above the chart, in a header of its own
    for (const lane of lanes) {
      lane.y = y;
      y += LANE_HEAD + lane.rows.length * ROW + LANE_GAP;
    }
    return { lanes, items, height: y + 4 };
  }

  // ------------------------------------------------------------------ drawing

  // Room after the last date for the fading end and "as of" of open ranges.
  const RESERVE = Math.max(
    0,
    ...events
      .filter((e) => e.span.to === null)
      .map((e) => TAIL + 10 + textWidth(openText(e.ev), `italic 11px ${getComputedStyle(axis).fontFamily}`)),
  );

  function fitPxPerYear() {
    const span = (domain.max - domain.min) / YEAR;
    return clamp((axis.clientWidth - 2 * PAD - RESERVE) / span, MIN_PX_PER_YEAR, MAX_PX_PER_YEAR);
  }

  function clamp(v, lo, hi) {
    return Math.min(hi, Math.max(lo, v));
  }

  function scale() {
    const perMs = state.pxPerYear / YEAR;
    return (t) => PAD + (t - domain.min) * perMs;
  }

  function draw() {
    const active = /** @type {HTMLElement | SVGElement | null} */ (document.activeElement);
    const focused = active && active.dataset ? active.dataset.id : null;
    const x = scale();
    const limit = x(domain.max) + PAD + RESERVE;
    const { lanes, items, height } = layout(x, limit);
    const width = Math.ceil(Math.max(limit, ...items.map((i) => i.right)));
    const times = tickTimes().filter((t) => x(t.time) >= 0 && x(t.time) <= width);
    const svg = s("svg", { width, height, class: "chart", role: "presentation" });
    svg.append(defs(lanes));
    lanes.forEach((lane, i) => svg.append(laneBand(lane, i, width)));
    svg.append(tickLines(x, times, height));
    for (const item of items) svg.append(eventMark(item, lanes[item.lane]));
    // A long bar keeps its label in view while its start is scrolled off to the left.
    sliding = items.filter((i) => !i.span.point && i.labelX === i.x0 && i.x1 - i.x0 > i.labelWidth + 12);
    const heads = h("div", { class: "lane-heads", "aria-hidden": "true" });
    for (const lane of lanes) {
      heads.append(h("span", { class: "lane-head " + kindClass.get(lane.kind) }, lane.kind));
    }
    // The year scale: a header that stays at the top of the axis while its lanes scroll.
    const years = h("div", { class: "scale", "aria-hidden": "true" }, tickLabels(x, times, width));
    const track = h("div", { class: "track" }, years, heads, svg);
    track.style.width = width + "px";
    [...heads.children].forEach((head, i) => (head.style.top = lanes[i].y + 1 + "px"));
    const empty = items.length ? null : h("p", { class: "empty" }, "No event matches the filters.");
    axis.replaceChildren(empty || track);
    const again = focused && markOf(focused);
    if (again) again.focus({ preventScroll: true });
    markSelected();
    slideLabels();
  }

  // Open the axis where most of the shown events are, not on empty years: of the
  // windows as wide as the axis that start or end at an event, the one holding most.
  function scrollToEvents() {
    const view = axis.clientWidth;
    const room = axis.scrollWidth - view;
    if (room <= 0) return;
    const x = scale();
    const spans = events
      .filter(({ ev }) => visible(ev))
      .map(({ span }) => [x(span.from ?? domain.min), x(span.to ?? span.asOf ?? domain.max)]);
    let best = 0;
    let most = -1;
    for (const left of [0, ...spans.flatMap(([a, b]) => [a - PAD, b + PAD - view])]) {
      const at = clamp(left, 0, room);
      const count = spans.filter(([a, b]) => b >= at && a <= at + view).length;
      if (count > most) [best, most] = [at, count];
    }
    axis.scrollLeft = best;
    slideLabels();
  }

  function slideLabels() {
    const edge = axis.scrollLeft + 6;
    for (const item of sliding) {
      item.label.setAttribute("x", clamp(edge, item.x0, item.x1 - item.labelWidth - 6));
    }
  }

  /** @returns {SVGGElement[]} the events' marks now drawn on the axis */
  function eventMarks() {
    return /** @type {SVGGElement[]} */ ([...axis.querySelectorAll("g.event")]);
  }

  function markOf(id) {
    return eventMarks().find((node) => node.dataset.id === id) || null;
  }

  // The fades of open ends, and for each kind a hatch of its colour, which fills the
  // marks of events that rest only on weak sources.
  function defs(lanes) {
    const node = s("defs");
    for (const cls of new Set(lanes.map((lane) => kindClass.get(lane.kind)))) {
      const hatch = s("pattern", {
        id: "hatch-" + cls,
        class: "hatch " + cls,
        patternUnits: "userSpaceOnUse",
        width: HATCH,
        height: HATCH,
        patternTransform: "rotate(45)",
      });
      hatch.append(s("rect", { class: "hatch-bg", width: HATCH, height: HATCH }), s("rect", { class: "hatch-stripe", width: 2, height: HATCH }));
      node.append(hatch);
    }
    for (const [id, x1, x2] of [["fade-out", 0, 1], ["fade-in", 1, 0]]) {
      const grad = s("linearGradient", { id: id + "-g", x1, x2, y1: 0, y2: 0 });
      grad.append(s("stop", { offset: 0, "stop-color": "#fff" }), s("stop", { offset: 1, "stop-color": "#000" }));
      const mask = s("mask", { id, maskContentUnits: "objectBoundingBox" });
      mask.append(s("rect", { width: 1, height: 1, fill: `url(#${id}-g)` }));
      node.append(grad, mask);
    }
    return node;
  }

  function laneBand(lane, i, width) {
    const g = s("g", { class: "lane " + (i % 2 ? "odd" : "even") });
    g.append(s("rect", { x: 0, y: lane.y, width, height: LANE_HEAD + lane.rows.length * ROW, class: "lane-bg" }));
    return g;
  }

  function tickLines(x, times, height) {
    const g = s("g", { class: "ticks" });
    for (const t of times) {
      const tx = x(t.time);
      g.append(s("line", { x1: tx, x2: tx, y1: 0, y2: height, class: t.major ? "major" : "minor" }));
    }
    return g;
  }

  function tickLabels(x, times, width) {
    const svg = s("svg", { width, height: TICKS_HEIGHT, class: "scale-chart", role: "presentation" });
    const g = s("g", { class: "ticks" });
    for (const t of times) {
      const tx = x(t.time);
      g.append(s("line", { x1: tx, x2: tx, y1: TICKS_HEIGHT - 6, y2: TICKS_HEIGHT, class: t.major ? "major" : "minor" }));
      const label = s("text", { x: tx + 3, y: TICKS_HEIGHT - 10, class: "tick-label" });
      label.textContent = t.label;
      g.append(label);
    }
    svg.append(g);
    return svg;
  }

  function tickTimes() {
    const out = [];
    const first = new Date(domain.min).getUTCFullYear();
    const last = new Date(domain.max).getUTCFullYear();
    const monthPx = state.pxPerYear / 12;
    if (monthPx >= 40) {
      const step = [1, 2, 3, 6].find((m) => m * monthPx >= 48) || 6;
      const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
      for (let y = first; y <= last; y++) {
        for (let m = 0; m < 12; m += step) {
          out.push({ time: Date.UTC(y, m, 1), label: m === 0 ? String(y) : names[m], major: m === 0 });
        }
      }
      return out;
    }
    const step = [1, 2, 5, 10, 20, 25, 50, 100].find((n) => n * state.pxPerYear >= 48) || 100;
    for (let y = Math.ceil(first / step) * step; y <= last; y += step) {
      out.push({ time: Date.UTC(y, 0, 1), label: String(y), major: y % (step * 5) === 0 || step >= 10 });
    }
    return out;
  }

  function ariaLabel(ev) {
    const d = ev.date;
    const parts = [ev.title, d.display];
    if (d.mark) parts.push(`date ${d.basis}: ${(bases[d.basis] || {}).words || d.basis}`);
    if (d.approximate) parts.push("approximate");
    if (d.uncertain) parts.push("uncertain");
    if (d.open_end) parts.push("open-ended, " + openText(ev));
    parts.push(ev.kind);
    if (ev.weak) parts.push(marks.weak_claim);
    return parts.join(", ");
  }

  function eventMark(item, lane) {
    const { ev, span, x0, x1 } = item;
    const top = lane.y + LANE_HEAD + item.row * ROW;
    const barY = top + 18;
    const fuzzy = ev.date.approximate || ev.date.uncertain;
    const g = s("g", {
      class: ["event", kindClass.get(ev.kind), fuzzy ? "fuzzy" : "", ev.weak ? "weak" : ""].join(" ").trim(),
      tabindex: 0,
      role: "button",
      "aria-label": ariaLabel(ev),
      "data-id": ev.id,
    });
    const tip = s("title");
    tip.textContent = `${ev.title} (${ev.date.shown || ev.date.display})`;
    g.append(tip, s("rect", { class: "hit", x: item.left, y: top + 1, width: item.right - item.left - 6, height: ROW - 2, rx: 4 }));
    if (span.point) {
      g.append(s("path", { class: "mark", d: `M${x0} ${barY - 6} l6 6 -6 6 -6 -6Z` }));
    } else {
      g.append(s("rect", { class: "mark", x: x0, y: barY - 4, width: Math.max(x1 - x0, 4), height: 8, rx: 2 }));
    }
    if (span.from === null) {
      g.append(s("rect", { class: "mark tail", x: x0 - TAIL, y: barY - 4, width: TAIL, height: 8, mask: "url(#fade-in)" }));
    }
    if (span.to === null) {
      g.append(s("rect", { class: "mark tail", x: x1, y: barY - 4, width: TAIL, height: 8, mask: "url(#fade-out)" }));
      g.append(s("path", { class: "open-arrow", d: `M${x1 + TAIL - 6} ${barY - 5} l5 5 -5 5` }));
      const asOf = s("text", { class: "as-of", x: x1 + TAIL + 4, y: barY + 4 });
      asOf.textContent = openText(ev);
      g.append(asOf);
    }
    if (ev.weak) {
      // CSSOM, not a style attribute: the page's CSP allows only its own style sheet.
      for (const node of g.querySelectorAll(".mark")) node.style.fill = `url(#hatch-${kindClass.get(ev.kind)})`;
    }
    const label = s("text", { class: "label", x: item.labelX, y: top + 11 });
    item.label = label;
    label.textContent = labelOf(ev);
    g.append(label);
    g.addEventListener("click", () => {
      if (!dragged) openPanel(ev.id, g);
    });
    g.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        openPanel(ev.id, g);
      }
    });
    return g;
  }

  function markSelected() {
    for (const node of eventMarks()) {
      node.classList.toggle("selected", node.dataset.id === state.selected);
      node.setAttribute("aria-pressed", node.dataset.id === state.selected ? "true" : "false");
    }
  }

  // ------------------------------------------------------------------ zoom and pan

  function zoomTo(pxPerYear, anchorX) {
    const next = clamp(pxPerYear, MIN_PX_PER_YEAR, MAX_PX_PER_YEAR);
    const ax = anchorX ?? axis.clientWidth / 2;
    const t = domain.min + ((axis.scrollLeft + ax - PAD) / state.pxPerYear) * YEAR;
    state.pxPerYear = next;
    draw();
    axis.scrollLeft = PAD + ((t - domain.min) / YEAR) * next - ax;
  }

  function zoomBy(factor, anchorX) {
    zoomTo(state.pxPerYear * factor, anchorX);
  }

  function wireZoom() {
    document.getElementById("zoom-in").addEventListener("click", () => zoomBy(ZOOM_STEP));
    document.getElementById("zoom-out").addEventListener("click", () => zoomBy(1 / ZOOM_STEP));
    document.getElementById("zoom-fit").addEventListener("click", () => zoomTo(fitPxPerYear()));
    // Plain wheel scrolls the page as everywhere else; Ctrl + wheel (and a pinch) zooms.
    axis.addEventListener(
      "wheel",
      (e) => {
        if (!(e.ctrlKey || e.metaKey)) return;
        e.preventDefault();
        const box = axis.getBoundingClientRect();
        zoomBy(Math.exp(-e.deltaY / 300), e.clientX - box.left);
      },
      { passive: false },
    );
    document.addEventListener("keydown", (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|SELECT|TEXTAREA)$/.test(/** @type {Element} */ (e.target).tagName)) return;
      if (e.key === "Escape" && !panel.hidden) closePanel(true);
      else if (e.key === "+" || e.key === "=") zoomBy(ZOOM_STEP, focusedX());
      else if (e.key === "-" || e.key === "_") zoomBy(1 / ZOOM_STEP, focusedX());
      else if (e.key === "0") zoomTo(fitPxPerYear());
      else return;
      e.preventDefault();
    });
    wireDrag();
    wireScroll();
  }

  // Zoom around the focused event when there is one, so it stays in view.
  function focusedX() {
    const node = document.activeElement;
    if (!node || !node.classList || !node.classList.contains("event")) return undefined;
    const box = node.getBoundingClientRect();
    return clamp(box.left - axis.getBoundingClientRect().left, 0, axis.clientWidth);
  }

  function wireScroll() {
    let pending = false;
    axis.addEventListener("scroll", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        slideLabels();
      });
    });
  }

  function wireDrag() {
    let start = null;
    axis.addEventListener("pointerdown", (e) => {
      if (e.pointerType !== "mouse" || e.button !== 0) return; // touch scrolls natively
      start = { x: e.clientX, scroll: axis.scrollLeft, id: e.pointerId };
      dragged = false;
    });
    axis.addEventListener("pointermove", (e) => {
      if (!start || e.pointerId !== start.id) return;
      const dx = e.clientX - start.x;
      if (!dragged && Math.abs(dx) > 4) {
        dragged = true;
        axis.setPointerCapture(e.pointerId);
        axis.classList.add("dragging");
      }
      if (dragged) axis.scrollLeft = start.scroll - dx;
    });
    const stop = () => {
      start = null;
      axis.classList.remove("dragging");
      setTimeout(() => (dragged = false), 0); // after the click that ends a drag
    };
    axis.addEventListener("pointerup", stop);
    axis.addEventListener("pointercancel", stop);
  }

  // ------------------------------------------------------------------ evidence panel

  // The panel shows a copy of the event's article in the list view, rendered once in
  // Python: what the panel says of an event is what the list says. Its heading labels
  // the dialog; its ids are dropped so that every id on the page stays unique.
  function openPanel(id, opener) {
    const article = document.getElementById("event-" + id);
    if (!article) return;
    const copy = /** @type {HTMLElement} */ (article.cloneNode(true));
    copy.hidden = false;
    for (const node of [copy, ...copy.querySelectorAll("[id]")]) node.removeAttribute("id");
    const title = copy.querySelector("h3");
    title.id = "panel-title";
    title.tabIndex = -1;
    state.selected = id;
    state.opener = opener || null;
    const close = h("button", { type: "button", class: "close", "aria-label": "Close the evidence panel" }, "Close ✕");
    close.addEventListener("click", () => closePanel(true));
    panel.replaceChildren(h("div", { class: "panel-head" }, close), copy);
    for (const link of panel.querySelectorAll("a[href^='#']")) link.addEventListener("click", () => closePanel(false));
    panel.scrollTop = 0;
    panel.hidden = false;
    document.body.classList.add("panel-open");
    markSelected();
    title.focus();
  }

  function closePanel(refocus) {
    const id = state.selected;
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    state.selected = null;
    markSelected();
    const opener = state.opener && state.opener.isConnected ? state.opener : markOf(id);
    if (refocus && opener) opener.focus();
  }

  // ------------------------------------------------------------------ key

  // The key's entry for the hatch of weak events, named with the data's own flag.
  function buildKey() {
    const entry = document.getElementById("key-weak");
    if (!data.events.some((e) => e.weak)) return;
    entry.querySelector(".key-text").textContent = marks.weak_claim;
    entry.hidden = false;
  }

  // ------------------------------------------------------------------ theme

  function wireTheme() {
    const button = document.getElementById("theme-toggle");
    const order = ["auto", "dark", "light"];
    button.addEventListener("click", () => {
      const now = document.documentElement.dataset.theme || "auto";
      const next = order[(order.indexOf(now) + 1) % order.length];
      if (next === "auto") delete document.documentElement.dataset.theme;
      else document.documentElement.dataset.theme = next;
      button.textContent = "Theme: " + next;
    });
  }

  // ------------------------------------------------------------------ start

  document.getElementById("app").hidden = false;
  // A phone shows the axis first; the kind filters open on request.
  /** @type {HTMLDetailsElement} */ (document.getElementById("kinds")).open = window.matchMedia("(min-width: 45rem)").matches;
  buildFilters();
  buildKey();
  wireZoom();
  wireTheme();
  state.pxPerYear = Math.max(fitPxPerYear(), START_PX_PER_YEAR);
  refresh();
  scrollToEvents();
  let lastWidth = axis.clientWidth;
  window.addEventListener("resize", () => {
    if (axis.clientWidth === lastWidth) return;
    lastWidth = axis.clientWidth;
    state.pxPerYear = Math.max(state.pxPerYear, fitPxPerYear());
    draw();
  });
})();
