"""The folium elements of the map page, each declaring the libraries it needs.

As folium's own plugins do (``folium/plugins/marker_cluster.py``), an element that needs a
third-party library lists it in ``default_js`` / ``default_css`` as ``(name, url)`` and
folium's ``JSCSSMixin`` puts a link to it in the page's header. On our :class:`Page` those
links are gathered into one :class:`Libraries` element that inlines the files (or, for
``render_map(cdn=True)``, links the pinned CDN copies), in :data:`geo.map.assets.ASSETS`
order, right after the map's own header: so a page holds each library once, whichever
elements asked for it.

``default_js`` and ``default_css`` are folium's instance-overridable lists (hence the
``noqa: RUF012``). This module imports folium: :mod:`geo.map.render` imports it only when
a map is rendered.
"""

from __future__ import annotations

import html
from typing import Any, ClassVar, cast

import folium
from branca.element import Element, Figure, Link, MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer, LayerControl
from folium.template import Template

from geo.map.assets import ASSETS, ICONS, asset_url, resource
from geo.map.blob import script_json
from geo.map.style import BASEMAP_LAND, LANG

__all__ = [
    "DeferredLayerControl",
    "GeomapData",
    "GeomapMap",
    "HeatLayer",
    "Libraries",
    "Page",
    "PlaceholderLayer",
    "Raw",
]

_ASSET_NAMES = frozenset(name for name, _, _, _ in ASSETS)


class Raw(Element):
    """Text put on the page as is.

    branca's MacroElement wraps each macro's output in ``Element(text)``, which compiles
    that text as a Jinja template again: slow for megabytes of data, and ``{{ ... }}`` in
    an article would be evaluated. Our output is final, so it goes through this instead.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        """Return the text."""
        return self._text


class RawMacroElement(MacroElement):
    """A MacroElement whose macros' output goes on the page as is (see :class:`Raw`)."""

    def render(self, **kwargs: Any) -> str:
        """Put the header, html and script macros' output on the page, then the children."""
        figure = self.get_root()
        module = self._template.module.__dict__
        for part in ("header", "html", "script"):
            if part in module and isinstance(figure, Figure):
                target = getattr(figure, part)
                target.add_child(Raw(module[part](self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
        return ""


class Libraries(Element):
    """The third-party libraries the page's elements declared, inlined or linked from the CDN."""

    def __init__(self, names: set[str], texts: dict[str, str] | None) -> None:
        super().__init__()
        #: The names (of :data:`ASSETS`) the elements asked for.
        self.names = names
        #: Asset texts to inline (see :func:`geo.map.assets.read_assets`), or None: link.
        self.texts = texts

    def render(self, **kwargs: Any) -> str:
        """Return the libraries' tags, in :data:`ASSETS` order."""
        parts = []
        wanted = [a for a in ASSETS if a[0] in self.names]
        if self.texts is None:
            for _, kind, _, url in wanted:
                u = html.escape(url, quote=True)
                if kind == "js":
                    parts.append(f'<script src="{u}"></script>')
                else:
                    parts.append(f'<link rel="stylesheet" href="{u}">')
            return "\n".join(parts)
        for name, kind, file, _ in wanted:
            tag = "script" if kind == "js" else "style"
            parts.append(f"<{tag}>/* {file} */\n{self.texts[name]}\n</{tag}>")
        if "leaflet" in self.names:  # Leaflet's own marker images, as data: URLs
            keys = ("iconUrl", "iconRetinaUrl", "shadowUrl")
            icons = {k: self.texts[name] for k, (name, _) in zip(keys, ICONS, strict=True)}
            parts.append(
                "<script>L.Icon.Default.imagePath = '';"
                f"L.Icon.Default.mergeOptions({script_json(icons)});</script>"
            )
        return "\n".join(parts)


class Page(Figure):
    """branca's page, with ``<html lang>``, the fail-safe script first and a noscript note.

    Its elements' links to the libraries of :data:`ASSETS` become one :class:`Libraries`.
    """

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ this.lang }}" data-geomap-assets="{{ this.asset_mode }}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        "{% if this.title %}<title>{{this.title}}</title>{% endif %}\n"
        "<script>{{ this.failsafe }}</script>\n"
        "    {{this.header.render(**kwargs)}}\n"
        "</head>\n"
        "<body>\n"
        "<noscript><p>This map needs JavaScript.</p></noscript>\n"
        "    {{this.html.render(**kwargs)}}\n"
        "</body>\n"
        "<script>\n"
        "    {{this.script.render(**kwargs)}}\n"
        "</script>\n"
        "</html>\n"
    )

    def __init__(self) -> None:
        super().__init__()
        self.lang = LANG
        self.failsafe = resource("failsafe.js")
        #: The libraries' texts to inline, or None to link the CDN copies.
        self.assets: dict[str, str] | None = None

    @property
    def asset_mode(self) -> str:
        """``inline`` or ``cdn``: how the libraries come (failsafe.js words its hint by it)."""
        return "cdn" if self.assets is None else "inline"

    def render(self, **kwargs: Any) -> str:
        """Render the elements, gather the libraries they link, then the page."""
        for child in self._children.values():
            child.render(**kwargs)
        header = self.header
        names = {
            n for n, el in header._children.items() if n in _ASSET_NAMES and isinstance(el, Link)
        }
        if names:
            for n in names:
                del header._children[n]
            # After the map's own header (its viewport and size), before every other style.
            order = list(header._children)
            mine = [c.get_name() for c in self._children.values()]
            at = next((k + 1 for k, n in enumerate(order) if n in mine), len(order))
            header.add_child(Libraries(names, self.assets), name="geomap_libraries", index=at)
        return cast(str, self._template.render(this=self, kwargs=kwargs))


