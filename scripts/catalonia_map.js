// The coverage map's boundaries: Catalonia's 947 municipalities, cut out of es-atlas (npm,
// pinned in package-lock.json), the Spanish National Geographic Institute's (IGN) municipal
// boundaries as TopoJSON, CC BY 4.0. Features keep the INE code as id and the name.
// Usage: node scripts/catalonia_map.js <repository root> <output file>
'use strict';
const fs = require('fs');
const path = require('path');
const { feature } = require('topojson-client');
const { topology } = require('topojson-server');

const CATALAN_PROVINCES = ['08', '17', '25', '43']; // Barcelona, Girona, Lleida, Tarragona
const [root, output] = process.argv.slice(2);
const spain = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/es-atlas/es/municipalities.json'), 'utf8'));
const municipalities = spain.objects.municipalities.geometries.filter(
  (geometry) => CATALAN_PROVINCES.includes(String(geometry.id).padStart(5, '0').slice(0, 2))
);
if (municipalities.length !== 947) {
  throw new Error(`expected 947 Catalan municipalities in es-atlas, found ${municipalities.length}`);
}
const catalonia = feature(spain, { type: 'GeometryCollection', geometries: municipalities });
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, JSON.stringify(topology({ municipalities: catalonia }, 1e4)));
console.log(`${municipalities.length} municipalities written to ${output}`);
