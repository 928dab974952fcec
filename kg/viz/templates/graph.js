/* The interactive map: draws the embedded graph with vis-network, and wires the
 * legend, filters, date control, search box and details panel.
 * Data from the graph is only ever put in the page as text (textContent,
 * option.value, vis-network string titles), never parsed as markup. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var styles = data.styles;
  var layout = data.layout;
  var LABEL_INSIDE = { box: 1, database: 1, ellipse: 1, circle: 1, text: 1 };

  var classStyle = {};
  styles.classes.forEach(function (c) { classStyle[c.key] = c; });
  var nodeById = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; });
  var edgeById = {};
  var incident = {};
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    (incident[e.from] = incident[e.from] || []).push(e);
    (incident[e.to] = incident[e.to] || []).push(e);
  });
  var isFocus = {};
  data.focus.forEach(function (id) { isFocus[id] = true; });

  // ---------------------------------------------------------------- helpers
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function $(id) { return document.getElementById(id); }
  function groupOf(n) { return classStyle[n.cls].group; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function edgeStyle(e) { return styles.edges[e.role] || { label: e.role, color: "#999", width: 1 }; }

  // ------------------------------------------------------------ vis objects
  function visNode(n) {
    var c = classStyle[n.cls];
    var inside = LABEL_INSIDE[c.shape] === 1;
    var focus = isFocus[n.id] === true;
    var label = n.short || n.label;
    return {
      id: n.id,
      label: label,
      title: n.label + " — " + c.legend + (n.date ? " (" + n.date + ")" : ""),
      shape: c.shape,
      size: focus ? c.size * 1.5 : c.size,
      mass: 1 + Math.min(label.length, 60) / 40 + (incident[n.id] ? Math.min(incident[n.id].length, 30) / 15 : 0),
      borderWidth: focus ? 3 : 1,
      borderWidthSelected: 3,
      color: {
        background: c.color, border: focus ? "#111111" : "#3d4a57",
        highlight: { background: c.color, border: "#000000" },
        hover: { background: c.color, border: "#000000" }
      },
      font: {
        size: focus ? 22 : inside ? 15 : 16,
        color: inside ? c.fontColor : "#1d2733",
        strokeWidth: inside ? 0 : 4,
        strokeColor: "#ffffff",
        bold: { color: inside ? c.fontColor : "#1d2733" }
      },
      widthConstraint: inside ? { maximum: 150 } : undefined,
      margin: inside ? 8 : undefined,
      hidden: false
    };
  }
  function visEdge(e) {
    var s = edgeStyle(e);
    var labelled = layout.edge_labels && e.kind === "position";
    return {
      id: e.id,
      from: e.from,
      to: e.to,
      title: e.label + (e.date ? " (" + e.date + ")" : ""),
      label: labelled ? s.label : undefined,
      color: { color: s.color, highlight: s.color, hover: s.color, opacity: e.kind === "relation" && s.width <= 1 ? 0.6 : 1 },
      width: s.width,
      dashes: s.dashes,
      arrows: s.arrow ? { to: { enabled: true, scaleFactor: 0.6 } } : { to: { enabled: false } },
      font: { size: 12, color: "#37474f", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      hidden: false
    };
  }

  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var physics = { enabled: true, solver: layout.solver, minVelocity: 0.75, maxVelocity: 40,
    stabilization: { enabled: true, iterations: layout.iterations, updateInterval: 25, fit: true } };
  physics[layout.solver] = layout.solver_options;
  var options = {
    autoResize: true,
    layout: { improvedLayout: layout.improved_layout, randomSeed: 11 },
    physics: physics,
    interaction: { hover: true, tooltipDelay: 200, hideEdgesOnDrag: data.nodes.length > 1000,
      hideEdgesOnZoom: data.nodes.length > 1000, multiselect: false },
    edges: { smooth: layout.smooth ? { enabled: true, type: "dynamic" } : false, selectionWidth: 2 },
    nodes: { font: { face: "system-ui, -apple-system, 'Segoe UI', sans-serif" } }
  };
  var container = $("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var status = $("layout-status");
  network.on("stabilizationProgress", function (p) {
    status.textContent = "Laying out… " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    status.textContent = "";
    window.kgViz.stabilized = true;
    if (data.focus.length) {
      network.fit({ animation: false });
    }
  });

  // ---------------------------------------------------------------- filters
  var state = { groups: {}, stances: {}, issue: "", date: data.asOf || null };
  var groups = [];
  var present = {};
  data.nodes.forEach(function (n) { present[n.cls] = true; });
  styles.classes.forEach(function (c) {
    if (present[c.key] && groups.indexOf(c.group) < 0) { groups.push(c.group); }
  });
  groups.forEach(function (g) { state.groups[g] = true; });
  styles.stances.forEach(function (s) { state.stances[s] = true; });

  function nodeVisible(n) {
    if (!state.groups[groupOf(n)]) { return false; }
    if (state.issue && (!n.issues || n.issues.indexOf(state.issue) < 0)) { return false; }
    if (state.date && n.start && n.start > state.date) { return false; }
    return true;
  }
  function edgeVisible(e, shown) {
    if (!shown[e.from] || !shown[e.to]) { return false; }
    if (e.kind === "position" && !state.stances[e.role]) { return false; }
    if (state.date && e.start && e.start > state.date) { return false; }
    return true;
  }
  var hiddenNode = {};
  var hiddenEdge = {};
  function applyFilters() {
    var shown = {};
    var nodeUpdates = [];
    var edgeUpdates = [];
    var visibleNodes = 0;
    var visibleEdges = 0;
    data.nodes.forEach(function (n) {
      var v = nodeVisible(n);
      shown[n.id] = v;
      if (v) { visibleNodes += 1; }
      if (hiddenNode[n.id] === v) { nodeUpdates.push({ id: n.id, hidden: !v }); }
      hiddenNode[n.id] = !v;
    });
    data.edges.forEach(function (e) {
      var v = edgeVisible(e, shown);
      if (v) { visibleEdges += 1; }
      if (hiddenEdge[e.id] === v) { edgeUpdates.push({ id: e.id, hidden: !v }); }
      hiddenEdge[e.id] = !v;
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    $("counts").textContent = "Showing " + plural(visibleNodes, "node") + " of " + data.nodes.length +
      " and " + plural(visibleEdges, "edge") + " of " + data.edges.length + ".";
  }
  data.nodes.forEach(function (n) { hiddenNode[n.id] = false; });
  data.edges.forEach(function (e) { hiddenEdge[e.id] = false; });

  function swatch(color, shape) {
    var s = el("span", null, "swatch swatch-" + shape);
    s.style.backgroundColor = color;
    return s;
  }
  function lineSwatch(style) {
    var s = el("span", null, "line-swatch");
    s.style.borderTopColor = style.color;
    s.style.borderTopStyle = style.dashes ? "dashed" : "solid";
    s.style.borderTopWidth = Math.max(2, style.width) + "px";
    return s;
  }
  function checkbox(checked, onChange) {
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); applyFilters(); });
    return box;
  }

  var classBox = $("class-filters");
  groups.forEach(function (g) {
    var fieldset = el("div", null, "filter-group");
    var head = el("label", null, "group-head");
    head.appendChild(checkbox(true, function (on) { state.groups[g] = on; }));
    head.appendChild(el("span", g));
    fieldset.appendChild(head);
    var list = el("ul", null, "legend");
    styles.classes.forEach(function (c) {
      if (c.group === g && present[c.key]) {
        var item = el("li");
        item.appendChild(swatch(c.color, c.shape));
        item.appendChild(el("span", c.legend));
        list.appendChild(item);
      }
    });
    fieldset.appendChild(list);
    classBox.appendChild(fieldset);
  });

  var stanceBox = $("stance-filters");
  var usedStances = {};
  data.edges.forEach(function (e) { if (e.kind === "position") { usedStances[e.role] = true; } });
  styles.stances.forEach(function (code) {
    var row = el("label", null, "stance-row");
    row.appendChild(checkbox(true, function (on) { state.stances[code] = on; }));
    row.appendChild(lineSwatch(styles.edges[code]));
    row.appendChild(el("span", styles.edges[code].label + (usedStances[code] ? "" : " (none)")));
    stanceBox.appendChild(row);
  });
  var relBox = $("relation-legend");
  [["link-subject", "X depends on a linkage ◆"], ["link-condition", "linkage ◆ → condition Y"],
   ["link-holder", "actor makes the linkage"], ["party", "other relations (hover for the name)"]]
    .forEach(function (pair) {
      if (!styles.edges[pair[0]]) { return; }
      var row = el("div", null, "stance-row");
      row.appendChild(lineSwatch(styles.edges[pair[0]]));
      row.appendChild(el("span", pair[1]));
      relBox.appendChild(row);
    });

  var issueSelect = $("issue-filter");
  data.nodes.filter(function (n) { return n.cls === "issue"; })
    .sort(function (a, b) { return a.label.localeCompare(b.label); })
    .forEach(function (n) {
      var option = el("option", n.label);
      option.value = n.id;
      issueSelect.appendChild(option);
    });
  issueSelect.addEventListener("change", function () { state.issue = issueSelect.value; applyFilters(); });

  // ------------------------------------------------------------ date control
  var DAY = 86400000;
  function toDays(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / DAY); }
  function fromDays(days) { return new Date(days * DAY).toISOString().slice(0, 10); }
  var slider = $("date-slider");
  var dateInput = $("date-input");
  var allDates = $("date-all");
  var range = data.dateRange;
  if (range) {
    slider.min = String(toDays(range[0]));
    slider.max = String(toDays(range[1]));
    dateInput.min = range[0];
    dateInput.max = range[1];
  } else {
    $("date-section").hidden = true;
  }
  function setDate(iso, fromSlider) {
    state.date = iso;
    allDates.checked = !iso;
    if (iso) {
      dateInput.value = iso;
      if (!fromSlider) { slider.value = String(toDays(iso)); }
      $("date-label").textContent = "As of " + iso;
    } else {
      $("date-label").textContent = "All dates";
    }
    applyFilters();
  }
  slider.addEventListener("input", function () { setDate(fromDays(Number(slider.value)), true); });
  dateInput.addEventListener("change", function () { if (dateInput.value) { setDate(dateInput.value, false); } });
  allDates.addEventListener("change", function () {
    setDate(allDates.checked ? null : (dateInput.value || (range ? range[1] : null)), false);
  });
  if (range) { slider.value = String(toDays(state.date || range[1])); }
  setDate(state.date, false);

  // ---------------------------------------------------------- details panel
  var details = $("details");
  function sourceLine(item) {
    var src = data.sources[item.source] || { title: item.source, reliability: "unknown" };
    var line = el("div", null, "source");
    line.appendChild(el("span", src.title, "source-title"));
    var rel = el("span", "reliability: " + src.reliability, "reliability rel-" + src.reliability);
    if (src.rationale) { rel.title = src.rationale; }
    line.appendChild(rel);
    if (src.date) { line.appendChild(el("span", src.date, "source-date")); }
    return line;
  }
  function evidenceList(items) {
    var list = el("ul", null, "evidence");
    items.forEach(function (item) {
      var li = el("li");
      if (item.quote) { li.appendChild(el("blockquote", "“" + item.quote + "”")); }
      if (item.note) { li.appendChild(el("p", item.note, "note")); }
      li.appendChild(sourceLine(item));
      list.appendChild(li);
    });
    return list;
  }
  function factList(facts) {
    var dl = el("dl", null, "facts");
    facts.forEach(function (pair) {
      dl.appendChild(el("dt", pair[0]));
      dl.appendChild(el("dd", pair[1]));
    });
    return dl;
  }
  function jumpButton(id) {
    var n = nodeById[id];
    var b = el("button", n ? n.label : id, "jump");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function claimItem(e, fromSide) {
    var li = el("li", null, "claim");
    var head = el("div", null, "claim-head");
    head.appendChild(jumpButton(e.from));
    var s = edgeStyle(e);
    var stance = el("span", " " + s.label + " ", "stance");
    stance.style.color = s.color;
    head.appendChild(stance);
    head.appendChild(jumpButton(e.to));
    if (e.date) { head.appendChild(el("span", " · " + e.date, "date")); }
    li.appendChild(head);
    if (e.facts && e.facts.length) { li.appendChild(factList(e.facts)); }
    if (e.evidence && e.evidence.length) { li.appendChild(evidenceList(e.evidence)); }
    return li;
  }
  function clearDetails() {
    while (details.firstChild) { details.removeChild(details.firstChild); }
  }
  function showNode(id) {
    var n = nodeById[id];
    clearDetails();
    if (!n) { return; }
    details.appendChild(el("h2", n.label));
    var kind = el("p", classStyle[n.cls].legend, "kind");
    kind.insertBefore(swatch(classStyle[n.cls].color, classStyle[n.cls].shape), kind.firstChild);
    details.appendChild(kind);
    if (n.aliases && n.aliases.length) { details.appendChild(el("p", "Also: " + n.aliases.join("; "), "aliases")); }
    if (n.facts && n.facts.length) { details.appendChild(factList(n.facts)); }
    if (n.evidence && n.evidence.length) {
      details.appendChild(el("h3", "Sources"));
      details.appendChild(evidenceList(n.evidence));
    }
    if (n.actions && n.actions.length) {
      details.appendChild(el("h3", "Treaty actions"));
      var list = el("ol", null, "actions");
      n.actions.forEach(function (a) {
        var li = el("li");
        li.appendChild(el("strong", a.date + " — " + a.action));
        li.appendChild(el("span", " (" + (a.actors.length ? a.actors.join(", ") : "all parties") + ")"));
        if (a.description) { li.appendChild(el("p", a.description, "note")); }
        (a.disputes || []).forEach(function (d) {
          li.appendChild(el("p", "Disputed by " + d.by + (d.date ? " (" + d.date + ")" : "") +
            (d.description ? ": " + d.description : ""), "dispute"));
          if (d.evidence.length) { li.appendChild(evidenceList(d.evidence)); }
        });
        if (a.evidence.length) { li.appendChild(evidenceList(a.evidence)); }
        list.appendChild(li);
      });
      details.appendChild(list);
    }
    var around = incident[id] || [];
    var claims = around.filter(function (e) { return e.kind === "position"; });
    if (claims.length) {
      details.appendChild(el("h3", plural(claims.length, "position")));
      var cl = el("ul", null, "claims");
      claims.forEach(function (e) { cl.appendChild(claimItem(e, id)); });
      details.appendChild(cl);
    }
    var rels = around.filter(function (e) { return e.kind !== "position"; });
    if (rels.length) {
      details.appendChild(el("h3", "Connections"));
      var rl = el("ul", null, "relations");
      rels.forEach(function (e) {
        var li = el("li");
        var other = e.from === id ? e.to : e.from;
        var verb = edgeStyle(e).label;
        li.appendChild(el("span", (e.from === id ? verb + " → " : "← " + verb + " ") , "verb"));
        li.appendChild(jumpButton(other));
        if (e.kind === "affiliation") { li.appendChild(el("span", " " + e.facts.map(function (f) { return f[1]; }).join(", ") + (e.date ? " (" + e.date + ")" : ""))); }
        rl.appendChild(li);
      });
      details.appendChild(rl);
    }
    details.dataset.shown = id;
  }
  function showEdge(id) {
    var e = edgeById[id];
    clearDetails();
    if (!e) { return; }
    details.appendChild(el("h2", e.label));
    var s = edgeStyle(e);
    var kind = el("p", e.kind === "position" ? "Position: " + s.label : s.label, "kind");
    kind.insertBefore(lineSwatch(s), kind.firstChild);
    details.appendChild(kind);
    var ends = el("p", null, "ends");
    ends.appendChild(jumpButton(e.from));
    ends.appendChild(el("span", " → "));
    ends.appendChild(jumpButton(e.to));
    details.appendChild(ends);
    if (e.date) { details.appendChild(el("p", "Date: " + e.date, "date")); }
    if (e.facts && e.facts.length) { details.appendChild(factList(e.facts)); }
    if (e.evidence && e.evidence.length) {
      details.appendChild(el("h3", "Sources"));
      details.appendChild(evidenceList(e.evidence));
    }
    details.dataset.shown = id;
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  // ------------------------------------------------------------------ search
  var names = $("names");
  var index = [];
  data.nodes.forEach(function (n) {
    [n.label].concat(n.aliases || []).forEach(function (name) {
      index.push({ name: name, key: name.toLowerCase(), id: n.id });
    });
  });
  index.slice(0, 20000).forEach(function (entry) {
    var option = el("option");
    option.value = entry.name;
    names.appendChild(option);
  });
  function find(query) {
    var q = String(query || "").trim().toLowerCase();
    if (!q) { return null; }
    var tests = [
      function (e) { return e.key === q || e.id === q; },
      function (e) { return e.key.indexOf(q) === 0; },
      function (e) { return e.key.indexOf(q) >= 0; }
    ];
    for (var i = 0; i < tests.length; i += 1) {
      for (var j = 0; j < index.length; j += 1) {
        if (tests[i](index[j])) { return index[j].id; }
      }
    }
    return null;
  }
  function focusNode(id) {
    var n = nodeById[id];
    var say = $("search-status");
    if (!n) { say.textContent = "No such node."; return false; }
    showNode(id);
    if (hiddenNode[id]) {
      say.textContent = n.label + " is hidden by the filters.";
      return false;
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    say.textContent = "Found: " + n.label;
    document.body.dataset.selected = id;
    return true;
  }
  function search() {
    var id = find($("search").value);
    if (id === null) { $("search-status").textContent = "No node matches “" + $("search").value + "”."; return null; }
    focusNode(id);
    return id;
  }
  $("search-form").addEventListener("submit", function (event) { event.preventDefault(); search(); });

  window.kgViz = { network: network, nodes: nodes, edges: edges, data: data, state: state,
    find: find, focusNode: focusNode, showNode: showNode, showEdge: showEdge, applyFilters: applyFilters, stabilized: false };
}());