class GeomapMap(folium.Map):
    """folium's Map, on our page, and zoomable by the user (no ``user-scalable=no``)."""

    default_js: list[tuple[str, str]] = [asset_url("leaflet")]  # noqa: RUF012
    default_css: list[tuple[str, str]] = [asset_url("leaflet_css")]  # noqa: RUF012
    _template = Template(
        """
            {% macro header(this, kwargs) %}
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <style>
            html, body { width: 100%; height: 100%; margin: 0; padding: 0; }
            #{{ this.get_name() }} { position: absolute; inset: 0; }
            .leaflet-container { font-size: {{ this.font_size }}; }
            </style>
            {% endmacro %}
            {% macro html(this, kwargs) %}
            <div class="folium-map" id={{ this.get_name()|tojson }}></div>
            {% endmacro %}
            {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
              {{ this.get_name()|tojson }},
              {
                center: {{ this.location|tojson }},
                crs: L.CRS.{{ this.crs }},
                ...{{ this.options|tojavascript }}
              }
            );
            {%- if this.zoom_control_position %}
            L.control.zoom({ position: {{ this.zoom_control|tojson }} }).addTo({{ this.get_name() }});
            {%- endif %}
            {% endmacro %}
            """
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        page = Page()
        cast(Any, self)._parent = None
        page.add_child(self)


class PlaceholderLayer(Layer):
    """An empty layer the control switches; the map script reads its state."""

    _template = Template(
        "{% macro script(this, kwargs) %}var {{ this.get_name() }} = L.layerGroup();{% endmacro %}"
    )

    def __init__(self, name: str, show: bool = True, overlay: bool = True) -> None:
        super().__init__(name=name, overlay=overlay, control=True, show=show)
        self._name = "GeomapLayer"


class HeatLayer(JSCSSMixin, Layer):
    """A leaflet.heat layer; the map script draws in it a density grid of the incidents shown.

    Scaled to the densest spot in view of the current window and filters (see
    ``drawHeat`` in geo/_map/geomap.js), so it never saturates to one block.
    """

    default_js: list[tuple[str, str]] = [asset_url("leaflet_heat")]  # noqa: RUF012
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.heatLayer([], {{ this.options|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, name: str) -> None:
        super().__init__(name=name, overlay=True, control=True, show=False)
        self._name = "GeomapHeat"
        self.options = {"radius": 22, "blur": 18, "minOpacity": 0.35, "maxZoom": 9}


class DeferredLayerControl(LayerControl):
    """folium's LayerControl, built once the page's script has run.

    So layers a user adds to the map after :func:`geo.map.render_map` still get a switch. The
    map fires ``gm:layercontrol`` with it, for the map script to make it collapsible.
    """

    _template = Template(
        """
            {% macro script(this, kwargs) %}
            (function () {
              function build() {
                window.{{ this.get_name() }} = L.control.layers(
                  {
                  {%- for key, val in this.base_layers.items() %}
                    {{ key|tojson }}: {{ val }},
                  {%- endfor %}
                  },
                  {
                  {%- for key, val in this.overlays.items() %}
                    {{ key|tojson }}: {{ val }},
                  {%- endfor %}
                  },
                  {{ this.options|tojavascript }}
                ).addTo({{ this._parent.get_name() }});
                {{ this._parent.get_name() }}.fire("gm:layercontrol", { control: window.{{ this.get_name() }} });
              }
              if (document.readyState === "loading") {
                document.addEventListener("DOMContentLoaded", build);
              } else {
                build();
              }
            })();
            {% endmacro %}
            """
    )


class GeomapData(JSCSSMixin, RawMacroElement):
    """The incident data (the blob), the basemap, and our script and styles that read them.

    The markers cluster with leaflet.markercluster; our own script and styles
    (``geo/_map/geomap.js``, ``geo/_map/geomap.css``) are always inlined.
    """

    default_js: list[tuple[str, str]] = [asset_url("markercluster")]  # noqa: RUF012
    default_css: list[tuple[str, str]] = [asset_url("markercluster_css")]  # noqa: RUF012
    #: Our own files, in geo/_map.
    script_file: ClassVar[str] = "geomap.js"
    style_file: ClassVar[str] = "geomap.css"
    _template = Template(
        """
            {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
            {% endmacro %}
            {% macro html(this, kwargs) %}
            <script type="application/json" id="{{ this.get_name() }}_data"
              {%- if this.encoding %} data-encoding="{{ this.encoding }}"{% endif %}>{{ this.payload }}</script>
            <script type="application/json" id="{{ this.get_name() }}_base">{{ this.basemap }}</script>
            {% endmacro %}
            {% macro script(this, kwargs) %}
            {{ this.js }}
            var {{ this.get_name() }} = GeoMapApp.init(
              {{ this._parent.get_name() }},
              document.getElementById({{ (this.get_name() ~ "_data")|tojson }}),
              {
                types: {
                {%- for t, layer in this.type_layers %}
                  {{ t|tojson }}: {{ layer.get_name() }},
                {%- endfor %}
                },
                heat: {{ this.heat.get_name() if this.heat else "null" }},
                context: {{ this.context.get_name() if this.context else "null" }},
                tiles: {{ this.tiles.get_name() if this.tiles else "null" }},
                offline: {{ this.offline.get_name() if this.offline else "null" }},
                basemap: document.getElementById({{ (this.get_name() ~ "_base")|tojson }}),
                land: {{ this.land|tojson }}
              }
            );
            {% endmacro %}
            """
    )

    def __init__(self, payload: str, encoding: str | None, basemap: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "GeomapData"
        #: The blob's text (see :func:`geo.map.blob.encode_blob`) and its encoding.
        self.payload = payload
        self.encoding = encoding
        #: The offline basemap's JSON text.
        self.basemap = basemap
        self.land = BASEMAP_LAND
        self.js = resource(self.script_file)
        self.css = resource(self.style_file)
        self.type_layers: list[tuple[str, Any]] = []
        self.heat: Any = None
        self.context: Any = None
        self.tiles: Any = None
        self.offline: Any = None
