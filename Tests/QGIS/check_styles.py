"""Opens every layer `chokepoint analyze` writes in QGIS itself (PyQGIS, Debian python3-qgis)
and checks that each comes up styled: from the .qml beside the GeoJSON and from the
GeoPackage's layer_styles table, with the expected renderer and classes, and with every
data-driven size, width and colour expression evaluating on every feature.

Usage: /usr/bin/python3 Tests/QGIS/check_styles.py PATH/TO/chokepoint
Run by scripts/test. Exit status 1 on any failure, with one line per failure.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsExpression, QgsExpressionContext,  # noqa: E402
                       QgsExpressionContextUtils, QgsRenderContext, QgsVectorLayer)

ROOT = Path(__file__).resolve().parents[2]
# layer: (renderer type, classified field or None, number of classes or None)
EXPECTED = {
    "routes": ("categorizedSymbol", "rank", 3),
    "crossings": ("categorizedSymbol", "type", 5),
    "provinces": ("graduatedSymbol", "flow", 5),
    "links": ("categorizedSymbol", "mode", 7),
    "seizures": ("singleSymbol", None, None),
    "candidates": ("singleSymbol", None, None),
    "controls": ("singleSymbol", None, None),
    "displacement": ("singleSymbol", None, None),
    "displacement_links": ("singleSymbol", None, None),
}


def check(layer: QgsVectorLayer, name: str, source: str) -> list[str]:
    problems = []
    where = f"{name} ({source})"
    if not layer.isValid():
        return [f"{where}: QGIS cannot open the layer"]
    renderer = layer.renderer()
    kind, field, classes = EXPECTED[name]
    if renderer.type() != kind:
        return [f"{where}: renderer {renderer.type()}, expected {kind}: the style was not loaded"]
    if field is not None and renderer.classAttribute() != field:
        problems.append(f"{where}: classified on {renderer.classAttribute()}, expected {field}")
    if classes is not None:
        count = len(renderer.ranges()) if kind == "graduatedSymbol" else len(renderer.categories())
        if count != classes:
            problems.append(f"{where}: {count} classes, expected {classes}")
    context = QgsExpressionContext()
    context.appendScopes(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    for symbol in renderer.symbols(QgsRenderContext()):
        properties = symbol.symbolLayer(0).dataDefinedProperties()
        for key in properties.propertyKeys():
            prop = properties.property(key)
            if not prop.isActive():
                continue
            expression = QgsExpression(prop.expressionString())
            if expression.hasParserError():
                problems.append(f"{where}: expression {prop.expressionString()!r}: {expression.parserErrorString()}")
                continue
            expression.prepare(context)
            for feature in layer.getFeatures():
                context.setFeature(feature)
                value = expression.evaluate(context)
                if expression.hasEvalError() or value is None:
                    problems.append(f"{where}: feature {feature.id()}: {prop.expressionString()!r} gives "
                                    f"{expression.evalErrorString() or 'NULL'}")
                    break
                if isinstance(value, float) and not value > 0:
                    problems.append(f"{where}: feature {feature.id()}: size or width {value} is not positive")
                    break
    return problems


def main() -> int:
    binary = sys.argv[1]
    app = QgsApplication([], False)
    app.initQgis()
    problems = []
    with tempfile.TemporaryDirectory(prefix="chokepoint-qgis-") as out:
        subprocess.run([binary, "analyze", str(ROOT / "GeoData" / "mekong"), "--out", out, "--quiet", "--candidates",
                        "--controls", "2", "--close", "x-tay-trang"], check=True)
        for name in EXPECTED:
            for source, uri in [("geojson + qml", f"{out}/{name}.geojson"),
                                ("GeoPackage layer_styles", f"{out}/chokepoint.gpkg|layername={name}")]:
                problems += check(QgsVectorLayer(uri, name, "ogr"), name, source)
    app.exitQgis()
    for p in problems:
        print(p, file=sys.stderr)
    print(f"QGIS: {len(EXPECTED) * 2} layers opened, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
