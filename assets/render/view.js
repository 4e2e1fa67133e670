// The interactive view of a newsgraph graph. Everything that comes from
// the articles (names, sentences, document ids) is put on the page with
// textContent or as a form control's value, never as markup.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('graph-data').textContent);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }
  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's');
  }
  function normalize(s) {
    return String(s).normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
      .toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  }

  document.getElementById('title').textContent = data.title;

  // Elements get ids of their own (n0, e0…): node ids and edge keys come
  // from the data and may hold anything.
  var nodeByGraphId = {};
  var nodeData = {};
  var edgeData = {};
  var elements = [];
  data.nodes.forEach(function (n, i) {
    n.cid = 'n' + i;
    nodeByGraphId[n.id] = n;
    nodeData[n.cid] = n;
    var item = {
      group: 'nodes',
      data: {
        id: n.cid, text: n.text, shape: n.shape, fill: n.fill, border: n.border,
        w: n.w, h: n.h, focus: n.id === data.focus
      }
    };
    if (data.positioned) item.position = { x: n.x, y: n.y };
    elements.push(item);
  });
  data.edges.forEach(function (e, i) {
    var s = nodeByGraphId[e.source];
    var t = nodeByGraphId[e.target];
    if (!s || !t) return;
    e.cid = 'e' + i;
    edgeData[e.cid] = e;
    elements.push({
      group: 'edges',
      data: {
        id: e.cid, source: s.cid, target: t.cid, label: e.label, color: e.color,
        width: e.width, certainty: e.certainty, family: e.family, symmetric: e.symmetric
      }
    });
  });

  var large = data.nodes.length > 300;
  var cy = cytoscape({
    container: document.getElementById('cy'),
    elements: elements,
    layout: data.positioned ? { name: 'preset', fit: true, padding: 30 }
      : {
        name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true, padding: 30,
        idealEdgeLength: function () { return 110; }, nodeRepulsion: function () { return 600000; },
        edgeElasticity: function () { return 60; }, nodeOverlap: 40, gravity: 0.4, numIter: 2500,
        componentSpacing: 80
      },
    minZoom: 0.05,
    maxZoom: 4,
    wheelSensitivity: 0.3,
    textureOnViewport: large,
    hideEdgesOnViewport: large,
    style: [
      { selector: 'node', style: {
        'shape': 'data(shape)', 'background-color': 'data(fill)', 'border-color': 'data(border)',
        'border-width': 1, 'label': 'data(text)', 'text-wrap': 'wrap', 'text-valign': 'center',
        'text-halign': 'center', 'font-size': 13, 'font-family': 'Helvetica, Arial, sans-serif',
        'width': 'data(w)', 'height': 'data(h)', 'color': '#222', 'min-zoomed-font-size': 6
      } },
      { selector: 'node[?focus]', style: { 'border-width': 3 } },
      { selector: 'edge', style: {
        'curve-style': 'bezier', 'width': 'data(width)', 'line-color': 'data(color)',
        'target-arrow-color': 'data(color)', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.9,
        'label': 'data(label)', 'font-size': 9, 'color': 'data(color)', 'text-rotation': 'autorotate',
        'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': 1,
        'min-zoomed-font-size': 7, 'font-family': 'Helvetica, Arial, sans-serif'
      } },
      { selector: 'edge[?symmetric]', style: { 'target-arrow-shape': 'none' } },
      { selector: 'edge[certainty = "hedged"]', style: { 'line-style': 'dashed' } },
      { selector: 'edge[certainty = "negated"]', style: { 'line-style': 'dotted' } },
      { selector: 'edge[family = "affiliation"]', style: { 'font-size': 8, 'color': '#808080', 'arrow-scale': 0.6 } },
      { selector: '.faded', style: { 'opacity': 0.2 } },
      { selector: '.hidden', style: { 'display': 'none' } },
      { selector: ':selected', style: { 'overlay-color': '#f9a825', 'overlay-opacity': 0.35, 'overlay-padding': 5 } }
    ]
  });

  // --- details panel -------------------------------------------------------
  var details = document.getElementById('details');

  function nodeName(id) {
    var n = nodeByGraphId[id];
    return n ? n.label : id;
  }

  function evidenceBlock(v) {
    var box = el('div', 'ev ' + v.certainty);
    var meta = 'document ' + v.document;
    var path = data.documents[v.document];
    if (path) meta += ' (' + path + ')';
    // Sentences count from 0, as in the JSON graph and everywhere else.
    meta += ' · sentence ' + v.sentence;
    if (v.speaker) meta += ' · said by ' + v.speaker;
    meta += ' · ' + v.certainty;
    box.appendChild(el('div', 'meta', meta));
    box.appendChild(el('blockquote', null, v.text));
    return box;
  }

  function edgeTitle(e) {
    return nodeName(e.source) + ' ' + e.label + ' ' + nodeName(e.target);
  }

  function showEdge(e) {
    clear(details);
    details.appendChild(el('h2', null, edgeTitle(e)));
    details.appendChild(el('div', 'meta', e.relation + ' · ' + e.family + ' · ' + e.certainty + ' · read in ' +
      plural(e.weight, 'document')));
    details.appendChild(el('h3', null, 'Evidence (' + e.evidence.length + ')'));
    e.evidence.forEach(function (v) { details.appendChild(evidenceBlock(v)); });
  }

  function showNode(n) {
    clear(details);
    details.appendChild(el('h2', null, n.label));
    var meta = n.type + ' · mentioned ' + plural(n.mentions, 'time') + ' in ' + plural(n.documents.length, 'document');
    details.appendChild(el('div', 'meta', meta));
    if (n.aliases.length) details.appendChild(el('div', 'meta', 'also: ' + n.aliases.join(', ')));
    var ele = cy.getElementById(n.cid);
    var edges = ele.connectedEdges().filter(function (x) { return !x.hasClass('hidden'); });
    details.appendChild(el('h3', null, 'Relations (' + edges.length + ')'));
    if (!edges.length) details.appendChild(el('p', 'hint', 'No relation passes the filters.'));
    edges.forEach(function (x) {
      var e = edgeData[x.id()];
      var head = el('button', 'rel-head', e.source === n.id
        ? '→ ' + e.label + ' ' + nodeName(e.target)
        : '← ' + nodeName(e.source) + ' ' + e.label);
      head.type = 'button';
      head.style.borderLeftColor = e.color;
      head.addEventListener('click', function () { select(x); });
      details.appendChild(head);
      e.evidence.forEach(function (v) { details.appendChild(evidenceBlock(v)); });
    });
  }

  function showNothing() {
    clear(details);
    details.appendChild(el('p', 'hint',
      'Click an actor or a line to read the sentences behind it. Drag to pan, scroll to zoom, drag an actor to move it.'));
  }

  function highlight(ele) {
    cy.elements().removeClass('faded');
    if (!ele) return;
    var keep = ele.isNode() ? ele.closedNeighborhood() : ele.union(ele.connectedNodes());
    cy.elements().not(keep).addClass('faded');
  }

  function select(ele) {
    cy.elements().unselect();
    ele.select();
    highlight(ele);
    if (ele.isNode()) showNode(nodeData[ele.id()]); else showEdge(edgeData[ele.id()]);
  }

  cy.on('tap', 'node', function (ev) { select(ev.target); });
  cy.on('tap', 'edge', function (ev) { select(ev.target); });
  cy.on('tap', function (ev) {
    if (ev.target === cy) { cy.elements().unselect(); highlight(null); showNothing(); }
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') { cy.elements().unselect(); highlight(null); showNothing(); }
  });

  // --- filters ---------------------------------------------------------------
  var status = document.getElementById('status');
  var relationOn = {};
  var certaintyOn = { asserted: true, hedged: true, negated: !!data.show_negated };

  function applyFilters() {
    cy.batch(function () {
      cy.edges().forEach(function (x) {
        var e = edgeData[x.id()];
        x.toggleClass('hidden', !(relationOn[e.relation] && certaintyOn[e.certainty]));
      });
      cy.nodes().forEach(function (x) {
        var n = nodeData[x.id()];
        var shown = x.connectedEdges().filter(function (y) { return !y.hasClass('hidden'); }).length > 0;
        x.toggleClass('hidden', !shown && n.id !== data.focus && cy.edges().length > 0);
      });
    });
    var nodes = cy.nodes().filter(function (x) { return !x.hasClass('hidden'); }).length;
    var edges = cy.edges().filter(function (x) { return !x.hasClass('hidden'); }).length;
    status.textContent = 'showing ' + nodes + ' of ' + plural(cy.nodes().length, 'actor') + ', ' +
      edges + ' of ' + plural(cy.edges().length, 'relation');
  }

  function checkbox(parent, label, checked, onChange, swatch, count) {
    var row = el('label');
    var box = el('input');
    box.type = 'checkbox';
    box.checked = checked;
    box.addEventListener('change', function () { onChange(box.checked); applyFilters(); });
    row.appendChild(box);
    if (swatch) row.appendChild(swatch);
    row.appendChild(document.createTextNode(label));
    if (count !== undefined) row.appendChild(el('span', 'count', ' ' + count));
    parent.appendChild(row);
    return box;
  }

  var certaintyBox = document.getElementById('certainty-filter');
  ['asserted', 'hedged', 'negated'].forEach(function (c) {
    var n = data.edges.filter(function (e) { return e.certainty === c; }).length;
    var box = checkbox(certaintyBox, c, certaintyOn[c], function (on) { certaintyOn[c] = on; }, null, n);
    box.name = 'certainty';
    box.value = c;
  });

  var relationBox = document.getElementById('relation-filter');
  var families = ['hostile', 'cooperative', 'affiliation', 'other'];
  var relations = {};
  data.edges.forEach(function (e) {
    var r = relations[e.relation] || (relations[e.relation] = { family: e.family, color: e.color, n: 0 });
    r.n += 1;
  });
  var relationBoxes = [];
  Object.keys(relations).sort(function (a, b) {
    var fa = families.indexOf(relations[a].family), fb = families.indexOf(relations[b].family);
    return fa !== fb ? fa - fb : (a < b ? -1 : a > b ? 1 : 0);
  }).forEach(function (r) {
    relationOn[r] = true;
    var sw = el('span', 'swatch');
    sw.style.background = relations[r].color;
    var box = checkbox(relationBox, r, true, function (on) { relationOn[r] = on; }, sw, relations[r].n);
    box.name = 'relation';
    box.value = r;
    relationBoxes.push(box);
  });
  function setAll(on) {
    relationBoxes.forEach(function (b) { b.checked = on; relationOn[b.value] = on; });
    applyFilters();
  }
  document.getElementById('rel-all').addEventListener('click', function () { setAll(true); });
  document.getElementById('rel-none').addEventListener('click', function () { setAll(false); });

  // --- legend ------------------------------------------------------------------
  var legend = document.getElementById('legend-body');
  var types = {};
  data.nodes.forEach(function (n) { types[n.type] = n; });
  Object.keys(types).sort().forEach(function (t) {
    var row = el('div');
    var sw = el('span', 'swatch node');
    sw.style.background = types[t].fill;
    sw.style.borderColor = types[t].border;
    if (types[t].shape === 'ellipse') sw.style.borderRadius = '50%';
    row.appendChild(sw);
    row.appendChild(document.createTextNode(t + ' (' + types[t].shape + ')'));
    legend.appendChild(row);
  });
  families.forEach(function (f) {
    var row = el('div');
    var sw = el('span', 'swatch');
    sw.style.background = data.families[f];
    row.appendChild(sw);
    row.appendChild(document.createTextNode(f));
    legend.appendChild(row);
  });
  legend.appendChild(el('div', null, 'dashed line, label ending in ?: hedged (alleged, planned, possible)'));
  legend.appendChild(el('div', null, 'dotted line: negated (the text says it did not happen)'));
  legend.appendChild(el('div', null, 'thicker line: read in more documents'));

  // --- search ------------------------------------------------------------------
  var list = document.getElementById('actors');
  var names = [];
  data.nodes.forEach(function (n) {
    names.push([normalize(n.label), n, 0]);
    names.push([normalize(n.id), n, 0]);
    n.aliases.forEach(function (a) { names.push([normalize(a), n, 1]); });
  });
  data.nodes.slice().sort(function (a, b) { return a.label < b.label ? -1 : a.label > b.label ? 1 : 0; })
    .forEach(function (n) {
      var o = el('option');
      o.value = n.label;
      list.appendChild(o);
    });

  function find(query) {
    var q = normalize(query);
    if (!q) return null;
    var tests = [
      function (s) { return s === q; },
      function (s) { return s.indexOf(q) === 0; },
      function (s) { return s.indexOf(q) >= 0; }
    ];
    for (var i = 0; i < tests.length; i++) {
      var hit = names.filter(function (x) { return tests[i](x[0]); });
      if (hit.length) {
        hit.sort(function (a, b) { return a[2] - b[2] || b[1].mentions - a[1].mentions; });
        return hit[0][1];
      }
    }
    return null;
  }

  document.getElementById('search-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var query = document.getElementById('search').value;
    var n = find(query);
    if (!n) {
      status.textContent = 'no actor matches “' + query + '”';
      return;
    }
    var ele = cy.getElementById(n.cid);
    ele.removeClass('hidden');
    select(ele);
    cy.animate({ center: { eles: ele }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
  });
  document.getElementById('fit').addEventListener('click', function () {
    cy.fit(cy.elements().filter(function (x) { return !x.hasClass('hidden'); }), 30);
  });

  applyFilters();
  showNothing();
  if (data.focus && nodeByGraphId[data.focus]) {
    var f = cy.getElementById(nodeByGraphId[data.focus].cid);
    select(f);
  }
  // For tests and the browser console.
  window.newsgraph = { cy: cy, data: data, select: select };
}());
