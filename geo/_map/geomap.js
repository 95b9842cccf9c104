/* geomap map runtime (ours, MIT like the project).
 *
 * Reads one JSON blob written by geo/map/blob.py (its members: docs/map-blob.md) and builds,
 * in the browser:
 * markers (one L.marker per incident, created lazily) in ONE shared L.markerClusterGroup so
 * that incidents at the same place spiderfy together whatever their type; one placeholder
 * layer per attack type (switched in the layer control) that filters that shared group;
 * a time bar (chart, a two-thumb date window, play) that filters every type at once; a heat
 * layer; popups built with DOM APIs (textContent, never innerHTML with data); a side panel
 * with the title, the legend, the tallies and the list of incidents in the window.
 *
 * Layout: every panel is collapsible (collapsed by default on a narrow screen); none covers
 * another; the part of the map no panel covers (freeRect) frames the incidents on opening
 * and bounds every popup (auto-pan padding, width, height). The state (view, window, layers,
 * filters) lives in the URL hash, so a link opens the same map.
 *
 * A read-only test hook is exposed as window.geomap (see the end of start()).
 */
(function () {
  "use strict";
  if (window.GeoMapApp) {
    return;
  }
  var SVGNS = "http://www.w3.org/2000/svg";
  /* The blob version this script reads (geo/map/blob.py BLOB_VERSION; docs/map-blob.md). */
  var BLOB_VERSION = 1;
  var DAY = 86400000;
  /* How precision looks. Where (geo_precision): the vaguer, the larger and the emptier, so
   * 1 solid, 2 half filled, 3 faint, 4 hollow. When (time_precision): the dark outline is
   * solid for an exact day, dashed for a known week, dotted for a known month. A named site
   * (base, embassy, airport...) has a white centre dot; a town, province or country none.
   * Every marker keeps its dark outline, under a line of its type's colour. */
  var PREC = {
    1: { size: 17, fill: 0.92 },
    2: { size: 21, fill: 0.5 },
    3: { size: 26, fill: 0.2 },
    4: { size: 31, fill: 0 }
  };
  var DASH = { 1: null, 2: "5 2.5", 3: "1.2 2.4" };
  var OUTLINE = "#1b1b1b";
  var TIME_PREC = {
    1: "exact day",
    2: "week known, date is mid-week",
    3: "month known, date is mid-month"
  };
  var GEO_PREC = {
    1: "site or town",
    2: "near a town, or part of a region",
    3: "region (province)",
    4: "country only"
  };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }
  /* A labelled checkbox (the box, then " text") appended to parent; returns the box. */
  function checkbox(parent, cls, text) {
    var lab = el("label", cls);
    var box = el("input");
    box.type = "checkbox";
    lab.appendChild(box);
    lab.appendChild(document.createTextNode(" " + text));
    parent.appendChild(lab);
    return box;
  }
  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, k)) {
        e.setAttribute(k, String(attrs[k]));
      }
    }
    return e;
  }
  function safeHref(u) {
    if (typeof u !== "string") {
      return null;
    }
    var s = u.trim();
    if (!/^https?:\/\//i.test(s)) {
      return null;
    }
    try {
      var p = new URL(s);
      return p.protocol === "http:" || p.protocol === "https:" ? p.href : null;
    } catch (err) {
      return null;
    }
  }
  /* The host of an http(s) link, without "www." (null without a link). */
  function domainOf(href) {
    if (!href) {
      return null;
    }
    try {
      return new URL(href).hostname.replace(/^www\./, "") || null;
    } catch (err) {
      return null;
    }
  }
  function colour(c) {
    return /^#[0-9a-fA-F]{6}$/.test(c) ? c : "#777777";
  }
  /* A function that runs fn at the next animation frame, once however often it is called
   * before then; its asked() tells whether a run is waiting. */
  function perFrame(fn) {
    var waiting = false;
    function run() {
      waiting = false;
      fn();
    }
    function ask() {
      if (!waiting) {
        waiting = true;
        window.requestAnimationFrame(run);
      }
    }
    ask.asked = function () {
      return waiting;
    };
    return ask;
  }
  /* A marker's picture: the outline (dark, dashed by time precision) under the shape (SVG
   * path data in a 20x20 box, from the blob's "paths": geo/attack_types.py SHAPES) in its
   * type's colour (filled by geo precision), and a centre dot for a named site. */
  function shapeSvg(d, col, gp, tp, site, vouched) {
    var p = PREC[gp] || PREC[1];
    var s = svgEl("svg", { width: p.size, height: p.size, viewBox: "-1 -1 22 22", "aria-hidden": "true" });
    var outline = {
      d: d,
      fill: "none",
      stroke: OUTLINE,
      "stroke-width": 3.4,
      "stroke-linejoin": "round",
      "vector-effect": "non-scaling-stroke",
      class: "gm-outline"
    };
    if (DASH[tp]) {
      outline["stroke-dasharray"] = DASH[tp];
    }
    s.appendChild(svgEl("path", outline));
    s.appendChild(
      svgEl("path", {
        d: d,
        fill: col,
        "fill-opacity": p.fill,
        stroke: col,
        "stroke-width": 1.5,
        "stroke-linejoin": "round",
        "vector-effect": "non-scaling-stroke",
        class: "gm-body"
      })
    );
    if (site) {
      s.appendChild(svgEl("circle", { cx: 10, cy: 10.5, r: 3.3, fill: "#ffffff", stroke: OUTLINE, "stroke-width": 1.4, "vector-effect": "non-scaling-stroke", class: "gm-site" }));
    }
    if (vouched) {
      /* officially confirmed or reviewed by an analyst: a tick on a white disc, top right */
      s.appendChild(svgEl("circle", { cx: 17, cy: 3, r: 3.6, fill: "#ffffff", stroke: OUTLINE, "stroke-width": 1.2, "vector-effect": "non-scaling-stroke", class: "gm-vouched" }));
      s.appendChild(svgEl("path", { d: "M15.1 3.1 L16.6 4.6 L19.1 1.6", fill: "none", stroke: OUTLINE, "stroke-width": 1.4, "vector-effect": "non-scaling-stroke" }));
    }
    return s;
  }

  var ShapeIcon = L.Icon.extend({
    initialize: function (proto, size) {
      this._proto = proto;
      L.setOptions(this, {
        className: "gm-marker",
        iconSize: [size, size],
        iconAnchor: [size / 2, size / 2],
        popupAnchor: [0, -size / 2]
      });
    },
    createIcon: function () {
      var div = document.createElement("div");
      div.appendChild(this._proto.cloneNode(true));
      this._setIconStyles(div, "icon");
      return div;
    },
    createShadow: function () {
      return null;
    }
  });

  /* A div icon with a name (tooltip) and an accessible label on the focusable element. */
  var NamedDivIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      div.title = this.options.name;
      div.setAttribute("aria-label", this.options.label);
      return div;
    }
  });

  /* ---- the offline basemap: Natural Earth borders and the gazetteer's towns ----
   * Drawn on canvas in panes under the tiles (z 150/250 < tilePane 200... towns above it),
   * so it shows wherever a tile is missing, and alone when the offline base is chosen.
   * The format is a compact TopoJSON, see scripts/vendor_assets.py. */
  function basemap(map, refs) {
    if (!refs.basemap) {
      return null;
    }
    var B = JSON.parse(refs.basemap.textContent);
    var q = B.q;
    var arcs = B.arcs.map(function (a) {
      var x = a[0];
      var y = a[1];
      var pts = [[y * q - 90, x * q - 180]];
      for (var k = 2; k < a.length; k += 2) {
        x += a[k];
        y += a[k + 1];
        pts.push([y * q - 90, x * q - 180]);
      }
      return pts;
    });
    function ring(ids) {
      var out = [];
      for (var k = 0; k < ids.length; k++) {
        var i = ids[k];
        var pts = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
        out = out.concat(out.length ? pts.slice(1) : pts);
      }
      return out;
    }
    var polys = [];
    B.countries.forEach(function (c) {
      c.forEach(function (p) {
        polys.push(p.map(ring));
      });
    });
    map.createPane("gmBase").style.zIndex = 150;
    map.createPane("gmTowns").style.zIndex = 250;
    map.getPane("gmTowns").style.pointerEvents = "none";
    var borders = L.polygon(polys, {
      pane: "gmBase",
      renderer: L.canvas({ pane: "gmBase", padding: 0.3 }),
      interactive: false,
      color: "#7d8590",
      weight: 1,
      fillColor: /^#[0-9a-fA-F]{6}$/.test(refs.land || "") ? refs.land : "#f3f1ea",
      fillOpacity: 1,
      smoothFactor: 1,
      attribution: B.attribution
    }).addTo(map);
    map.getContainer().classList.add("gm-has-base");
    var towns = L.layerGroup();
    var dots = L.canvas({ pane: "gmTowns" });
    var labels = [];
    (B.towns || []).forEach(function (tw) {
      towns.addLayer(L.circleMarker([tw[1], tw[2]], { pane: "gmTowns", renderer: dots, radius: 2.5, weight: 1, color: "#3d3d3d", fillColor: "#ffffff", fillOpacity: 1, interactive: false }));
      var lab = el("span", "gm-town", tw[0]);
      labels.push(L.marker([tw[1], tw[2]], { pane: "gmTowns", icon: L.divIcon({ html: lab, className: "gm-town-wrap", iconSize: null, iconAnchor: [-5, 7] }), interactive: false, keyboard: false }));
    });
    var labelGroup = L.layerGroup(labels);
    var tiles = refs.tiles;
    var loads = 0;
    var errors = 0;
    var noted = false;
    function offline() {
      return !tiles || !map.hasLayer(tiles) || (errors > 0 && loads === 0);
    }
    function refresh() {
      var off = offline();
      if (off && !map.hasLayer(towns)) {
        towns.addTo(map);
      } else if (!off && map.hasLayer(towns)) {
        map.removeLayer(towns);
      }
      var withLabels = off && map.getZoom() >= 8;
      if (withLabels && !map.hasLayer(labelGroup)) {
        labelGroup.addTo(map);
      } else if (!withLabels && map.hasLayer(labelGroup)) {
        map.removeLayer(labelGroup);
      }
      if (tiles && map.hasLayer(tiles) && errors > 0 && loads === 0 && !noted && map.attributionControl) {
        noted = true;
        map.attributionControl.addAttribution("tiles did not load");
      }
    }
    if (tiles) {
      tiles.on("tileload", function () {
        loads++;
        refresh();
      });
      tiles.on("tileerror", function () {
        errors++;
        refresh();
      });
      tiles.on("add remove", refresh);
    }
    map.on("zoomend baselayerchange", refresh);
    refresh();
    return {
      borders: borders,
      offline: offline,
      towns: function () {
        return map.hasLayer(towns) ? (B.towns || []).length : 0;
      }
    };
  }

  /* Clusters' counts by type (_gmc) and place (_gmp), kept by the clusters of BIG or more
   * incidents (few: small ones are counted when asked, see tally() in start()). markercluster
   * changes its tree through _addChild, which runs on every ancestor of what it adds, and
   * _removeLayer, which walks a marker's ancestors: each adjusts the counts of the ancestors
   * that keep them. A cluster that grows to BIG counts itself once. The place is -2 (none
   * yet), an id, or -1 (several, or several once: a removal does not recount it).
   * Installed once for the page; only markers of ours (with _gmType) are counted. */
  var BIG = 64;
  var NTYPES = 1;
  function mergePlace(p, q) {
    return p === -2 ? q : q === -2 || p === q ? p : -1;
  }
  /* Add a cluster's counts to acc; return its place. */
  function tally(cl, acc) {
    var k;
    if (cl._gmc) {
      for (k = 0; k < NTYPES; k++) {
        acc[k] += cl._gmc[k];
      }
      return cl._gmp;
    }
    var p = -2;
    var ms = cl._markers;
    for (k = 0; k < ms.length; k++) {
      if (ms[k]._gmType !== undefined) {
        acc[ms[k]._gmType]++;
        p = mergePlace(p, ms[k]._gmPlace);
      }
    }
    var cs = cl._childClusters;
    for (k = 0; k < cs.length; k++) {
      p = mergePlace(p, tally(cs[k], acc));
    }
    return p;
  }
  function watchClusters(nTypes) {
    var C = L.MarkerCluster.prototype;
    if (C._gmWatched) {
      return;
    }
    C._gmWatched = true;
    NTYPES = Math.max(1, nTypes);
    var init = C.initialize;
    var addChild = C._addChild;
    C.initialize = function (group, zoom, a, b) {
      this._gmc = null;
      this._gmp = -2;
      init.call(this, group, zoom, a, b);
    };
    C._addChild = function (child, fromChild) {
      var g = this._gmc;
      if (g) {
        if (child._gmType !== undefined) {
          g[child._gmType]++;
          this._gmp = mergePlace(this._gmp, child._gmPlace);
        } else if (child._markers) {
          this._gmp = mergePlace(this._gmp, tally(child, g));
        }
      }
      addChild.call(this, child, fromChild);
      if (!g && this._childCount >= BIG) {
        var c = [];
        for (var k = 0; k < NTYPES; k++) {
          c.push(0);
        }
        this._gmp = tally(this, c);
        this._gmc = c;
      }
    };
    var G = L.MarkerClusterGroup.prototype;
    var removeLayer = G._removeLayer;
    G._removeLayer = function (marker, fromGrid, dontUpdate) {
      if (marker._gmType !== undefined) {
        for (var c = marker.__parent; c; c = c.__parent) {
          if (c._gmc) {
            c._gmc[marker._gmType]--;
          }
        }
      }
      return removeLayer.call(this, marker, fromGrid, dontUpdate);
    };
  }

  /* The blob is JSON, or for big maps base64 of zlib-deflated JSON (data-encoding). */
  function init(map, dataEl, refs) {
    /* The layer control is built on DOMContentLoaded, maybe before the data is read. */
    refs.layers = null;
    refs.onLayers = null;
    map.on("gm:layercontrol", function (e) {
      refs.layers = e.control;
      if (refs.onLayers) {
        refs.onLayers(e.control);
      }
    });
    var base = null;
    try {
      base = basemap(map, refs);
    } catch (err) {
      fail("the offline basemap could not be drawn: " + err.message);
    }
    refs.base = base;
    /* A sign until the first markers are painted (shown after a moment: a small map is drawn
     * before it would appear). The data is read after a frame, so the sign can be painted. */
    var sign = el("div", "gm-loading", "Loading the incidents\u2026");
    sign.setAttribute("role", "status");
    map.getContainer().appendChild(sign);
    refs.loading = sign;
    try {
      if (dataEl.getAttribute("data-encoding") !== "deflate-base64") {
        return new Promise(function (resolve, reject) {
          window.requestAnimationFrame(function () {
            window.setTimeout(function () {
              var D;
              try {
                D = readBlob(dataEl.textContent);
              } catch (err) {
                fail("the map's data could not be read: " + err.message);
                reject(err);
                return;
              }
              resolve(start(map, D, refs));
            }, 0);
          });
        });
      }
      var bin = window.atob(dataEl.textContent.trim());
      var bytes = new Uint8Array(bin.length);
      for (var k = 0; k < bin.length; k++) {
        bytes[k] = bin.charCodeAt(k);
      }
      var stream = new Blob([bytes]).stream().pipeThrough(new window.DecompressionStream("deflate"));
      return new Response(stream)
        .text()
        .then(function (text) {
          return start(map, readBlob(text), refs);
        })
        .catch(function (err) {
          fail("the map's data could not be read: " + err.message);
          throw err;
        });
    } catch (err) {
      fail("the map's data could not be read: " + err.message);
      throw err;
    }
  }
  /* The blob, parsed, if it is of the version this script reads (else an error saying so). */
  function readBlob(text) {
    var D = JSON.parse(text);
    var v = D && typeof D === "object" ? D.v : undefined;
    if (v !== BLOB_VERSION) {
      throw new Error(
        "its format is version " + JSON.stringify(v === undefined ? null : v) +
          ", but this page's script reads version " + BLOB_VERSION +
          ": render the map again with geomap"
      );
    }
    return D;
  }
  function fail(reason) {
    var sign = document.querySelector(".gm-loading");
    if (sign) {
      sign.parentNode.removeChild(sign);
    }
    if (window.GeoMapFail) {
      window.GeoMapFail(reason);
    }
  }

  function start(map, D, refs) {
    var n = D.n;
    var S = D.S;
    var types = D.types;
    var T = types.length;
    var labels = D.labels;
    var colours = D.colours.map(colour);
    /* each type's shape, as path data (an unknown shape name draws a circle) */
    var shapes = D.shapes.map(function (name) {
      return D.paths[name] || D.paths.circle;
    });
    var d0 = D.d0 ? Date.parse(D.d0 + "T00:00:00Z") : 0;
    var nd = D.nd;
    var hasDates = D.d0 !== null;
    var box = map.getContainer();
    var i, t;

    var dayCache = {};
    function dayStr(k) {
      var s = dayCache[k];
      if (s === undefined) {
        s = dayCache[k] = new Date(d0 + k * DAY).toISOString().slice(0, 10);
      }
      return s;
    }
    function dayOf(iso) {
      var ms = Date.parse(iso + "T00:00:00Z");
      return isNaN(ms) ? null : Math.round((ms - d0) / DAY);
    }
    function str(k) {
      return k === null || k === undefined || k < 0 ? null : S[k];
    }
    function eventId(j) {
      var e = D.eid[j];
      if (typeof e === "string") {
        return e;
      }
      var base = (D.d[j] < 0 ? "undated" : dayStr(D.d[j])) + "-" + S[D.pid[j]] + "-" + D.fam[D.t[j]];
      return e === 0 ? base : base + "-" + e;
    }
    function plural(k, one, many) {
      return k + " " + (k === 1 ? one : many);
    }

    /* Icons: one prototype per (type, geo precision, time precision, site), made when first
     * needed and cloned per marker on display. */
    var icons = [];
    for (t = 0; t < T; t++) {
      icons.push({});
    }
    var SK = D.sk || null;
    var TRU = D.tru && D.tru.length === n ? D.tru : null;
    /* the trust states (geo.trust.TRUST_STATES, least trusted first) that earn the tick */
    var VOUCHED = { 3: 1, 4: 1 };
    function vouched(j) {
      return TRU && VOUCHED[TRU[j]] ? 1 : 0;
    }
    function iconOf(j) {
      var gp = PREC[D.gp[j]] ? D.gp[j] : 1;
      var tp = DASH[D.tp[j]] !== undefined ? D.tp[j] : 1;
      var site = SK && SK[j] ? 1 : 0;
      var v = vouched(j);
      var key = gp * 1000 + tp * 100 + site * 10 + v;
      var byType = icons[D.t[j]];
      var ic = byType[key];
      if (!ic) {
        ic = byType[key] = new ShapeIcon(shapeSvg(shapes[D.t[j]], colours[D.t[j]], gp, tp, site, v), PREC[gp].size);
      }
      return ic;
    }

    var total = new Array(T).fill(0);
    var undated = 0;
    for (i = 0; i < n; i++) {
      total[D.t[i]]++;
      if (D.d[i] < 0) {
        undated++;
      }
    }

    var state = {
      from: 0,
      to: Math.max(nd, 0),
      undated: true,
      on: new Array(T).fill(false),
      q: "",
      claim: "",
      trust: "",
      casualties: false
    };
    var markers = new Array(n);
    var shown = new Uint8Array(n);
    var visible = new Array(T).fill(0);
    var ready = false;
    var adding = false;
    var pending = false;
    var listeners = [];
    var narrow = box.clientWidth < 700;

    var TIME_WORD = { 2: " (week known)", 3: " (month known)" };
    var GEO_WORD = { 2: " (near)", 3: " (province)", 4: " (country)" };
    function tooltip(j) {
      var when = D.d[j] < 0 ? "undated" : dayStr(D.d[j]) + (TIME_WORD[D.tp[j]] || "");
      return when + " \u00b7 " + labels[D.t[j]] + " \u00b7 " + S[D.loc[j]] + (SK && SK[j] ? " (site)" : GEO_WORD[D.gp[j]] || "");
    }
    /* The hover title and the keyboard are set up only when a marker is first drawn. */
    var GeoMarker = L.Marker.extend({
      _initIcon: function () {
        if (this.options.title === "") {
          this.options.title = tooltip(this._gmIndex);
        }
        L.Marker.prototype._initIcon.call(this);
        var icon = this._icon;
        if (icon && !icon._gmKeys) {
          icon._gmKeys = true;
          icon.setAttribute("aria-label", this.options.title + ": press Enter for its sources");
          L.DomEvent.on(icon, "keydown", onMarkerKey, this);
        }
      }
    });
    function onMarkerKey(e) {
      if (e.key === "Enter" || e.key === " ") {
        L.DomEvent.preventDefault(e);
        L.DomEvent.stopPropagation(e);
        openPopup(this, true);
      }
    }
    function marker(j) {
      var m = markers[j];
      if (!m) {
        m = new GeoMarker([D.lat[j], D.lon[j]], { icon: iconOf(j), riseOnHover: true });
        m._gmIndex = j;
        m._gmType = D.t[j];
        m._gmPlace = D.loc[j];
        markers[j] = m;
      }
      return m;
    }

    /* A cluster's icon needs its incidents' types and places: asking markercluster for every
     * child marker would cost the whole subtree, for every cluster redrawn after every change
     * (all the incidents, at a low zoom); the big clusters keep counts instead (tally() and
     * watchClusters(), above start()). */
    /* Up to 4 of the places a cluster's incidents are at. */
    function placesOf(cl, out) {
      if (out.length >= 4) {
        return;
      }
      if (cl._gmc && cl._gmp >= 0) {
        if (out.indexOf(cl._gmp) < 0) {
          out.push(cl._gmp);
        }
        return;
      }
      var ms = cl._markers;
      for (var k = 0; k < ms.length && out.length < 4; k++) {
        if (out.indexOf(ms[k]._gmPlace) < 0) {
          out.push(ms[k]._gmPlace);
        }
      }
      var cs = cl._childClusters;
      for (var k2 = 0; k2 < cs.length && out.length < 4; k2++) {
        placesOf(cs[k2], out);
      }
    }
    function clusterIcon(cl) {
      var c = new Array(T).fill(0);
      tally(cl, c);
      var all = cl.getChildCount();
      var places = [];
      placesOf(cl, places);
      var place = places.length === 1 ? places[0] : -1;
      var where = places.length < 4 ? " at " + places.map(function (p) {
        return S[p] || "?";
      }).join(", ") : " at 4 or more places";
      var stops = [];
      var parts = [];
      var acc = 0;
      for (var k2 = 0; k2 < T; k2++) {
        if (c[k2]) {
          var a = (acc / all) * 360;
          acc += c[k2];
          stops.push(colours[k2] + " " + a.toFixed(1) + "deg " + ((acc / all) * 360).toFixed(1) + "deg");
          parts.push(c[k2] + " " + labels[k2]);
        }
      }
      var size = all < 10 ? 30 : all < 100 ? 36 : all < 1000 ? 42 : 48;
      var ring = el("div", "gm-cluster");
      ring.style.background = "conic-gradient(" + stops.join(",") + ")";
      ring.style.width = ring.style.height = size + "px";
      ring.appendChild(el("span", null, all));
      var name = plural(all, "incident", "incidents") + where + ": " + parts.join(", ");
      ring._gmCluster = cl;
      return new NamedDivIcon({
        html: ring,
        className: "gm-cluster-wrap",
        iconSize: [size, size],
        name: name,
        label: name + ". Press Enter to " + (place >= 0 ? "spread them" : "zoom in")
      });
    }

    watchClusters(T);
    var cluster = L.markerClusterGroup({
      chunkedLoading: true,
      chunkInterval: 200,
      chunkDelay: 1,
      chunkProgress: function (done, all) {
        if (done >= all) {
          adding = false;
          pending = false;
          /* the group is drawn once the last chunk is in: next, what changed meanwhile */
          window.setTimeout(sync, 0);
        }
      },
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      spiderfyDistanceMultiplier: 1.6,
      maxClusterRadius: 80,
      iconCreateFunction: clusterIcon
    }).addTo(map);

    /* Keyboard on clusters: Enter/Space zooms in, or spreads a cluster of one place; the
     * focus then goes to what holds the first of its incidents, so Tab goes on from there. */
    function focusLater(m) {
      var tries = 0;
      var poll = window.setInterval(function () {
        tries++;
        var target = m._icon && map.hasLayer(m) ? m : cluster.getVisibleParent(m);
        if (target && target._icon && !cluster._inZoomAnimation && !map._animatingZoom) {
          window.clearInterval(poll);
          target._icon.focus({ preventScroll: true });
        } else if (tries > 40) {
          window.clearInterval(poll);
        }
      }, 50);
    }
    box.addEventListener("keydown", function (e) {
      var wrap = e.target;
      if ((e.key !== "Enter" && e.key !== " ") || !wrap.classList || !wrap.classList.contains("gm-cluster-wrap")) {
        return;
      }
      var hit = wrap.firstChild && wrap.firstChild._gmCluster;
      if (!hit) {
        return;
      }
      e.preventDefault(); /* and so no keypress: markercluster's own handler would blur */
      e.stopPropagation();
      var first = hit.getAllChildMarkers()[0];
      var bottom = hit;
      while (bottom._childClusters.length === 1) {
        bottom = bottom._childClusters[0];
      }
      if (bottom._zoom === cluster._maxZoom && bottom._childCount === hit._childCount) {
        hit.spiderfy();
      } else {
        hit.zoomToBounds(fitPadding());
      }
      focusLater(first);
    });

    /* ---- layout: the panels, and the part of the map none of them covers ---- */
    var MARGIN = 10;
    function rectOf(node) {
      var c = box.getBoundingClientRect();
      var r = node.getBoundingClientRect();
      return { l: r.left - c.left, t: r.top - c.top, r: r.right - c.left, b: r.bottom - c.top };
    }
    function panelRects() {
      var out = [];
      var nodes = box.querySelectorAll(".gm-panel, .leaflet-control");
      for (var k = 0; k < nodes.length; k++) {
        var r = rectOf(nodes[k]);
        if (r.r - r.l > 0 && r.b - r.t > 0) {
          out.push(r);
        }
      }
      return out;
    }
    /* The largest rectangle of the map that no panel overlaps (container pixels). */
    function freeRect() {
      var W = box.clientWidth;
      var H = box.clientHeight;
      var rs = panelRects();
      var ls = [0];
      var rr = [W];
      var ts = [0];
      var bs = [H];
      rs.forEach(function (r) {
        ls.push(r.r);
        rr.push(r.l);
        ts.push(r.b);
        bs.push(r.t);
      });
      var best = { l: 0, t: 0, r: W, b: H, area: -1 };
      for (var a = 0; a < ls.length; a++) {
        for (var z = 0; z < rr.length; z++) {
          var l = Math.max(0, ls[a]);
          var r = Math.min(W, rr[z]);
          if (r - l < 1) {
            continue;
          }
          for (var u = 0; u < ts.length; u++) {
            for (var v = 0; v < bs.length; v++) {
              var tt = Math.max(0, ts[u]);
              var bb = Math.min(H, bs[v]);
              var area = (r - l) * (bb - tt);
              if (bb - tt < 1 || area <= best.area) {
                continue;
              }
              var clear = true;
              for (var k = 0; k < rs.length && clear; k++) {
                var p = rs[k];
                clear = p.r <= l || p.l >= r || p.b <= tt || p.t >= bb;
              }
              if (clear) {
                best = { l: l, t: tt, r: r, b: bb, area: area };
              }
            }
          }
        }
      }
      return best;
    }
    function fitPadding() {
      var f = freeRect();
      var W = box.clientWidth;
      var H = box.clientHeight;
      var pad = 22;
      if (f.r - f.l < 2 * pad + 40 || f.b - f.t < 2 * pad + 40) {
        return { paddingTopLeft: [pad, pad], paddingBottomRight: [pad, pad] };
      }
      return {
        paddingTopLeft: [f.l + pad, f.t + pad],
        paddingBottomRight: [W - f.r + pad, H - f.b + pad]
      };
    }

    /* ---- popups: built on click, with DOM APIs only, kept inside the free rectangle ---- */
    var popup = L.popup({ maxWidth: 460, minWidth: 300, maxHeight: 420, className: "gm-popup-wrap", autoPanPadding: [20, 20] });
    function fitPopup(j) {
      var f = freeRect();
      var W = box.clientWidth;
      var H = box.clientHeight;
      var pad = 8;
      var o = popup.options;
      o.maxWidth = Math.max(160, Math.min(460, f.r - f.l - 2 * pad - 52));
      o.minWidth = Math.min(300, o.maxWidth);
      o.maxHeight = Math.max(120, Math.min(440, f.b - f.t - 2 * pad - 64 - (PREC[D.gp[j]] || PREC[1]).size));
      o.autoPanPaddingTopLeft = L.point(f.l + pad, f.t + pad);
      o.autoPanPaddingBottomRight = L.point(W - f.r + pad, H - f.b + pad);
      o.offset = L.point(0, -(PREC[D.gp[j]] || PREC[1]).size / 2);
    }
    function row(dl, key, value) {
      dl.appendChild(el("dt", null, key));
      var dd = el("dd");
      if (value instanceof Node) {
        dd.appendChild(value);
      } else {
        dd.textContent = value;
      }
      dl.appendChild(dd);
    }
    function typesOf(mask) {
      var out = [];
      for (var k = 0; k < T; k++) {
        if (mask & (1 << k)) {
          out.push(labels[k]);
        }
      }
      return out;
    }
    function count(v, word) {
      return v === null ? word + ": not reported" : word + ": " + v;
    }
    function buildPopup(j) {
      var pbox = el("div", "gm-popup");
      pbox.tabIndex = -1;
      pbox.setAttribute("role", "dialog");
      pbox.setAttribute("aria-label", tooltip(j));
      var head = el("div", "gm-popup-head");
      head.appendChild(shapeSvg(shapes[D.t[j]], colours[D.t[j]], 1));
      head.appendChild(el("strong", null, labels[D.t[j]] + (D.ic[j] ? " (intercepted)" : "")));
      head.appendChild(el("span", "gm-date", D.d[j] < 0 ? "undated" : dayStr(D.d[j])));
      pbox.appendChild(head);
      var dl = el("dl");
      row(dl, "Date", D.d[j] < 0 ? "not known" : dayStr(D.d[j]) + " (" + (TIME_PREC[D.tp[j]] || "?") + ")");
      var rep = typesOf(D.tr[j]);
      var typeText = labels[D.t[j]];
      if (rep.length > 1) {
        typeText += " \u2014 disputed, sources report: " + rep.join(", ");
      }
      if (str(D.sub[j])) {
        typeText += " \u00b7 " + str(D.sub[j]);
      }
      row(dl, "Type", typeText);
      row(dl, "Target", str(D.tg[j]) || "not stated");
      var actor = str(D.ac[j]);
      var claim = D.cl[j] === 1 ? " (claimed)" : D.cl[j] === 0 ? " (suspected, not claimed)" : "";
      row(dl, "Actor", actor ? actor + claim : "not stated");
      row(dl, "Casualties", count(D.fa[j], "killed") + "; " + count(D.inj[j], "injured"));
      var place = [str(D.loc[j]), str(D.adm[j]), str(D.cc[j])].filter(Boolean).join(", ");
      row(dl, "Place", place + " (" + (GEO_PREC[D.gp[j]] || "?") + (SK && SK[j] ? "; a named site" : "") + ")");
      if (D.tru && D.trustLabels) {
        row(dl, "Trust", D.trustLabels[D.tru[j]] || "not known");
      }
      pbox.appendChild(dl);
      var s0 = D.so[j];
      var s1 = D.so[j + 1];
      pbox.appendChild(el("div", "gm-src-head", plural(s1 - s0, "source", "sources")));
      var ol = el("ol", "gm-sources");
      for (var k = s0; k < s1; k++) {
        var doc = D.D[D.sd[k]];
        var li = el("li");
        var href = safeHref(doc[2]);
        /* The outlet is the one the document names, else its link's host; never a file name. */
        var name = doc[3] || domainOf(href);
        var who = null;
        if (href) {
          who = el("a", "gm-outlet", name);
          who.href = href;
          who.target = "_blank";
          who.rel = "noopener noreferrer nofollow";
        } else if (name) {
          who = el("span", "gm-outlet", name);
        }
        if (who) {
          li.appendChild(who);
        }
        var meta = [];
        if (doc[4]) {
          meta.push("published " + doc[4]);
        }
        meta.push("reports " + labels[D.st[k]]);
        if (str(D.sdt[k])) {
          meta.push("on " + str(D.sdt[k]));
        }
        li.appendChild(el("span", "gm-meta", (who ? " \u00b7 " : "") + meta.join(" \u00b7 ")));
        if (doc[1] && doc[1] !== name) {
          li.appendChild(el("div", "gm-title", doc[1]));
        } else if (!doc[1] && !doc[3] && doc[0]) {
          li.appendChild(el("div", "gm-doc", "document " + doc[0]));
        }
        var ev = D.se[k];
        var quotes = typeof ev === "string" ? [ev] : ev;
        for (var q = 0; q < quotes.length; q++) {
          li.appendChild(el("blockquote", null, quotes[q]));
        }
        ol.appendChild(li);
      }
      pbox.appendChild(ol);
      pbox.appendChild(el("div", "gm-id", "event_id " + eventId(j)));
      return pbox;
    }
    var selected = -1;
    var opener = null;
    function openPopup(m, byKeyboard) {
      var j = m._gmIndex;
      opener = byKeyboard ? m : null;
      fitPopup(j);
      var content = buildPopup(j);
      popup.setLatLng(m.getLatLng()).setContent(content).openOn(map);
      selected = j;
      markSelected();
      if (byKeyboard) {
        content.focus({ preventScroll: true });
      }
    }
    map.on("popupclose", function (e) {
      if (e.popup !== popup) {
        return;
      }
      selected = -1;
      markSelected();
      var back = opener;
      opener = null;
      if (back && back._icon && document.activeElement && (document.activeElement === document.body || box.contains(document.activeElement))) {
        back._icon.focus({ preventScroll: true });
      }
    });
    cluster.on("click", function (e) {
      if (e.layer && e.layer._gmIndex !== undefined) {
        openPopup(e.layer, false);
      }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && map.hasLayer(popup)) {
        e.preventDefault();
        map.closePopup(popup);
      } else if (e.key === "Escape" && cluster._spiderfied) {
        cluster._spiderfied.unspiderfy();
      }
    });

    /* ---- filtering: type switches, the time window and the filters, applied in bulk ---- */
    var lower = {};
    function low(k) {
      if (k < 0) {
        return "";
      }
      var s = lower[k];
      if (s === undefined) {
        s = lower[k] = S[k].toLowerCase();
      }
      return s;
    }
    function passes(j) {
      var d = D.d[j];
      if (d < 0 ? !state.undated : d < state.from || d > state.to) {
        return false;
      }
      if (state.claim) {
        var cl = D.cl[j];
        if ((state.claim === "claimed" && cl !== 1) || (state.claim === "suspected" && cl !== 0) || (state.claim === "unsaid" && cl !== 2)) {
          return false;
        }
      }
      if (state.trust !== "" && TRU && TRU[j] !== +state.trust) {
        return false;
      }
      if (state.casualties && !(D.fa[j] > 0 || D.inj[j] > 0)) {
        return false;
      }
      if (state.q) {
        var q = state.q;
        if (low(D.loc[j]).indexOf(q) < 0 && low(D.adm[j]).indexOf(q) < 0 && low(D.ac[j]).indexOf(q) < 0 && low(D.tg[j]).indexOf(q) < 0) {
          return false;
        }
      }
      return true;
    }
    /* ---- what is shown, and the cluster group brought to it a frame's budget at a time ----
     * update() decides what is shown (shown[]), at once, and counts it; sync() then brings
     * the cluster group there: removals in slices of a few hundred markers while a frame's
     * budget lasts, additions through markercluster's chunked loading (a chunk per frame).
     * A change of the date window alone touches only the days that enter or leave it
     * (incidents are indexed by day); any other change goes over every incident once. */
    var byDay = new Int32Array(n);
    var dayStart = new Int32Array(Math.max(nd, 0) + 2);
    var undatedIdx = [];
    (function () {
      var perDay = new Int32Array(Math.max(nd, 0) + 2);
      for (var k = 0; k < n; k++) {
        if (D.d[k] >= 0) {
          perDay[D.d[k] + 1]++;
        } else {
          undatedIdx.push(k);
        }
      }
      for (var dd = 1; dd < perDay.length; dd++) {
        perDay[dd] += perDay[dd - 1];
      }
      dayStart.set(perDay);
      for (var k2 = 0; k2 < n; k2++) {
        if (D.d[k2] >= 0) {
          byDay[perDay[D.d[k2]]++] = k2;
        }
      }
    })();
    var inCl = new Uint8Array(n); /* in the cluster group now */
    var dirtyMark = new Uint8Array(n);
    var dirty = []; /* incidents whose shown[] the cluster group has not caught up with */
    var cnt = new Array(T).fill(0);
    var und = 0;
    var applied = null; /* the filters update() last applied, to see what changed */
    var BUDGET = 24; /* ms of a frame for removals */
    var slice = 300; /* removals per call, adapted to take about a third of the budget */
    function filterKey() {
      return [state.on.join(","), state.undated, state.q, state.claim, state.trust, state.casualties].join("|");
    }
    function set(j, v) {
      if (v === shown[j]) {
        return;
      }
      shown[j] = v;
      var dv = v ? 1 : -1;
      cnt[D.t[j]] += dv;
      if (D.d[j] < 0) {
        und += dv;
      }
      if (!dirtyMark[j]) {
        dirtyMark[j] = 1;
        dirty.push(j);
      }
    }
    function days(a, z, v) {
      for (var k = dayStart[a]; k < dayStart[z + 1]; k++) {
        var j = byDay[k];
        set(j, v && state.on[D.t[j]] && passes(j) ? 1 : 0);
      }
    }
    function update() {
      var key = filterKey();
      if (applied && applied.key === key) {
        /* only the window moved: the days that left it, then the days that entered it */
        var a0 = applied.from;
        var z0 = applied.to;
        var a1 = state.from;
        var z1 = state.to;
        if (a1 > z0 || z1 < a0) {
          days(a0, z0, 0);
          days(a1, z1, 1);
        } else {
          if (a0 < a1) {
            days(a0, a1 - 1, 0);
          }
          if (z1 < z0) {
            days(z1 + 1, z0, 0);
          }
          if (a1 < a0) {
            days(a1, a0 - 1, 1);
          }
          if (z0 < z1) {
            days(z0 + 1, z1, 1);
          }
        }
      } else {
        for (var j = 0; j < n; j++) {
          set(j, state.on[D.t[j]] && passes(j) ? 1 : 0);
        }
      }
      applied = { key: key, from: state.from, to: state.to };
      if (selected >= 0 && !shown[selected]) {
        map.closePopup(popup);
      }
      visible = cnt.slice();
      undatedShown = und;
      sync();
      updateHeat();
      for (var f = 0; f < listeners.length; f++) {
        listeners[f]();
      }
      saveHash();
    }
    var later = perFrame(sync);
    function busy() {
      return adding || pending || later.asked() || dirty.length > 0;
    }
    function sync() {
      if (adding) {
        pending = true; /* the chunked add in progress calls again when it is done */
        return;
      }
      if (!dirty.length) {
        ready = true;
        return;
      }
      var t0 = window.performance.now();
      var stay = 0;
      var leave = 0;
      for (var k = 0; k < dirty.length; k++) {
        if (inCl[dirty[k]] && !shown[dirty[k]]) {
          leave++;
        }
      }
      var add = [];
      if (leave > 2000) {
        for (var q = 0; q < n; q++) {
          stay += inCl[q] && shown[q] ? 1 : 0;
        }
      }
      if (leave > 2000 && leave > stay) {
        /* most of what is there goes: start again from an empty group */
        cluster.clearLayers();
        inCl.fill(0);
        dirtyMark.fill(0);
        dirty = [];
        for (var r = 0; r < n; r++) {
          if (shown[r]) {
            add.push(marker(r));
            inCl[r] = 1;
          }
        }
      } else {
        while (dirty.length && window.performance.now() - t0 < BUDGET) {
          var rem = [];
          var stop = Math.max(0, dirty.length - slice);
          for (var i2 = dirty.length - 1; i2 >= stop; i2--) {
            var j2 = dirty[i2];
            dirtyMark[j2] = 0;
            if (shown[j2] && !inCl[j2]) {
              add.push(marker(j2));
              inCl[j2] = 1;
            } else if (!shown[j2] && inCl[j2]) {
              rem.push(markers[j2]);
              inCl[j2] = 0;
            }
          }
          dirty.length = stop;
          if (rem.length) {
            var t1 = window.performance.now();
            cluster.removeLayers(rem);
            var took = window.performance.now() - t1;
            if (rem.length >= slice / 2) {
              slice = Math.round(Math.max(50, Math.min(5000, (slice * BUDGET) / 3 / Math.max(1, took))));
            }
          }
        }
      }
      if (add.length) {
        adding = true;
        /* the first drawing in big chunks (nothing to keep smooth yet), later ones in small */
        cluster.options.chunkInterval = ready ? 50 : 200;
        cluster.addLayers(add);
      } else if (dirty.length) {
        later();
      } else {
        ready = true;
      }
    }
    var schedule = perFrame(update);
    /* ---- the heat layer: a density grid of the incidents shown, never a solid block ----
     * Incidents are counted in cells of HEAT_CELL screen pixels, the counts smoothed (three
     * box blurs, about a Gaussian), and each cell coloured by the square root of its share of
     * the densest cell in view: red is the densest spot of the current window and filters,
     * whatever their size, so 20 or 100,000 incidents both give a picture. leaflet.heat keeps
     * its canvas, panes and zoom animation; only its drawing is ours. */
    var HEAT_CELL = 6;
    var HEAT_BLUR = 2;
    var HEAT_STOPS = [[0, [0, 0, 255]], [0.4, [0, 0, 255]], [0.6, [0, 255, 255]], [0.7, [0, 255, 0]], [0.8, [255, 255, 0]], [1, [255, 0, 0]]];
    var heatRamp = null;
    var WX = null;
    var WY = null;
    var heatDrawn = 0;
    function ramp() {
      var out = new Uint8Array(256 * 3);
      for (var v = 0; v < 256; v++) {
        var x = v / 255;
        var k = 1;
        while (k < HEAT_STOPS.length - 1 && HEAT_STOPS[k][0] < x) {
          k++;
        }
        var a = HEAT_STOPS[k - 1];
        var b = HEAT_STOPS[k];
        var f = b[0] > a[0] ? (x - a[0]) / (b[0] - a[0]) : 1;
        for (var c = 0; c < 3; c++) {
          out[v * 3 + c] = Math.round(a[1][c] + (b[1][c] - a[1][c]) * Math.max(0, Math.min(1, f)));
        }
      }
      return out;
    }
    function boxBlur(src, dst, w, h, r, horizontal) {
      var span = 2 * r + 1;
      var outer = horizontal ? h : w;
      var inner = horizontal ? w : h;
      var step = horizontal ? 1 : w;
      var line = horizontal ? w : 1;
      for (var o = 0; o < outer; o++) {
        var base = o * line;
        var acc = 0;
        for (var q = -r; q <= r; q++) {
          if (q >= 0 && q < inner) {
            acc += src[base + q * step];
          }
        }
        for (var i2 = 0; i2 < inner; i2++) {
          dst[base + i2 * step] = acc / span;
          var add = i2 + r + 1;
          var drop = i2 - r;
          if (add < inner) {
            acc += src[base + add * step];
          }
          if (drop >= 0) {
            acc -= src[base + drop * step];
          }
        }
      }
    }
    function drawHeat() {
      var heat = refs.heat;
      heat._frame = null;
      var cv = heat._canvas;
      if (!cv || !heat._map) {
        return;
      }
      var ctx = cv.getContext("2d");
      ctx.clearRect(0, 0, cv.width, cv.height);
      if (!WX) {
        WX = new Float64Array(n);
        WY = new Float64Array(n);
        for (var k = 0; k < n; k++) {
          var sn = Math.sin((Math.max(-85.05, Math.min(85.05, D.lat[k])) * Math.PI) / 180);
          WX[k] = (D.lon[k] + 180) / 360;
          WY[k] = 0.5 - Math.log((1 + sn) / (1 - sn)) / (4 * Math.PI);
        }
        heatRamp = ramp();
      }
      var size = map.getSize();
      var pad = 3 * HEAT_BLUR + 1;
      var gw = Math.ceil(size.x / HEAT_CELL) + 2 * pad;
      var gh = Math.ceil(size.y / HEAT_CELL) + 2 * pad;
      var grid = new Float32Array(gw * gh);
      var tmp = new Float32Array(gw * gh);
      var scale = 256 * Math.pow(2, map.getZoom());
      var nw = map.containerPointToLayerPoint([0, 0]).add(map.getPixelOrigin());
      var x0 = nw.x - pad * HEAT_CELL;
      var y0 = nw.y - pad * HEAT_CELL;
      var drawn = 0;
      for (var j = 0; j < n; j++) {
        if (!shown[j]) {
          continue;
        }
        var gx = Math.floor((WX[j] * scale - x0) / HEAT_CELL);
        var gy = Math.floor((WY[j] * scale - y0) / HEAT_CELL);
        if (gx >= 0 && gy >= 0 && gx < gw && gy < gh) {
          grid[gy * gw + gx] += 1;
          drawn++;
        }
      }
      for (var pass = 0; pass < 3; pass++) {
        boxBlur(grid, tmp, gw, gh, HEAT_BLUR, true);
        boxBlur(tmp, grid, gw, gh, HEAT_BLUR, false);
      }
      var max = 0;
      for (var y = pad; y < gh - pad; y++) {
        for (var x = pad; x < gw - pad; x++) {
          max = Math.max(max, grid[y * gw + x]);
        }
      }
      heatDrawn = drawn;
      if (max <= 0) {
        return;
      }
      var iw = gw - 2 * pad;
      var ih = gh - 2 * pad;
      var small = document.createElement("canvas");
      small.width = iw;
      small.height = ih;
      var sctx = small.getContext("2d");
      var img = sctx.createImageData(iw, ih);
      var px = img.data;
      var floor = max * 1e-4;
      for (var yy = 0; yy < ih; yy++) {
        for (var xx = 0; xx < iw; xx++) {
          var g2 = grid[(yy + pad) * gw + xx + pad];
          if (g2 <= floor) {
            continue;
          }
          var v = Math.sqrt(Math.min(1, g2 / max));
          var ci = Math.round(v * 255) * 3;
          var o2 = (yy * iw + xx) * 4;
          px[o2] = heatRamp[ci];
          px[o2 + 1] = heatRamp[ci + 1];
          px[o2 + 2] = heatRamp[ci + 2];
          px[o2 + 3] = Math.round(255 * (0.2 + 0.65 * v));
        }
      }
      sctx.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(small, 0, 0, iw * HEAT_CELL, ih * HEAT_CELL);
    }
    function updateHeat() {
      if (refs.heat && map.hasLayer(refs.heat)) {
        refs.heat.redraw();
      }
    }
    if (refs.heat) {
      refs.heat._redraw = drawHeat;
    }
    for (t = 0; t < T; t++) {
      var layer = refs.types[types[t]];
      if (!layer) {
        continue;
      }
      state.on[t] = map.hasLayer(layer);
      (function (tt, lyr) {
        lyr.on("add", function () {
          state.on[tt] = true;
          drawBars();
          schedule();
        });
        lyr.on("remove", function () {
          state.on[tt] = false;
          drawBars();
          schedule();
        });
      })(t, layer);
    }

    /* ---- panels: a collapsible box with a toggle button in its head ---- */
    var panels = [];
    /* A collapsible panel: its toggle button shows or hides its body. On a narrow screen an
     * exclusive panel opened by the user closes the other exclusive ones (they would not fit
     * side by side). */
    function managed(node, body, btn, expanded, exclusive) {
      var api = { node: node, body: body, button: btn, open: expanded, exclusive: exclusive };
      function apply() {
        btn.setAttribute("aria-expanded", api.open ? "true" : "false");
        node.classList.toggle("gm-collapsed", !api.open);
        body.hidden = !api.open;
      }
      api.setOpen = function (open, byUser) {
        api.open = open;
        apply();
        if (byUser && open && narrow) {
          panels.forEach(function (other) {
            if (other !== api && other.exclusive && other.open) {
              other.open = false;
              other.apply();
            }
          });
        }
        layout();
        if (byUser) {
          saveHash();
        }
      };
      api.apply = apply;
      btn.addEventListener("click", function () {
        api.setOpen(!api.open, true);
      });
      apply();
      panels.push(api);
      return api;
    }
    function makePanel(cls, label, bodyId, title, expanded, exclusive) {
      var p = el("section", "gm-panel " + cls);
      p.setAttribute("aria-label", label);
      var head = el("div", "gm-panel-head");
      var body = el("div", "gm-panel-body");
      body.id = bodyId;
      var btn = el("button", "gm-toggle", title);
      btn.type = "button";
      btn.setAttribute("aria-controls", bodyId);
      head.appendChild(btn);
      p.appendChild(head);
      p.appendChild(body);
      L.DomEvent.disableClickPropagation(p);
      L.DomEvent.disableScrollPropagation(p);
      box.appendChild(p);
      var api = managed(p, body, btn, expanded, exclusive);
      api.head = head;
      return api;
    }

    /* ---- the side panel: title, counts, legend, tallies, and the list of incidents ---- */
    var side = makePanel("gm-side", "Map key and incident list", "gm-side-body", "Key & list", !narrow, true);
    side.button.classList.add("gm-side-toggle");
    var title = el("h1", null, D.title);
    side.head.insertBefore(title, side.button);
    var srcCount = D.D.length;
    var subText = plural(n, "incident", "incidents") + " from " + plural(srcCount, "article", "articles");
    if (hasDates) {
      subText += " \u00b7 " + dayStr(0) + " to " + dayStr(nd);
    }
    if (undated) {
      subText += " \u00b7 " + undated + " undated";
    }
    var sub = el("p", "gm-sub", subText);
    side.body.appendChild(sub);

    function section(name, open) {
      var det = el("details", "gm-section");
      det.open = open;
      det.appendChild(el("summary", null, name));
      det.addEventListener("toggle", layout);
      side.body.appendChild(det);
      return det;
    }

    /* legend: shapes and colours as on the map, with counts */
    var legend = section("Attack types (shown / all)", true);
    legend.classList.add("gm-legend");
    var rows = [];
    var tbl = el("table");
    for (t = 0; t < T; t++) {
      if (!total[t]) {
        continue;
      }
      var tr = el("tr");
      var td0 = el("td", "gm-sw");
      td0.appendChild(shapeSvg(shapes[t], colours[t], 1));
      tr.appendChild(td0);
      tr.appendChild(el("td", null, labels[t]));
      var tc = el("td", "gm-num");
      tr.appendChild(tc);
      rows.push([t, tc, tr]);
      tbl.appendChild(tr);
    }
    legend.appendChild(tbl);
    /* what the marker's fill, size, outline and dot say: the same pictures as on the map */
    function key(cls, heading, entries) {
      legend.appendChild(el("h2", null, heading));
      var kt = el("table", "gm-prec " + cls);
      entries.forEach(function (e) {
        var kr = el("tr");
        var kc = el("td", "gm-sw");
        kc.appendChild(shapeSvg(D.paths.circle, "#555555", e[0], e[1], e[2], e[4]));
        kr.appendChild(kc);
        kr.appendChild(el("td", null, e[3]));
        kt.appendChild(kr);
      });
      legend.appendChild(kt);
    }
    key("gm-key-where", "Where: fill and size", [
      [1, 1, 0, "filled: " + GEO_PREC[1]],
      [2, 1, 0, "half filled: " + GEO_PREC[2]],
      [3, 1, 0, "faint: " + GEO_PREC[3]],
      [4, 1, 0, "hollow: " + GEO_PREC[4]]
    ]);
    key("gm-key-site", "What: centre dot", [
      [1, 1, 1, "dot: a named site (base, embassy, airport...)"],
      [1, 1, 0, "no dot: a town, province or country"]
    ]);
    if (TRU && D.trustLabels) {
      key("gm-key-trust", "Trust: tick", [
        [1, 1, 0, "tick: " + D.trustLabels[3] + " or " + D.trustLabels[4], 1],
        [1, 1, 0, "no tick: " + D.trustLabels[0] + ", " + D.trustLabels[1] + " or " + D.trustLabels[2], 0]
      ]);
    }
    key("gm-key-when", "When: outline", [
      [1, 1, 0, "solid: " + TIME_PREC[1]],
      [1, 2, 0, "dashed: " + TIME_PREC[2]],
      [1, 3, 0, "dotted: " + TIME_PREC[3]]
    ]);
    if (refs.heat) {
      var heatKey = el("p", "gm-hint gm-heat-key", "Heat map: the incidents shown per area, from blue (few) to red (the densest spot in view).");
      heatKey.hidden = !map.hasLayer(refs.heat);
      refs.heat.on("add remove", function () {
        heatKey.hidden = !map.hasLayer(refs.heat);
        layout();
      });
      legend.appendChild(heatKey);
    }
    legend.appendChild(el("p", "gm-hint", "Click or press Enter on a cluster to zoom in or spread it, on a marker for its sources; Esc closes."));
    listeners.push(function () {
      for (var r = 0; r < rows.length; r++) {
        rows[r][1].textContent = visible[rows[r][0]] + " / " + total[rows[r][0]];
        rows[r][2].className = state.on[rows[r][0]] ? "" : "gm-off";
      }
    });

    /* tallies, switched by the context layer */
    if (D.tallies.length) {
      var tsec = section("Tallies reported (context, not mapped)", !narrow);
      tsec.classList.add("gm-tallies");
      var ul = el("ul");
      for (var k = 0; k < D.tallies.length; k++) {
        var ty = D.tallies[k];
        var li = el("li");
        li.appendChild(el("strong", null, (ty.qualifier ? ty.qualifier + " " : "") + ty.count + " attacks"));
        if (ty.since) {
          li.appendChild(document.createTextNode(" since " + ty.since));
        }
        var by = el("div", "gm-meta");
        var href = safeHref(ty.url);
        var who = ty.outlet || domainOf(href);
        if (href) {
          var a = el("a", null, who);
          a.href = href;
          a.target = "_blank";
          a.rel = "noopener noreferrer nofollow";
          by.appendChild(document.createTextNode("said by "));
          by.appendChild(a);
        } else if (who) {
          by.textContent = "said by " + who;
        } else {
          by.textContent = ty.title ? "said in " + ty.title : "said in document " + ty.document;
        }
        if (ty.published) {
          by.appendChild(document.createTextNode(", " + ty.published));
        }
        li.appendChild(by);
        li.appendChild(el("blockquote", null, ty.evidence));
        ul.appendChild(li);
      }
      tsec.appendChild(ul);
      if (refs.context) {
        tsec.hidden = !map.hasLayer(refs.context);
        refs.context.on("add remove", function () {
          tsec.hidden = !map.hasLayer(refs.context);
          layout();
        });
      }
    }

    /* the list: incidents in the window, newest first; search and filters over the map too */
    var LIST_MAX = 200;
    var order = new Int32Array(n);
    for (i = 0; i < n; i++) {
      order[i] = i;
    }
    order.sort(function (x, y) {
      return D.d[y] - D.d[x] || x - y;
    });
    var lsec = section("Incidents", true);
    lsec.classList.add("gm-list");
    var lsum = lsec.firstChild;
    var filters = el("div", "gm-filters");
    var search = el("input", "gm-search");
    search.type = "search";
    search.placeholder = "Search place, actor, target";
    search.setAttribute("aria-label", "Search incidents by place, actor or target");
    filters.appendChild(search);
    var claimSel = el("select", "gm-claim");
    claimSel.setAttribute("aria-label", "Attribution");
    [["", "any attribution"], ["claimed", "claimed"], ["suspected", "suspected, not claimed"], ["unsaid", "nothing said"]].forEach(function (o) {
      var opt = el("option", null, o[1]);
      opt.value = o[0];
      claimSel.appendChild(opt);
    });
    filters.appendChild(claimSel);
    var trustSel = null;
    if (TRU && D.trustLabels) {
      trustSel = el("select", "gm-trust");
      trustSel.setAttribute("aria-label", "Trust");
      var anyTrust = el("option", null, "any trust");
      anyTrust.value = "";
      trustSel.appendChild(anyTrust);
      D.trustLabels.forEach(function (label, k) {
        var opt = el("option", null, label);
        opt.value = String(k);
        trustSel.appendChild(opt);
      });
      filters.appendChild(trustSel);
      trustSel.addEventListener("change", function () {
        state.trust = trustSel.value;
        schedule();
      });
    }
    var casBox = checkbox(filters, "gm-cas", "with casualties");
    lsec.appendChild(filters);
    var listNote = el("p", "gm-list-note");
    listNote.setAttribute("aria-live", "polite");
    lsec.appendChild(listNote);
    var list = el("ol", "gm-rows");
    lsec.appendChild(list);
    var rowOf = {};
    var qTimer = null;
    search.addEventListener("input", function () {
      window.clearTimeout(qTimer);
      qTimer = window.setTimeout(function () {
        qTimer = null;
        state.q = search.value.trim().toLowerCase();
        schedule();
      }, 150);
    });
    claimSel.addEventListener("change", function () {
      state.claim = claimSel.value;
      schedule();
    });
    casBox.addEventListener("change", function () {
      state.casualties = casBox.checked;
      schedule();
    });
    function listRow(j) {
      var li = el("li");
      var b = el("button", "gm-row");
      b.type = "button";
      b.setAttribute("data-j", String(j));
      b.appendChild(shapeSvg(shapes[D.t[j]], colours[D.t[j]], 1));
      var txt = el("span", "gm-row-text");
      txt.appendChild(el("span", "gm-row-date", D.d[j] < 0 ? "undated" : dayStr(D.d[j])));
      txt.appendChild(document.createTextNode(" " + labels[D.t[j]] + " \u00b7 " + (str(D.loc[j]) || "?")));
      var ns = D.so[j + 1] - D.so[j];
      txt.appendChild(el("span", "gm-row-src", " \u00b7 " + plural(ns, "source", "sources")));
      b.appendChild(txt);
      li.appendChild(b);
      return li;
    }
    var listDirty = true;
    var listed = [];
    var rowCache = {};
    var rowCount = 0;
    function renderList() {
      var shownN = 0;
      for (var k = 0; k < T; k++) {
        shownN += visible[k];
      }
      lsum.textContent = "Incidents (" + shownN + ")";
      if (!side.open || !lsec.open) {
        listDirty = true; /* drawn when it is opened: a hidden list costs nothing */
        return;
      }
      listDirty = false;
      /* the rows are made once per incident and kept; the list changes only if its rows do */
      var rowsNow = [];
      for (var o = 0; o < n && rowsNow.length < LIST_MAX; o++) {
        if (shown[order[o]]) {
          rowsNow.push(order[o]);
        }
      }
      var made = rowsNow.length;
      var same = made === listed.length;
      for (var r = 0; same && r < made; r++) {
        same = rowsNow[r] === listed[r];
      }
      if (!same) {
        if (rowCount > 4 * LIST_MAX) {
          rowCache = {};
          rowCount = 0;
        }
        rowOf = {};
        var frag = document.createDocumentFragment();
        for (var r2 = 0; r2 < made; r2++) {
          var j = rowsNow[r2];
          var li = rowCache[j];
          if (!li) {
            li = rowCache[j] = listRow(j);
            rowCount++;
          }
          rowOf[j] = li.firstChild;
          frag.appendChild(li);
        }
        list.replaceChildren(frag);
        listed = rowsNow;
      }
      listNote.textContent =
        shownN === 0 ? "No incident in this window with these filters." : shownN > made ? "Newest " + made + " of " + shownN + " shown; narrow the window or search to see the rest." : plural(shownN, "incident", "incidents") + ", newest first.";
      markSelected();
    }
    var marked = null; /* the row marked, in the list or kept aside */
    function markSelected() {
      if (marked) {
        marked.classList.remove("gm-selected");
        marked.removeAttribute("aria-current");
      }
      marked = rowOf[selected] || null;
      if (marked) {
        marked.classList.add("gm-selected");
        marked.setAttribute("aria-current", "true");
      }
    }
    listeners.push(renderList);
    lsec.addEventListener("toggle", function () {
      if (listDirty) {
        renderList();
      }
    });
    side.button.addEventListener("click", function () {
      if (listDirty) {
        renderList();
      }
    });
    list.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest(".gm-row") : null;
      if (b) {
        goTo(parseInt(b.getAttribute("data-j"), 10), e.detail === 0);
      }
    });
    /* Fly to one incident, spread its cluster if need be, and open it. */
    function goTo(j, byKeyboard) {
      if (!shown[j]) {
        return false;
      }
      var m = marker(j);
      map.closePopup(popup);
      var opened = false;
      function open() {
        if (!opened && map.hasLayer(m) && m._icon) {
          opened = true;
          openPopup(m, byKeyboard);
        }
      }
      if (narrow && side.open) {
        side.setOpen(false, false);
      }
      map.setView(m.getLatLng(), Math.max(map.getZoom(), 11), { animate: false });
      var f = freeRect();
      map.panBy([box.clientWidth / 2 - (f.l + f.r) / 2, box.clientHeight / 2 - (f.t + f.b) / 2], { animate: false });
      cluster.zoomToShowLayer(m, function () {
        window.setTimeout(open, 50);
      });
      return true;
    }

    /* ---- the time bar: chart of incidents per day by type, the date window, play ---- */
    var time = null;
    var VW = 1000;
    var CH = narrow ? 34 : 56;
    var bin = Math.max(1, Math.ceil((nd + 1) / 280));
    var nb = Math.floor(nd / bin) + 1;
    var chart = svgEl("svg", { viewBox: "0 0 " + VW + " " + CH, preserveAspectRatio: "none", role: "img", "aria-label": "incidents per day by type", class: "gm-chart" });
    var bars = svgEl("g", { "shape-rendering": "crispEdges" });
    var shadeL = svgEl("rect", { x: 0, y: 0, height: CH, fill: "#ffffff", "fill-opacity": 0.78 });
    var shadeR = svgEl("rect", { x: 0, y: 0, height: CH, fill: "#ffffff", "fill-opacity": 0.78 });
    chart.appendChild(bars);
    chart.appendChild(shadeL);
    chart.appendChild(shadeR);
    chart.appendChild(svgEl("line", { x1: 0, x2: VW, y1: CH - 0.5, y2: CH - 0.5, stroke: "#767676", "vector-effect": "non-scaling-stroke" }));
    var perBin = [];
    for (var b = 0; b < nb; b++) {
      perBin.push(new Array(T).fill(0));
    }
    for (i = 0; i < n; i++) {
      if (D.d[i] >= 0) {
        perBin[Math.floor(D.d[i] / bin)][D.t[i]]++;
      }
    }
    function xOf(day) {
      return (day / (nd + 1)) * VW;
    }
    var chartHead = el("span", "gm-time-title");
    function drawBars() {
      if (!hasDates) {
        return;
      }
      while (bars.firstChild) {
        bars.removeChild(bars.firstChild);
      }
      var max = 1;
      for (var bb = 0; bb < nb; bb++) {
        var s = 0;
        for (var tt = 0; tt < T; tt++) {
          if (state.on[tt]) {
            s += perBin[bb][tt];
          }
        }
        max = Math.max(max, s);
      }
      var bw = Math.max(1, (VW / (nd + 1)) * bin * 0.85);
      for (var b2 = 0; b2 < nb; b2++) {
        var y = CH - 1;
        for (var t2 = 0; t2 < T; t2++) {
          var c = perBin[b2][t2];
          if (!c || !state.on[t2]) {
            continue;
          }
          var h = (c / max) * (CH - 4);
          y -= h;
          bars.appendChild(svgEl("rect", { x: xOf(b2 * bin).toFixed(2), y: y.toFixed(2), width: bw.toFixed(2), height: h.toFixed(2), fill: colours[t2] }));
        }
      }
      chartHead.textContent = "Incidents " + (bin === 1 ? "per day" : "per " + bin + " days") + " by type (highest bar: " + max + ")";
    }

    var range = el("div", "gm-range");
    range.setAttribute("role", "group");
    range.setAttribute("aria-label", "Date window");
    var selBar = el("div", "gm-sel");
    range.appendChild(el("div", "gm-track"));
    range.appendChild(selBar);
    var inFrom = el("input", "gm-from");
    var inTo = el("input", "gm-to");
    [inFrom, inTo].forEach(function (inp, k) {
      inp.type = "range";
      inp.min = "0";
      inp.max = String(Math.max(nd, 0));
      inp.step = "1";
      inp.value = String(k === 0 ? 0 : Math.max(nd, 0));
      inp.setAttribute("aria-label", k === 0 ? "From date" : "To date");
      range.appendChild(inp);
    });
    var axis = el("div", "gm-axis");
    var controls = el("div", "gm-controls");
    function button(cls, text, label) {
      var btn = el("button", cls, text);
      btn.type = "button";
      if (label) {
        btn.setAttribute("aria-label", label);
        btn.title = label;
      }
      controls.appendChild(btn);
      return btn;
    }
    var allBtn = button("gm-all", "All dates");
    var backBtn = button("gm-back", "\u2039", "Earlier");
    var play = button("gm-play", "\u25b6 Play");
    var fwdBtn = button("gm-fwd", "\u203a", "Later");
    var speed = el("select", "gm-speed");
    speed.setAttribute("aria-label", "Play speed");
    speed.title = "Play speed";
    [["0.5", "\u00bd\u00d7"], ["1", "1\u00d7"], ["2", "2\u00d7"], ["4", "4\u00d7"]].forEach(function (o) {
      var opt = el("option", null, o[1]);
      opt.value = o[0];
      speed.appendChild(opt);
    });
    speed.value = "1";
    controls.appendChild(speed);
    var loopBox = checkbox(controls, "gm-loop", "loop");
    var label = el("span", "gm-window");
    controls.appendChild(label);
    var undatedBox = null;
    if (undated) {
      undatedBox = checkbox(controls, "gm-undated", "undated (" + undated + ")");
      undatedBox.parentNode.title = "Undated incidents belong to no date window: this switch alone shows or hides them";
      undatedBox.checked = true;
      undatedBox.addEventListener("change", function () {
        state.undated = undatedBox.checked;
        schedule();
      });
    }
    var STEP = Math.max(1, Math.round(nd / 240));
    var undatedShown = 0;
    function showWindow() {
      inFrom.value = String(state.from);
      inTo.value = String(state.to);
      inFrom.setAttribute("aria-valuetext", dayStr(state.from));
      inTo.setAttribute("aria-valuetext", dayStr(state.to));
      shadeL.setAttribute("width", xOf(state.from).toFixed(2));
      shadeR.setAttribute("x", xOf(state.to + 1).toFixed(2));
      shadeR.setAttribute("width", Math.max(0, VW - xOf(state.to + 1)).toFixed(2));
      var span = nd > 0 ? nd : 1;
      selBar.style.left = ((state.from / span) * 100).toFixed(3) + "%";
      selBar.style.right = (100 - (state.to / span) * 100).toFixed(3) + "%";
      var shownN = 0;
      for (var k = 0; k < T; k++) {
        shownN += visible[k];
      }
      label.textContent = dayStr(state.from) + " \u2013 " + dayStr(state.to) + " \u00b7 " + shownN + " shown" + (undatedShown ? " (" + undatedShown + " undated)" : "");
      var all = state.from === 0 && state.to === nd;
      allBtn.disabled = all;
      backBtn.disabled = state.from <= 0;
      fwdBtn.disabled = state.to >= nd;
    }
    /* Move one end of the window; it pushes the other along, so no thumb is ever stuck. */
    function setEnd(which, v) {
      v = Math.max(0, Math.min(nd, v));
      if (which === inFrom) {
        state.from = v;
        if (state.to < v) {
          state.to = v;
        }
      } else {
        state.to = v;
        if (state.from > v) {
          state.from = v;
        }
      }
      showWindow();
      schedule();
    }
    function setWindow(a, z) {
      state.from = Math.max(0, Math.min(nd, a));
      state.to = Math.max(state.from, Math.min(nd, z));
      showWindow();
      schedule();
    }
    inFrom.addEventListener("input", function () {
      setEnd(inFrom, parseInt(inFrom.value, 10));
    });
    inTo.addEventListener("input", function () {
      setEnd(inTo, parseInt(inTo.value, 10));
    });
    /* Pointer on the track: the nearer thumb comes to the pointer and follows it. Of two
     * thumbs on one day, the one that can move that way is taken. */
    var THUMB = 18;
    function valueAt(x) {
      var r = inFrom.getBoundingClientRect();
      var frac = (x - r.left - THUMB / 2) / Math.max(1, r.width - THUMB);
      return Math.round(Math.max(0, Math.min(1, frac)) * nd);
    }
    function nearer(v) {
      if (state.from === state.to) {
        if (v !== state.from) {
          return v < state.from ? inFrom : inTo;
        }
        return state.to >= nd ? inFrom : inTo;
      }
      var df = Math.abs(v - state.from);
      var dt = Math.abs(v - state.to);
      return df < dt ? inFrom : dt < df ? inTo : v < state.from ? inFrom : inTo;
    }
    var dragging = null;
    var grabbed = null;
    range.addEventListener("pointerdown", function (e) {
      if ((e.pointerType === "mouse" && e.button !== 0) || nd <= 0) {
        return;
      }
      e.preventDefault();
      stop();
      var v = valueAt(e.clientX);
      dragging = nearer(v);
      grabbed = v;
      dragging.focus({ preventScroll: true });
      setEnd(dragging, v);
      try {
        range.setPointerCapture(e.pointerId);
      } catch (err) {
        /* a synthetic pointer cannot be captured: the drag still follows it */
      }
    });
    range.addEventListener("pointermove", function (e) {
      if (dragging) {
        var v = valueAt(e.clientX);
        if (state.from === state.to && v !== grabbed) {
          dragging = v < state.from ? inFrom : inTo;
        }
        grabbed = null;
        setEnd(dragging, v);
      }
    });
    function release() {
      dragging = null;
    }
    range.addEventListener("pointerup", release);
    range.addEventListener("pointercancel", release);

    var timer = null;
    function stop() {
      if (timer !== null) {
        window.clearInterval(timer);
        timer = null;
      }
      play.textContent = "\u25b6 Play";
      play.setAttribute("aria-pressed", "false");
    }
    function tick() {
      if (state.to >= nd) {
        if (!loopBox.checked) {
          stop();
          return;
        }
        var w = state.to - state.from;
        setWindow(0, w);
        return;
      }
      setWindow(Math.min(state.from + STEP, nd), Math.min(state.to + STEP, nd));
    }
    function startTimer() {
      window.clearInterval(timer);
      timer = window.setInterval(tick, 160 / parseFloat(speed.value));
    }
    play.addEventListener("click", function () {
      if (timer !== null) {
        stop();
        return;
      }
      var width = state.to - state.from;
      if (width >= nd) {
        width = Math.max(6, Math.round(nd / 12));
      }
      var from = state.to >= nd || state.to - state.from >= nd ? 0 : state.from;
      setWindow(from, from + width);
      play.textContent = "\u23f8 Pause";
      play.setAttribute("aria-pressed", "true");
      startTimer();
    });
    speed.addEventListener("change", function () {
      if (timer !== null) {
        startTimer();
      }
    });
    allBtn.addEventListener("click", function () {
      stop();
      setWindow(0, nd);
    });
    backBtn.addEventListener("click", function () {
      var shift = Math.min(STEP, state.from);
      setWindow(state.from - shift, state.to - shift);
    });
    fwdBtn.addEventListener("click", function () {
      var shift = Math.min(STEP, nd - state.to);
      setWindow(state.from + shift, state.to + shift);
    });
    if (hasDates) {
      time = makePanel("gm-time", "Time", "gm-time-chart", "Chart", !narrow, false);
      time.button.classList.add("gm-chart-toggle");
      time.head.insertBefore(chartHead, time.button);
      time.body.appendChild(chart);
      var foot = el("div", "gm-time-foot");
      axis.appendChild(el("span", null, dayStr(0)));
      axis.appendChild(el("span", null, dayStr(nd)));
      foot.appendChild(range);
      foot.appendChild(axis);
      foot.appendChild(controls);
      time.node.appendChild(foot);
      listeners.push(showWindow);
    }

    /* ---- the layer control: ours to collapse like the other panels ---- */
    var layers = null;
    function adoptLayers(ctrl) {
      if (layers) {
        return;
      }
      var c = ctrl.getContainer();
      var listEl = c.querySelector(".leaflet-control-layers-list");
      if (!listEl) {
        return;
      }
      c.classList.add("gm-layers");
      c.setAttribute("aria-label", "Layers");
      c.setAttribute("role", "region");
      listEl.id = "gm-layers-list";
      var head = el("div", "gm-panel-head");
      var btn = el("button", "gm-toggle gm-layers-toggle", "Layers");
      btn.type = "button";
      btn.setAttribute("aria-controls", listEl.id);
      head.appendChild(btn);
      c.insertBefore(head, c.firstChild);
      layers = managed(c, listEl, btn, !narrow, true);
      layers.list = listEl;
      layout();
      if (!viewFromHash) {
        fitData();
      }
    }

    /* ---- layout: sizes from the screen; nothing overlaps ---- */
    var laidOut = false;
    function layout() {
      if (!laidOut) {
        return;
      }
      var W = box.clientWidth;
      var H = box.clientHeight;
      var wasNarrow = narrow;
      narrow = W < 700;
      box.classList.toggle("gm-narrow", narrow);
      if (narrow && !wasNarrow && side.open && layers && layers.open) {
        layers.open = false; /* two panels side by side do not fit a phone */
        layers.apply();
      }
      if (time) {
        /* On a phone the chart's switch joins the buttons, and its head goes while it is shut. */
        var home = narrow ? controls : time.head;
        if (time.button.parentNode !== home) {
          home.insertBefore(time.button, narrow ? label : null);
        }
        time.head.hidden = narrow && !time.open;
      }
      var th = time ? time.node.offsetHeight : 0;
      var lift = th ? Math.ceil(th) + MARGIN + 4 : 0;
      var corners = box.querySelectorAll(".leaflet-bottom");
      for (var k = 0; k < corners.length; k++) {
        corners[k].style.bottom = lift + "px";
      }
      var above = H - (th ? Math.ceil(th) + 2 * MARGIN : MARGIN);
      var rightW = layers ? layers.node.offsetWidth + MARGIN : 0;
      side.node.style.maxWidth = Math.max(120, Math.min(330, W - 2 * MARGIN - rightW - MARGIN)) + "px";
      /* The bottom controls (zoom, scale, attribution) sit above the time bar; a panel at
       * the top reaches down to the highest of those below it. */
      var bottoms = [];
      var bc = box.querySelectorAll(".leaflet-bottom .leaflet-control");
      for (var m = 0; m < bc.length; m++) {
        bottoms.push(rectOf(bc[m]));
      }
      function floorUnder(l, r) {
        var y = above;
        for (var q = 0; q < bottoms.length; q++) {
          if (bottoms[q].l < r && bottoms[q].r > l && bottoms[q].b > bottoms[q].t) {
            y = Math.min(y, bottoms[q].t);
          }
        }
        return y - MARGIN;
      }
      var sr = rectOf(side.node);
      side.node.style.maxHeight = Math.max(60, floorUnder(sr.l, sr.l + parseFloat(side.node.style.maxWidth)) - sr.t) + "px";
      if (layers) {
        var lr = rectOf(layers.node);
        var headH = layers.node.firstChild.offsetHeight;
        layers.list.style.maxHeight = Math.max(60, floorUnder(lr.l, lr.r) - lr.t - headH - 14) + "px";
      }
      if (selected >= 0 && map.hasLayer(popup)) {
        fitPopup(selected);
        popup.update();
      }
    }
    map.on("resize", layout);

    /* ---- permalinks: the view, the window, the layers and the filters in the URL hash ---- */
    var viewFromHash = false;
    var hashTimer = null;
    var applying = false;
    function hashText() {
      var c = map.getCenter();
      var parts = ["map=" + map.getZoom() + "/" + c.lat.toFixed(4) + "/" + c.lng.toFixed(4)];
      if (hasDates && (state.from > 0 || state.to < nd)) {
        parts.push("from=" + dayStr(state.from), "to=" + dayStr(state.to));
      }
      var off = [];
      for (var k = 0; k < T; k++) {
        if (total[k] && !state.on[k]) {
          off.push(types[k]);
        }
      }
      if (off.length) {
        parts.push("off=" + off.join(","));
      }
      if (undated && !state.undated) {
        parts.push("undated=0");
      }
      if (state.q) {
        parts.push("q=" + encodeURIComponent(state.q));
      }
      if (state.trust !== "") {
        parts.push("trust=" + state.trust);
      }
      if (state.claim) {
        parts.push("claim=" + state.claim);
      }
      if (state.casualties) {
        parts.push("casualties=1");
      }
      if (refs.heat && map.hasLayer(refs.heat)) {
        parts.push("heat=1");
      }
      if (refs.context && !map.hasLayer(refs.context)) {
        parts.push("tallies=0");
      }
      if (refs.offline && map.hasLayer(refs.offline)) {
        parts.push("base=offline");
      }
      if (selected >= 0) {
        parts.push("open=" + encodeURIComponent(eventId(selected)));
      }
      return "#" + parts.join("&");
    }
    function saveHash() {
      if (!laidOut || applying) {
        return;
      }
      window.clearTimeout(hashTimer);
      hashTimer = window.setTimeout(function () {
        var h = hashText();
        if (h !== window.location.hash) {
          try {
            window.history.replaceState(null, "", h);
          } catch (err) {
            /* a page that cannot rewrite its URL still works */
          }
        }
      }, 200);
    }
    function setLayer(layer, on) {
      if (layer && on && !map.hasLayer(layer)) {
        map.addLayer(layer);
      } else if (layer && !on && map.hasLayer(layer)) {
        map.removeLayer(layer);
      }
    }
    var toOpen = null;
    /* Apply a hash; returns true when it sets the view. */
    function readHash(h) {
      var p = {};
      (h || "").replace(/^#/, "").split("&").forEach(function (kv) {
        var at = kv.indexOf("=");
        if (at > 0) {
          try {
            p[kv.slice(0, at)] = decodeURIComponent(kv.slice(at + 1));
          } catch (err) {
            /* a broken part is ignored */
          }
        }
      });
      applying = true;
      try {
        if (hasDates) {
          var a = p.from ? dayOf(p.from) : 0;
          var z = p.to ? dayOf(p.to) : nd;
          setWindow(a === null ? 0 : a, z === null ? nd : z);
        }
        var off = (p.off || "").split(",");
        for (var k = 0; k < T; k++) {
          setLayer(refs.types[types[k]], off.indexOf(types[k]) < 0);
        }
        state.undated = p.undated !== "0";
        if (undatedBox) {
          undatedBox.checked = state.undated;
        }
        state.q = (p.q || "").trim().toLowerCase();
        search.value = p.q || "";
        state.claim = ["claimed", "suspected", "unsaid"].indexOf(p.claim) >= 0 ? p.claim : "";
        claimSel.value = state.claim;
        if (trustSel) {
          var tv = /^[0-9]$/.test(p.trust || "") && +p.trust < D.trustLabels.length ? p.trust : "";
          state.trust = tv;
          trustSel.value = tv;
        }
        state.casualties = p.casualties === "1";
        casBox.checked = state.casualties;
        setLayer(refs.heat, p.heat === "1");
        setLayer(refs.context, p.tallies !== "0");
        if (refs.offline && refs.tiles) {
          setLayer(refs.offline, p.base === "offline");
          setLayer(refs.tiles, p.base !== "offline");
        }
        toOpen = p.open || null;
        var v = (p.map || "").split("/").map(parseFloat);
        if (v.length === 3 && v.every(isFinite) && Math.abs(v[1]) <= 90) {
          map.setView([v[1], v[2]], Math.max(map.getMinZoom(), Math.min(map.getMaxZoom(), Math.round(v[0]))), { animate: false });
          return true;
        }
        return false;
      } finally {
        applying = false;
        schedule();
      }
    }
    window.addEventListener("hashchange", function () {
      if (window.location.hash !== hashText()) {
        readHash(window.location.hash);
        openFromHash();
      }
    });
    function openFromHash() {
      if (!toOpen) {
        return;
      }
      var id = toOpen;
      toOpen = null;
      var poll = window.setInterval(function () {
        if (ready && !busy() && !schedule.asked()) {
          window.clearInterval(poll);
          for (var k = 0; k < n; k++) {
            if (eventId(k) === id) {
              goTo(k, false);
              return;
            }
          }
        }
      }, 50);
    }
    map.on("moveend overlayadd overlayremove baselayerchange", saveHash);
    map.on("popupopen popupclose", saveHash);

    /* Open framed on the incidents in the free part of the map, with no zoom animation. */
    function fitData() {
      if (!n) {
        return;
      }
      var bounds = L.latLngBounds([]);
      for (var k = 0; k < n; k++) {
        bounds.extend([D.lat[k], D.lon[k]]);
      }
      var opts = fitPadding();
      opts.maxZoom = 9;
      opts.animate = false;
      map.fitBounds(bounds, opts);
    }

    /* the loading sign goes once the first markers or clusters are on the page, or nothing
     * is to be drawn */
    var sign = refs.loading;
    if (sign) {
      sign.textContent = "Drawing " + plural(n, "incident", "incidents") + "\u2026";
    }
    function watchLoading() {
      if (!sign || !sign.parentNode) {
        return;
      }
      if (box.querySelector(".leaflet-marker-pane .gm-marker, .leaflet-marker-pane .gm-cluster-wrap") || (ready && !busy())) {
        sign.parentNode.removeChild(sign);
        return;
      }
      window.requestAnimationFrame(watchLoading);
    }
    window.requestAnimationFrame(watchLoading);

    L.control.scale({ position: "bottomright" }).addTo(map);
    drawBars();
    laidOut = true;
    viewFromHash = readHash(window.location.hash);
    update();
    showWindow();
    layout();
    if (refs.layers) {
      adoptLayers(refs.layers);
    } else {
      refs.onLayers = adoptLayers;
    }
    if (!viewFromHash) {
      fitData();
    }
    openFromHash();
    var domDone = document.readyState !== "loading";
    if (!domDone) {
      document.addEventListener("DOMContentLoaded", function () {
        window.setTimeout(function () {
          domDone = true;
          layout();
        }, 0);
      });
    }
    if (window.ResizeObserver && time) {
      new window.ResizeObserver(layout).observe(time.node);
    }

    function counts() {
      var out = {};
      for (var k = 0; k < T; k++) {
        if (total[k]) {
          out[types[k]] = visible[k];
        }
      }
      return out;
    }
    var api = Object.freeze({
      total: n,
      offline: function () {
        return refs.base ? refs.base.offline() : null;
      },
      towns: function () {
        return refs.base ? refs.base.towns() : 0;
      },
      ready: function () {
        var panning = map._panAnim && map._panAnim._inProgress;
        return ready && domDone && !busy() && !schedule.asked() && qTimer === null && !map._animatingZoom && !panning && !cluster._inZoomAnimation;
      },
      freeRect: freeRect,
      open: function (id) {
        /* Fly to one incident and open its popup, as a click in the list does. */
        for (var k = 0; k < n; k++) {
          if (eventId(k) === id) {
            return goTo(k, false);
          }
        }
        return false;
      },
      selected: function () {
        return selected >= 0 ? eventId(selected) : null;
      },
      counts: counts,
      heat: function () {
        /* incidents in the heat layer's last picture (0 when it is off) */
        return refs.heat && map.hasLayer(refs.heat) ? heatDrawn : 0;
      },
      shown: function () {
        var s = 0;
        for (var k = 0; k < T; k++) {
          s += visible[k];
        }
        return s;
      },
      clustered: function () {
        return cluster.getLayers().length;
      },
      window: function () {
        return hasDates ? [dayStr(state.from), dayStr(state.to)] : null;
      },
      eventIds: function () {
        var out = [];
        for (var k = 0; k < n; k++) {
          out.push(eventId(k));
        }
        return out;
      },
      reveal: function (id, done) {
        /* Zoom in on one incident and spread its cluster, then call done() (tests, links). */
        for (var k = 0; k < n; k++) {
          if (shown[k] && eventId(k) === id) {
            var m = markers[k];
            var tries = 0;
            var asked = 0;
            map.setView(m.getLatLng(), map.getMaxZoom(), { animate: false });
            var poll = window.setInterval(function () {
              tries++;
              if (map.hasLayer(m) && m._icon && !cluster._inZoomAnimation && m._icon.style.opacity !== "0") {
                /* placed, and not still hidden by a cluster animation (markercluster adds the
                 * markers of a zoom-in at opacity 0 and shows them 300 ms later) */
                window.clearInterval(poll);
                (done || function () {})(true);
                return;
              }
              if (busy() || cluster._inZoomAnimation || !cluster.hasLayer(m)) {
                return; /* the clusters are still following the window */
              }
              var p = m.__parent;
              while (p && !map.hasLayer(p)) {
                p = p.__parent;
              }
              if (p && p._icon && cluster._spiderfied !== p) {
                p.spiderfy();
              } else if (tries - asked > 20) {
                /* not placed after two seconds of quiet: a stale spread is folded (the next
                 * poll spreads it again), else markercluster's own way there */
                asked = tries;
                if (cluster._spiderfied) {
                  cluster.unspiderfy();
                } else {
                  cluster.zoomToShowLayer(m, function () {});
                }
              }
              if (tries > 300) {
                /* 30 s: on a loaded machine the clusters may take that long to follow */
                window.clearInterval(poll);
                (done || function () {})(false);
              }
            }, 100);
            return true;
          }
        }
        return false;
      }
    });
    window.geomap = api;
    return api;
  }

  window.GeoMapApp = Object.freeze({ init: init, version: 1 });
})();
