/* geomap map runtime (ours, MIT like the project).
 *
 * Reads one JSON blob written by geo/render.py and builds, in the browser:
 * markers (one L.marker per incident, created lazily) in ONE shared L.markerClusterGroup so
 * that incidents at the same place spiderfy together whatever their type; one placeholder
 * layer per attack type (switched in the layer control) that filters that shared group;
 * a time window (two range inputs + play) that filters every type at once; a heat layer;
 * popups built with DOM APIs (textContent, never innerHTML with data); a title card, a
 * legend with counts, a per-day chart drawn in SVG, and a tallies card.
 *
 * A read-only test hook is exposed as window.geomap (see the end of init()).
 */
(function () {
  "use strict";
  if (window.GeoMapApp) {
    return;
  }
  var SVGNS = "http://www.w3.org/2000/svg";
  var DAY = 86400000;
  /* Shapes in a 20x20 box, one per attack type (names match geo/render.py TYPE_STYLE). */
  var SHAPES = {
    circle: "M10 2a8 8 0 1 1-.01 0Z",
    triangle: "M10 1.5 18.8 17.5H1.2Z",
    triangle_down: "M1.2 2.5H18.8L10 18.5Z",
    pentagon: "M10 1.5 18.6 7.8 15.3 17.8H4.7L1.4 7.8Z",
    diamond: "M10 .8 19.2 10 10 19.2.8 10Z",
    arrow: "M1 10 19 2.5 14 10 19 17.5Z",
    cross: "M7 1.5H13V7H18.5V13H13V18.5H7V13H1.5V7H7Z",
    star: "M10 .8 12.7 6.9 19.3 7.5 14.3 11.9 15.8 18.4 10 15 4.2 18.4 5.7 11.9.7 7.5 7.3 6.9Z",
    square: "M2.5 2.5H17.5V17.5H2.5Z",
    hexagon: "M5.4 2H14.6L19.2 10 14.6 18H5.4L.8 10Z"
  };
  /* How geo_precision looks: 1 solid, 2 dashed, 3 larger hollow dashed, 4 largest dotted. */
  var PREC = {
    1: { size: 16, fill: 0.92, dash: null, width: 1.2, stroke: "#1b1b1b" },
    2: { size: 20, fill: 0.45, dash: "3 2", width: 2, stroke: null },
    3: { size: 26, fill: 0.15, dash: "2.5 2", width: 2, stroke: null },
    4: { size: 32, fill: 0.06, dash: "1 2.5", width: 2, stroke: null }
  };
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
  function colour(c) {
    return /^#[0-9a-fA-F]{6}$/.test(c) ? c : "#777777";
  }
  function shapeSvg(shape, col, gp) {
    var p = PREC[gp] || PREC[1];
    var s = svgEl("svg", { width: p.size, height: p.size, viewBox: "-1 -1 22 22", "aria-hidden": "true" });
    var attrs = {
      d: SHAPES[shape] || SHAPES.circle,
      fill: col,
      "fill-opacity": p.fill,
      stroke: p.stroke || col,
      "stroke-width": p.width,
      "stroke-linejoin": "round",
      "vector-effect": "non-scaling-stroke"
    };
    if (p.dash) {
      attrs["stroke-dasharray"] = p.dash;
    }
    s.appendChild(svgEl("path", attrs));
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

  var Card = L.Control.extend({
    initialize: function (node, options) {
      this._node = node;
      L.setOptions(this, options);
    },
    onAdd: function () {
      L.DomEvent.disableClickPropagation(this._node);
      L.DomEvent.disableScrollPropagation(this._node);
      return this._node;
    },
    onRemove: function () {}
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
      fillColor: "#f3f1ea",
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
      var withLabels = off && map.getZoom() >= 7;
      if (withLabels && !map.hasLayer(labelGroup)) {
        labelGroup.addTo(map);
      } else if (!withLabels && map.hasLayer(labelGroup)) {
        map.removeLayer(labelGroup);
      }
      if (tiles && map.hasLayer(tiles) && errors > 0 && loads === 0 && !noted && map.attributionControl) {
        noted = true;
        map.attributionControl.addAttribution("map tiles did not load: offline borders shown");
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

  /* The blob is JSON, or for big maps base64 of zlib-deflated JSON (data-encoding). */
  function init(map, dataEl, refs) {
    var base = null;
    try {
      base = basemap(map, refs);
    } catch (err) {
      fail("the offline basemap could not be drawn: " + err.message);
    }
    refs.base = base;
    try {
      if (dataEl.getAttribute("data-encoding") !== "deflate-base64") {
        return Promise.resolve(start(map, JSON.parse(dataEl.textContent), refs));
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
          return start(map, JSON.parse(text), refs);
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
  function fail(reason) {
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
    var d0 = D.d0 ? Date.parse(D.d0 + "T00:00:00Z") : 0;
    var nd = D.nd;
    var hasDates = D.d0 !== null;
    var i, t;

    var dayCache = {};
    function dayStr(k) {
      var s = dayCache[k];
      if (s === undefined) {
        s = dayCache[k] = new Date(d0 + k * DAY).toISOString().slice(0, 10);
      }
      return s;
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

    /* Icons: one prototype per (type, precision), cloned per marker on display. */
    var icons = [];
    for (t = 0; t < T; t++) {
      icons.push({});
      for (var gp = 1; gp <= 4; gp++) {
        icons[t][gp] = new ShapeIcon(shapeSvg(D.shapes[t], colours[t], gp), PREC[gp].size);
      }
    }

    var total = new Array(T).fill(0);
    var undated = 0;
    for (i = 0; i < n; i++) {
      total[D.t[i]]++;
      if (D.d[i] < 0) {
        undated++;
      }
    }

    var state = { from: 0, to: Math.max(nd, 0), undated: true, on: new Array(T).fill(false) };
    var markers = new Array(n);
    var shown = new Uint8Array(n);
    var visible = new Array(T).fill(0);
    var ready = false;
    var adding = false;
    var pending = false;
    var listeners = [];

    function tooltip(j) {
      return (D.d[j] < 0 ? "undated" : dayStr(D.d[j])) + " \u00b7 " + labels[D.t[j]] + " \u00b7 " + S[D.loc[j]];
    }
    /* The hover title is made only when a marker is first drawn. */
    var GeoMarker = L.Marker.extend({
      _initIcon: function () {
        if (this.options.title === "") {
          this.options.title = tooltip(this._gmIndex);
        }
        L.Marker.prototype._initIcon.call(this);
      }
    });
    function marker(j) {
      var m = markers[j];
      if (!m) {
        m = new GeoMarker([D.lat[j], D.lon[j]], { icon: icons[D.t[j]][D.gp[j]], riseOnHover: true });
        m._gmIndex = j;
        markers[j] = m;
      }
      return m;
    }

    function clusterIcon(cluster) {
      var ms = cluster.getAllChildMarkers();
      var c = new Array(T).fill(0);
      for (var k = 0; k < ms.length; k++) {
        c[D.t[ms[k]._gmIndex]]++;
      }
      var stops = [];
      var acc = 0;
      for (var k2 = 0; k2 < T; k2++) {
        if (c[k2]) {
          var a = (acc / ms.length) * 360;
          acc += c[k2];
          stops.push(colours[k2] + " " + a.toFixed(1) + "deg " + ((acc / ms.length) * 360).toFixed(1) + "deg");
        }
      }
      var size = ms.length < 10 ? 30 : ms.length < 100 ? 36 : ms.length < 1000 ? 42 : 48;
      var ring = el("div", "gm-cluster");
      ring.style.background = "conic-gradient(" + stops.join(",") + ")";
      ring.style.width = ring.style.height = size + "px";
      ring.appendChild(el("span", null, ms.length));
      return L.divIcon({ html: ring, className: "gm-cluster-wrap", iconSize: [size, size] });
    }

    var cluster = L.markerClusterGroup({
      chunkedLoading: true,
      chunkInterval: 200,
      chunkDelay: 10,
      chunkProgress: function (done, all) {
        if (done >= all) {
          adding = false;
          if (!ready) {
            ready = true;
          }
          if (pending) {
            pending = false;
            update();
          }
        }
      },
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      spiderfyDistanceMultiplier: 1.6,
      maxClusterRadius: 80,
      iconCreateFunction: clusterIcon
    }).addTo(map);

    /* ---- popups: built on click, with DOM APIs only ---- */
    var popup = L.popup({ maxWidth: 460, minWidth: 300, maxHeight: 420, className: "gm-popup-wrap", autoPanPadding: [40, 40] });
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
      var box = el("div", "gm-popup");
      var head = el("div", "gm-popup-head");
      head.appendChild(shapeSvg(D.shapes[D.t[j]], colours[D.t[j]], 1));
      head.appendChild(el("strong", null, labels[D.t[j]] + (D.ic[j] ? " (intercepted)" : "")));
      head.appendChild(el("span", "gm-date", D.d[j] < 0 ? "undated" : dayStr(D.d[j])));
      box.appendChild(head);
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
      row(dl, "Place", place + " (" + (GEO_PREC[D.gp[j]] || "?") + ")");
      box.appendChild(dl);
      var s0 = D.so[j];
      var s1 = D.so[j + 1];
      box.appendChild(el("div", "gm-src-head", (s1 - s0) + (s1 - s0 === 1 ? " source" : " sources")));
      var ol = el("ol", "gm-sources");
      for (var k = s0; k < s1; k++) {
        var doc = D.D[D.sd[k]];
        var li = el("li");
        var name = doc[3] || doc[1] || doc[0];
        var href = safeHref(doc[2]);
        var who;
        if (href) {
          who = el("a", "gm-outlet", name);
          who.href = href;
          who.target = "_blank";
          who.rel = "noopener noreferrer nofollow";
        } else {
          who = el("span", "gm-outlet", name);
        }
        li.appendChild(who);
        var meta = [];
        if (doc[4]) {
          meta.push("published " + doc[4]);
        }
        meta.push("reports " + labels[D.st[k]]);
        if (str(D.sdt[k])) {
          meta.push("on " + str(D.sdt[k]));
        }
        li.appendChild(el("span", "gm-meta", " \u00b7 " + meta.join(" \u00b7 ")));
        if (doc[1] && doc[1] !== name) {
          li.appendChild(el("div", "gm-title", doc[1]));
        }
        var ev = D.se[k];
        var quotes = typeof ev === "string" ? [ev] : ev;
        for (var q = 0; q < quotes.length; q++) {
          li.appendChild(el("blockquote", null, quotes[q]));
        }
        ol.appendChild(li);
      }
      box.appendChild(ol);
      box.appendChild(el("div", "gm-id", "event_id " + eventId(j)));
      return box;
    }
    function openPopup(m) {
      var j = m._gmIndex;
      popup.options.offset = L.point(0, -PREC[D.gp[j]].size / 2);
      popup.setLatLng(m.getLatLng()).setContent(buildPopup(j)).openOn(map);
    }
    cluster.on("click", function (e) {
      if (e.layer && e.layer._gmIndex !== undefined) {
        openPopup(e.layer);
      }
    });

    /* ---- filtering: type switches and time window, applied together in bulk ---- */
    function inTime(j) {
      var d = D.d[j];
      return d < 0 ? state.undated : d >= state.from && d <= state.to;
    }
    function update() {
      if (adding) {
        pending = true;
        return;
      }
      var add = [];
      var rem = [];
      var cnt = new Array(T).fill(0);
      var still = 0;
      for (var j = 0; j < n; j++) {
        var v = state.on[D.t[j]] && inTime(j) ? 1 : 0;
        if (v) {
          cnt[D.t[j]]++;
        }
        if (v !== shown[j]) {
          shown[j] = v;
          (v ? add : rem).push(marker(j));
        } else if (v) {
          still++;
        }
      }
      if (rem.length > 2000 && rem.length > still) {
        cluster.clearLayers();
        add = [];
        for (var k = 0; k < n; k++) {
          if (shown[k]) {
            add.push(markers[k]);
          }
        }
      } else if (rem.length) {
        cluster.removeLayers(rem);
      }
      if (add.length) {
        adding = true;
        cluster.addLayers(add);
      } else if (!ready) {
        ready = true;
      }
      visible = cnt;
      updateHeat();
      for (var f = 0; f < listeners.length; f++) {
        listeners[f]();
      }
    }
    var scheduled = false;
    function schedule() {
      if (!scheduled) {
        scheduled = true;
        window.requestAnimationFrame(function () {
          scheduled = false;
          update();
        });
      }
    }
    function updateHeat() {
      if (!refs.heat || !map.hasLayer(refs.heat)) {
        return;
      }
      var pts = [];
      for (var j = 0; j < n; j++) {
        if (shown[j]) {
          pts.push([D.lat[j], D.lon[j], 1]);
        }
      }
      refs.heat.setLatLngs(pts);
    }
    if (refs.heat) {
      refs.heat.on("add", updateHeat);
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

    /* ---- title card ---- */
    var titleCard = el("div", "gm-card gm-titlecard");
    titleCard.appendChild(el("h1", null, D.title));
    var srcCount = D.D.length;
    var sub = n + (n === 1 ? " incident" : " incidents") + " from " + srcCount + (srcCount === 1 ? " article" : " articles");
    if (hasDates) {
      sub += " \u00b7 " + dayStr(0) + " to " + dayStr(nd);
    }
    titleCard.appendChild(el("div", "gm-sub", sub));
    if (undated) {
      titleCard.appendChild(el("div", "gm-sub", undated + " undated"));
    }
    new Card(titleCard, { position: "topleft" }).addTo(map);

    /* ---- legend: shapes and colours as on the map, with counts ---- */
    var legend = el("div", "gm-card gm-legend");
    legend.appendChild(el("h2", null, "Attack types (shown / all)"));
    var rows = [];
    var tbl = el("table");
    for (t = 0; t < T; t++) {
      if (!total[t]) {
        continue;
      }
      var tr = el("tr");
      var td0 = el("td", "gm-sw");
      td0.appendChild(shapeSvg(D.shapes[t], colours[t], 1));
      tr.appendChild(td0);
      tr.appendChild(el("td", null, labels[t]));
      var tc = el("td", "gm-num");
      tr.appendChild(tc);
      rows.push([t, tc, tr]);
      tbl.appendChild(tr);
    }
    legend.appendChild(tbl);
    legend.appendChild(el("h2", null, "Where: precision"));
    var ptbl = el("table", "gm-prec");
    for (var g = 1; g <= 4; g++) {
      var pr = el("tr");
      var pc = el("td", "gm-sw");
      pc.appendChild(shapeSvg("circle", "#555555", g));
      pr.appendChild(pc);
      pr.appendChild(el("td", null, GEO_PREC[g]));
      ptbl.appendChild(pr);
    }
    legend.appendChild(ptbl);
    legend.appendChild(el("div", "gm-hint", "Click a cluster to zoom or spread it; click a marker for its sources."));
    new Card(legend, { position: "topleft" }).addTo(map);
    listeners.push(function () {
      for (var r = 0; r < rows.length; r++) {
        rows[r][1].textContent = visible[rows[r][0]] + " / " + total[rows[r][0]];
        rows[r][2].className = state.on[rows[r][0]] ? "" : "gm-off";
      }
    });

    /* ---- tallies card, switched by the context layer ---- */
    if (D.tallies.length) {
      var tcard = el("div", "gm-card gm-tallies");
      tcard.appendChild(el("h2", null, "Tallies reported (context, not mapped)"));
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
        var who = ty.outlet || ty.title || ty.document;
        if (href) {
          var a = el("a", null, who);
          a.href = href;
          a.target = "_blank";
          a.rel = "noopener noreferrer nofollow";
          by.appendChild(document.createTextNode("said by "));
          by.appendChild(a);
        } else {
          by.textContent = "said by " + who;
        }
        if (ty.published) {
          by.appendChild(document.createTextNode(", " + ty.published));
        }
        li.appendChild(by);
        li.appendChild(el("blockquote", null, ty.evidence));
        ul.appendChild(li);
      }
      tcard.appendChild(ul);
      var tallyCard = new Card(tcard, { position: "topleft" });
      if (refs.context) {
        if (map.hasLayer(refs.context)) {
          tallyCard.addTo(map);
        }
        refs.context.on("add", function () {
          tallyCard.addTo(map);
        });
        refs.context.on("remove", function () {
          tallyCard.remove();
        });
      } else {
        tallyCard.addTo(map);
      }
    }

    /* ---- time panel: chart of incidents per day by type + range + play ---- */
    var W = 560;
    var H = 64;
    var bin = Math.max(1, Math.ceil((nd + 1) / 280));
    var nb = Math.floor(nd / bin) + 1;
    var chart = svgEl("svg", { width: W, height: H + 14, viewBox: "0 0 " + W + " " + (H + 14), role: "img", "aria-label": "incidents per day by type" });
    var bars = svgEl("g", { "shape-rendering": "crispEdges" });
    var shadeL = svgEl("rect", { x: 0, y: 0, height: H, fill: "#ffffff", "fill-opacity": 0.75 });
    var shadeR = svgEl("rect", { x: 0, y: 0, height: H, fill: "#ffffff", "fill-opacity": 0.75 });
    var axis = svgEl("g", { class: "gm-axis" });
    chart.appendChild(bars);
    chart.appendChild(shadeL);
    chart.appendChild(shadeR);
    chart.appendChild(axis);
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
      return (day / (nd + 1)) * W;
    }
    function drawBars() {
      if (!hasDates) {
        return;
      }
      while (bars.firstChild) {
        bars.removeChild(bars.firstChild);
      }
      while (axis.firstChild) {
        axis.removeChild(axis.firstChild);
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
      var bw = Math.max(1, (W / (nd + 1)) * bin - (bin * W / (nd + 1) > 3 ? 1 : 0));
      for (var b2 = 0; b2 < nb; b2++) {
        var y = H;
        for (var t2 = 0; t2 < T; t2++) {
          var c = perBin[b2][t2];
          if (!c || !state.on[t2]) {
            continue;
          }
          var h = (c / max) * (H - 4);
          y -= h;
          bars.appendChild(svgEl("rect", { x: xOf(b2 * bin).toFixed(2), y: y.toFixed(2), width: bw.toFixed(2), height: h.toFixed(2), fill: colours[t2] }));
        }
      }
      axis.appendChild(svgEl("line", { x1: 0, x2: W, y1: H + 0.5, y2: H + 0.5, stroke: "#888" }));
      var lab0 = svgEl("text", { x: 0, y: H + 12 });
      lab0.textContent = dayStr(0);
      var lab1 = svgEl("text", { x: W, y: H + 12, "text-anchor": "end" });
      lab1.textContent = dayStr(nd);
      chartHead.textContent = "Incidents " + (bin === 1 ? "per day" : "per " + bin + " days") + " by type (highest bar: " + max + ")";
      axis.appendChild(lab0);
      axis.appendChild(lab1);
    }
    var timeCard = el("div", "gm-card gm-time");
    var chartHead = el("h2");
    timeCard.appendChild(chartHead);
    var range = el("div", "gm-range");
    var inFrom = el("input");
    var inTo = el("input");
    [inFrom, inTo].forEach(function (inp, k) {
      inp.type = "range";
      inp.min = "0";
      inp.max = String(Math.max(nd, 0));
      inp.step = "1";
      inp.value = String(k === 0 ? 0 : Math.max(nd, 0));
      inp.setAttribute("aria-label", k === 0 ? "from date" : "to date");
      inp.className = k === 0 ? "gm-from" : "gm-to";
      range.appendChild(inp);
    });
    var controls = el("div", "gm-controls");
    var play = el("button", "gm-play", "\u25b6 Play");
    play.type = "button";
    var label = el("span", "gm-window");
    controls.appendChild(play);
    controls.appendChild(label);
    var undatedBox = null;
    if (undated) {
      var lab = el("label", "gm-undated");
      undatedBox = el("input");
      undatedBox.type = "checkbox";
      undatedBox.checked = true;
      lab.appendChild(undatedBox);
      lab.appendChild(document.createTextNode(" undated (" + undated + ")"));
      controls.appendChild(lab);
      undatedBox.addEventListener("change", function () {
        state.undated = undatedBox.checked;
        schedule();
      });
    }
    timeCard.appendChild(chart);
    timeCard.appendChild(range);
    timeCard.appendChild(controls);
    function showWindow() {
      inFrom.value = String(state.from);
      inTo.value = String(state.to);
      shadeL.setAttribute("width", xOf(state.from).toFixed(2));
      shadeR.setAttribute("x", xOf(state.to + 1).toFixed(2));
      shadeR.setAttribute("width", Math.max(0, W - xOf(state.to + 1)).toFixed(2));
      var shownN = 0;
      for (var k = 0; k < T; k++) {
        shownN += visible[k];
      }
      label.textContent = dayStr(state.from) + " \u2013 " + dayStr(state.to) + " \u00b7 " + shownN + " shown";
    }
    function onSlide(e) {
      var a = parseInt(inFrom.value, 10);
      var z = parseInt(inTo.value, 10);
      if (a > z) {
        if (e && e.target === inFrom) {
          a = z;
        } else {
          z = a;
        }
      }
      state.from = a;
      state.to = z;
      showWindow();
      schedule();
    }
    inFrom.addEventListener("input", onSlide);
    inTo.addEventListener("input", onSlide);
    var timer = null;
    function stop() {
      if (timer !== null) {
        window.clearInterval(timer);
        timer = null;
      }
      play.textContent = "\u25b6 Play";
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
      if (state.to >= nd || width >= nd) {
        state.from = 0;
      }
      state.to = Math.min(nd, state.from + width);
      var step = Math.max(1, Math.round(nd / 240));
      play.textContent = "\u23f8 Pause";
      showWindow();
      schedule();
      timer = window.setInterval(function () {
        if (state.to >= nd) {
          stop();
          return;
        }
        state.from = Math.min(state.from + step, nd);
        state.to = Math.min(state.to + step, nd);
        showWindow();
        schedule();
      }, 160);
    });
    if (hasDates) {
      new Card(timeCard, { position: "bottomleft" }).addTo(map);
      listeners.push(showWindow);
    }

    drawBars();
    update();
    showWindow();
    fitData();

    /* Open framed on the incidents, with no zoom animation to wait for. */
    function fitData() {
      if (!n) {
        return;
      }
      var b = L.latLngBounds([]);
      for (var k = 0; k < n; k++) {
        b.extend([D.lat[k], D.lon[k]]);
      }
      var narrow = map.getSize().x < 600;
      map.fitBounds(b, { paddingTopLeft: narrow ? [20, 20] : [300, 30], paddingBottomRight: narrow ? [20, 150] : [230, 150], maxZoom: 9, animate: false });
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
        return ready && !adding && !pending && !scheduled && !map._animatingZoom;
      },
      counts: counts,
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
            map.setView(m.getLatLng(), map.getMaxZoom(), { animate: false });
            var poll = window.setInterval(function () {
              tries++;
              if (map.hasLayer(m) && m._icon) {
                window.clearInterval(poll);
                (done || function () {})(true);
                return;
              }
              var p = m.__parent;
              while (p && !map.hasLayer(p)) {
                p = p.__parent;
              }
              if (p && p._icon && !adding && !cluster._inZoomAnimation && cluster._spiderfied !== p) {
                p.spiderfy();
              }
              if (tries > 100) {
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
