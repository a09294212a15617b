// The behaviour of a cancu graph page: draw the network, show a node's details, search,
// open a node's own pages, and on the overview open and close groups of documents.
// Data comes from the JSON block written by viz/page.py; text from the store is put into
// the page with textContent, except tooltips, which the server wrote as escaped HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("cancu-data").textContent);

  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function tip(html) {
    if (!html) return undefined;
    const el = document.createElement("div");
    el.className = "cancu-tip";
    el.innerHTML = html;  // escaped by viz.page.tooltip on the server
    return el;
  }

  // the same cut as viz.page._canvas_label: the canvas does not wrap text
  function canvasLabel(label) {
    const text = label.length <= 60 ? label : label.slice(0, 59) + "…";
    const lines = [];
    for (const word of text.split(/\s+/)) {
      if (!word) continue;
      if (lines.length && lines[lines.length - 1].length + 1 + word.length <= 26) lines[lines.length - 1] += " " + word;
      else lines.push(word);
    }
    return lines.join("\n") || " ";
  }

  const nodes = new vis.DataSet(data.nodes.map(n => Object.assign({}, n, { title: tip(n.title) })));
  const edges = new vis.DataSet(data.edges.map(e => Object.assign({}, e, { title: tip(e.title) })));
  const network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, data.options);
  window.network = network;

  network.once("afterDrawing", function () {
    window.cancuReady = true;
    window.cancuReadyAt = performance.now();
    document.body.dataset.ready = "1";
  });
  if (data.options.physics && data.options.physics.enabled) {
    // laid out once: a still picture is easier to read and costs nothing afterwards
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: { enabled: false } }); });
  }

  // ------------------------------------------------------------------ details panel

  const details = document.getElementById("details");

  function showDetails(id) {
    const n = nodes.get(id);
    if (!n) return;
    details.replaceChildren();
    const h = document.createElement("h2");
    h.textContent = n.name || n.label;
    details.appendChild(h);
    if (n.title instanceof Element) details.appendChild(n.title.cloneNode(true));
    const links = document.createElement("div");
    links.className = "links";
    for (const [text, href] of (n.links || [])) {
      const a = document.createElement("a");
      a.textContent = text;
      a.href = href;
      links.appendChild(a);
    }
    if (n.kind === "cluster") {
      const p = document.createElement("p");
      p.className = "hint";
      p.textContent = "Double-click to show or hide its documents.";
      links.appendChild(p);
    }
    details.appendChild(links);
  }

  network.on("click", function (p) { if (p.nodes.length) showDetails(p.nodes[0]); });
  network.on("doubleClick", function (p) {
    if (!p.nodes.length) return;
    const n = nodes.get(p.nodes[0]);
    if (n.kind === "cluster") toggle(n.id);
    else if (n.links && n.links.length) window.location.href = n.links[n.links.length - 1][1];
  });

  function focus(id) {
    if (!nodes.get(id)) return false;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 0.8), animation: false });
    showDetails(id);
    return true;
  }

  // ------------------------------------------------------------------ overview groups

  const ov = data.overview;
  const opened = new Map();  // cluster node id -> ids of the nodes and edges it added
  let adjacency = null;

  function links(iri) {
    return [["legal-basis trace", ov.urls.trace + encodeURIComponent(iri)],
            ["what rests on it", ov.urls.down + encodeURIComponent(iri)],
            ["neighbourhood", ov.urls.neighbourhood + encodeURIComponent(iri)]];
  }

  function neighbours(i) {
    if (adjacency === null) {
      adjacency = new Map();
      ov.links.forEach(function (l, k) {
        for (const end of [l[0], l[1]]) {
          if (!adjacency.has(end)) adjacency.set(end, []);
          adjacency.get(end).push(k);
        }
      });
    }
    return adjacency.get(i) || [];
  }

  const shownDocs = new Set();  // overview documents on the canvas

  // Collects the nodes and edges that show document i around its group; the caller adds
  // them in one go (one redraw instead of one per document).
  function addDoc(i, cid, k, batch, added) {
    const id = "d" + i;
    if (shownDocs.has(i)) return;
    shownDocs.add(i);
    const d = ov.docs[i];  // [iri, label, tooltip, cluster, kind]
    const st = data.kinds[d[4]];
    const angle = k * 2.39996, r = 130 + 55 * Math.sqrt(k);  // a sunflower around the group
    batch.nodes.push({ id: id, label: canvasLabel(d[1]), name: d[1], iri: d[0], kind: d[4], title: tip(d[2]),
                       shape: st.shape, color: { background: st.color, border: st.color }, font: { color: st.font },
                       x: batch.at.x + r * Math.cos(angle), y: batch.at.y + r * Math.sin(angle), links: links(d[0]) });
    added.nodes.push(id);
    batch.edges.push({ id: "m" + i, from: cid, to: id, dashes: true, color: "#cccccc", arrows: "" });
    added.edges.push("m" + i);
    for (const k2 of neighbours(i)) {
      const l = ov.links[k2];
      const other = l[0] === i ? l[1] : l[0];
      if (!shownDocs.has(other) || batch.linked.has(k2) || edges.get("l" + k2)) continue;
      batch.linked.add(k2);
      const rel = data.relations[l[2]] || { label: l[2], color: "#888888" };
      batch.edges.push({ id: "l" + k2, from: "d" + l[0], to: "d" + l[1], label: rel.label, color: rel.color, arrows: "to" });
      added.edges.push("l" + k2);
    }
  }

  function toggle(cid, also) {
    if (!ov) return;
    let added = opened.get(cid);
    if (added && also === undefined) {
      edges.remove(added.edges);
      nodes.remove(added.nodes);
      for (const id of added.nodes) shownDocs.delete(Number(id.slice(1)));
      opened.delete(cid);
      return;
    }
    const batch = { nodes: [], edges: [], linked: new Set(), at: network.getPositions([cid])[cid] };
    if (!added) {
      added = { nodes: [], edges: [] };
      opened.set(cid, added);
      ov.clusters[cid].slice(0, ov.maxOpen).forEach(function (i, k) { addDoc(i, cid, k, batch, added); });
    }
    if (also !== undefined) addDoc(also, cid, added.nodes.length, batch, added);
    nodes.add(batch.nodes);
    edges.add(batch.edges);
  }

  // ------------------------------------------------------------------ search

  const input = document.getElementById("search");
  const results = document.getElementById("results");
  let folded = null;  // overview documents, folded once on the first search

  function search(q) {
    const want = fold(q.trim());
    if (!want) return [];
    const hits = [];
    nodes.forEach(function (n) {
      if (n.kind !== "heading" && fold(n.name || n.label).includes(want)) hits.push({ id: n.id, label: n.name || n.label });
    });
    if (ov) {
      if (folded === null) folded = ov.docs.map(d => fold(d[1]));
      folded.forEach(function (f, i) {
        if (hits.length < 200 && f.includes(want) && !shownDocs.has(i)) hits.push({ doc: i, label: ov.docs[i][1] });
      });
    }
    return hits;
  }

  function go(hit) {
    if (hit.doc !== undefined) {
      toggle(ov.docs[hit.doc][3], hit.doc);
      return focus("d" + hit.doc);
    }
    return focus(hit.id);
  }

  function list(hits) {
    results.replaceChildren();
    for (const hit of hits.slice(0, 20)) {
      const li = document.createElement("li");
      li.textContent = hit.label;
      li.addEventListener("click", function () { go(hit); results.replaceChildren(); });
      results.appendChild(li);
    }
  }

  input.addEventListener("input", function () { list(search(input.value)); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      const hits = search(input.value);
      if (hits.length) go(hits[0]);
      results.replaceChildren();
    } else if (ev.key === "Escape") {
      results.replaceChildren();
    }
  });

  // for people in the console and for the browser tests
  window.cancu = {
    search: function (q) { const hits = search(q); return hits.length && go(hits[0]) ? network.getSelectedNodes() : []; },
    toggle: toggle,
    focus: focus,
  };
})();
